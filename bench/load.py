"""Mixed load against the production set-up: 200 reader connections while comment, publish, edit and decide loops
write; then the database is checked: every acknowledged write there exactly once, every check at a verdict.

    .venv/bin/python bench/load.py [--connections 200] [--duration 60] [--baseline 20] [--soak 0]

Set-up (bench/loadkit.py): gunicorn with gunicorn.conf.py (gthread; WEB_WORKERS, WEB_THREADS to compare), DEBUG=0,
PostgreSQL `cms_bench` (DATABASE_URL; created and migrated; `manage.py demo` content is added when it has fewer
than three published articles), Redis db 5, a real Celery worker with beat on its own queue. Readers are wrk
(Debian's package) cycling over the home page, three articles, a category and a search.

Phases, in one run: a baseline of readers alone (--baseline seconds), then readers with writers (--duration), then
the database check. With --soak N: N more seconds of 50 readers and the writers, sampling the web workers' RSS every
10 s with worker recycling off (the memory curve). Prints a table and writes bench/results/load-*.json.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: bench/queue.py would shadow the standard library's `queue`

from bench import common, loadkit  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--baseline", type=int, default=20)
    parser.add_argument("--soak", type=int, default=0)
    args = parser.parse_args()

    # The bench accounts log in through a session made for them; the site's write requirements that a browser
    # meets by hand (a verified phone, MFA for staff) are off for the run.
    os.environ.setdefault("PHONE_VERIFICATION_REQUIRED", "0")
    os.environ.setdefault("MFA_REQUIRED_FOR_STAFF", "0")
    common.django_setup()
    from django.core.management import call_command

    from articles.models import Article

    if Article.objects.filter(status=Article.Status.PUBLISHED).count() < 3:
        call_command("demo", verbosity=0)

    out = common.RESULTS / f"load-{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
    out.mkdir(parents=True, exist_ok=True)
    site = loadkit.Site(port=loadkit.free_port(), out=out)
    results: dict = {"machine": common.machine(), "args": vars(args)}
    try:
        site.start_worker()
        site.start_web(**({"WEB_MAX_REQUESTS": "0"} if args.soak else {}))
        plan = loadkit.plan(site.base)
        paths = loadkit.reader_paths(plan)
        time.sleep(3)  # the worker publishes the edit loop's article
        loadkit.wrk(site.base, paths, connections=20, seconds=3, out=out, name="warmup")

        results["baseline"] = loadkit.wrk(
            site.base, paths, connections=args.connections, seconds=args.baseline, out=out, name="baseline"
        )
        since = datetime.now(UTC)
        run = f"load{int(time.time())}"
        ledger = loadkit.Ledger()
        stop = threading.Event()
        writers = loadkit.start_writers(site.base, plan, stop, ledger, run)
        results["mixed"] = loadkit.wrk(
            site.base, paths, connections=args.connections, seconds=args.duration, out=out, name="mixed"
        )
        if args.soak:
            results["soak"] = soak(site, paths, args.soak, out)
        stop.set()
        for t in writers:
            t.join(timeout=30)
        results["writes"] = loadkit.verify(ledger, run, since=since)
    finally:
        site.stop()

    report(results)
    path = common.write_results("load", results)
    print(f"\nresults: {path}  (wrk output and server logs: {out})")
    writes = results["writes"]
    bad = sum(w["missing"] + w["duplicated"] for k, w in writes.items() if isinstance(w, dict) and "missing" in w)
    return 1 if bad or writes["checks"]["pending"] or writes["checks"]["failed"] else 0


def soak(site: loadkit.Site, paths: list[str], seconds: int, out: Path) -> list[dict]:
    curve: list[dict] = []
    done = threading.Event()

    def sample():
        started = time.monotonic()
        while not done.is_set():
            pids = site.web_worker_pids()
            curve.append(
                {
                    "t_s": round(time.monotonic() - started),
                    "rss_mb": [round(loadkit.rss_mb(pid), 1) for pid in pids],
                }
            )
            done.wait(10)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    loadkit.wrk(site.base, paths, connections=50, seconds=seconds, out=out, name="soak")
    done.set()
    sampler.join(timeout=15)
    return curve


def report(results: dict) -> None:
    print(f"\n{'phase':<10} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7}")
    for phase in ("baseline", "mixed"):
        r = results.get(phase)
        if r:
            errors = r["non_2xx"] + r["socket_errors"]
            print(
                f"{phase:<10} {r['rps']:>8.0f} {r.get('p50_ms', 0):>8.1f} {r.get('p90_ms', 0):>8.1f} "
                f"{r.get('p99_ms', 0):>8.1f} {r['max_ms']:>8.1f} {errors:>7}"
            )
    if results.get("baseline") and results.get("mixed") and results["baseline"]["rps"]:
        print(f"mixed / readers alone: {results['mixed']['rps'] / results['baseline']['rps']:.2f}x throughput")
    writes = results.get("writes", {})
    print(f"\n{'writes':<10} {'acked':>7} {'missing':>8} {'doubled':>8}")
    for kind in ("comments", "articles", "edits", "decisions"):
        w = writes.get(kind)
        if w:
            print(f"{kind:<10} {w['acknowledged']:>7} {w['missing']:>8} {w['duplicated']:>8}")
    checks = writes.get("checks", {})
    print(f"checks: {checks.get('total', 0)} run, {checks.get('pending', 0)} pending, {checks.get('failed', 0)} failed")
    print(f"refused by the site (limits, conflicts): {writes.get('refused', 0)} {writes.get('refused_by', {})}")
    print(f"writer errors: {writes.get('writer_error_count', 0)} {writes.get('writer_errors', [])[:3]}")
    for point in results.get("soak", []):
        print(f"soak t={point['t_s']:>4}s RSS MB {point['rss_mb']}")


if __name__ == "__main__":
    raise SystemExit(main())
