"""Parse the wrk outputs written by bench/web/run.sh, print the table with ratios and write the JSON result."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path[0] = str(ROOT)  # not bench/web/: keep imports to the repository root

from bench import common  # noqa: E402

GOALS = {"article": 0.7, "home": 0.6}  # issue 14
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * _UNITS[unit]


def parse(path: Path) -> dict:
    text = path.read_text()
    out = {
        "req_s": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
        "p50_ms": _ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1)),
        "p99_ms": _ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1)),
        "requests": int(re.search(r"(\d+) requests in", text).group(1)),
    }
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    out["non_2xx"] = int(errors.group(1)) if errors else 0
    socket = re.search(r"Socket errors:.*", text)
    out["socket_errors"] = socket.group(0) if socket else ""
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--threads", default="2")
    parser.add_argument("--connections", default="8")
    parser.add_argument("--duration", default="10s")
    args = parser.parse_args()
    rows = {}
    print()
    print(
        f"{'page':<9}{'bytes':>8}{'app req/s':>11}{'p50 ms':>9}{'p99 ms':>9}{'bare req/s':>12}{'p50 ms':>9}"
        f"{'p99 ms':>9}{'ratio':>8}  goal"
    )
    for name in ("article", "home", "search"):
        app, bare = parse(args.out / f"{name}.app.txt"), parse(args.out / f"{name}.bare.txt")
        size = int((args.out / f"{name}.size").read_text())
        ratio = app["req_s"] / bare["req_s"]
        goal = GOALS.get(name)
        verdict = "-" if goal is None else (f">= {goal}x met" if ratio >= goal else f">= {goal}x MISSED")
        if app["non_2xx"] or bare["non_2xx"]:
            verdict += f" (non-2xx: app {app['non_2xx']}, bare {bare['non_2xx']})"
        rows[name] = {"bytes": size, "app": app, "bare": bare, "ratio": round(ratio, 3), "goal": goal}
        print(
            f"{name:<9}{size:>8}{app['req_s']:>11.1f}{app['p50_ms']:>9.2f}{app['p99_ms']:>9.2f}"
            f"{bare['req_s']:>12.1f}{bare['p50_ms']:>9.2f}{bare['p99_ms']:>9.2f}{ratio:>7.2f}x  {verdict}"
        )
    settings = {"workers": 2, "threads": args.threads, "connections": args.connections, "duration": args.duration}
    common.env_setup()
    common.write_results("web", {"settings": settings, "raw_dir": str(args.out.relative_to(ROOT)), "pages": rows})
    (args.out / "summary.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
