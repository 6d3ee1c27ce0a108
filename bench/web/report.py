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


def rounds(out: Path, name: str, who: str) -> list[dict]:
    """Each round's figures for one page and server (`<page>.<who>.<round>.txt`; a run before rounds: one file),
    with the workers' CPU time per request where run.sh recorded it (`.cpu`: clock ticks and ticks per second)."""
    files = sorted(out.glob(f"{name}.{who}.*.txt"), key=lambda p: int(p.stem.rsplit(".", 1)[1]))
    runs = []
    for path in files or [out / f"{name}.{who}.txt"]:
        run = parse(path)
        cpu = path.with_suffix(".cpu")
        if cpu.exists():
            ticks, per_second = (int(v) for v in cpu.read_text().split())
            run["cpu_us_per_req"] = ticks / per_second * 1e6 / run["requests"]
        runs.append(run)
    return runs


def combined(runs: list[dict]) -> dict:
    """The rounds together: mean req/s and latencies, summed requests and errors."""
    return {
        "req_s": sum(r["req_s"] for r in runs) / len(runs),
        "p50_ms": sum(r["p50_ms"] for r in runs) / len(runs),
        "p99_ms": sum(r["p99_ms"] for r in runs) / len(runs),
        "requests": sum(r["requests"] for r in runs),
        "non_2xx": sum(r["non_2xx"] for r in runs),
        "socket_errors": "; ".join(r["socket_errors"] for r in runs if r["socket_errors"]),
        # CPU over all rounds' requests (not a mean of means): the rounds' total CPU time / their total requests.
        "cpu_us_per_req": (
            sum(r["cpu_us_per_req"] * r["requests"] for r in runs) / sum(r["requests"] for r in runs)
            if all("cpu_us_per_req" in r for r in runs)
            else None
        ),
        "rounds": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--threads", default="2")
    parser.add_argument("--connections", default="8")
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--rounds", default="1")
    args = parser.parse_args()
    rows = {}
    print()
    print(
        f"{'page':<9}{'bytes':>8}{'app req/s':>11}{'p50 ms':>9}{'p99 ms':>9}{'bare req/s':>12}{'p50 ms':>9}"
        f"{'p99 ms':>9}{'ratio':>8}  {'rounds':<18}{'CPU us/req app':>15}{'bare':>6}{'ratio':>7}  goal"
    )
    for name in ("article", "home", "search"):
        app_runs, bare_runs = rounds(args.out, name, "app"), rounds(args.out, name, "bare")
        app, bare = combined(app_runs), combined(bare_runs)
        size = int((args.out / f"{name}.size").read_text())
        ratio = app["req_s"] / bare["req_s"]
        per_round = [a["req_s"] / b["req_s"] for a, b in zip(app_runs, bare_runs, strict=True)]
        goal = GOALS.get(name)
        verdict = "-" if goal is None else (f">= {goal}x met" if ratio >= goal else f">= {goal}x MISSED")
        if app["non_2xx"] or bare["non_2xx"]:
            verdict += f" (non-2xx: app {app['non_2xx']}, bare {bare['non_2xx']})"
        rows[name] = {
            "bytes": size,
            "app": app,
            "bare": bare,
            "ratio": round(ratio, 3),
            "round_ratios": [round(r, 3) for r in per_round],
            "goal": goal,
        }
        shown = " ".join(f"{r:.2f}" for r in per_round)
        cpu = "-"
        if app["cpu_us_per_req"] and bare["cpu_us_per_req"]:
            # as a throughput ratio: bare CPU per request over the project's (higher is better, like `ratio`)
            rows[name]["cpu_ratio"] = round(bare["cpu_us_per_req"] / app["cpu_us_per_req"], 3)
            cpu = f"{app['cpu_us_per_req']:>15.0f}{bare['cpu_us_per_req']:>6.0f}{rows[name]['cpu_ratio']:>6.2f}x"
        print(
            f"{name:<9}{size:>8}{app['req_s']:>11.1f}{app['p50_ms']:>9.2f}{app['p99_ms']:>9.2f}"
            f"{bare['req_s']:>12.1f}{bare['p50_ms']:>9.2f}{bare['p99_ms']:>9.2f}{ratio:>7.2f}x  {shown:<18}{cpu}  "
            f"{verdict}"
        )
    settings = {
        "workers": 2,
        "threads": args.threads,
        "connections": args.connections,
        "duration": args.duration,
        "rounds": args.rounds,
    }
    common.env_setup()
    common.write_results("web", {"settings": settings, "raw_dir": str(args.out.relative_to(ROOT)), "pages": rows})
    (args.out / "summary.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
