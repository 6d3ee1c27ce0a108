"""Shared set-up for the on-demand benchmarks: environment, Django, timing statistics and the results file.

Every benchmark script starts with

    ROOT = Path(__file__).resolve().parent.parent
    sys.path[0] = str(ROOT)  # not bench/: bench/queue.py would shadow the standard library's `queue`
    from bench import common

and then calls `common.django_setup()`. The defaults point at the dedicated database `cms_bench` and Redis db 5;
override them with the usual variables (DATABASE_URL, REDIS_URL). A script refuses a database whose name does not
contain "bench", because the seeders wipe tables.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"

DEFAULTS = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/cms_bench",
    "REDIS_URL": "redis://127.0.0.1:6379/5",
    "CACHE_KEY_PREFIX": "cms-bench",
    "CELERY_QUEUE": "cms-bench",
    # Production-like: DEBUG off (no query log, no debug templates); plain HTTP on loopback, so no SSL redirect.
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_HSTS_SECONDS": "0",
    "LOG_LEVEL": "ERROR",
    # The benchmarks log staff in with force_login and no TOTP device (DEBUG=0 would otherwise send every staff
    # request to the MFA set-up page).
    "MFA_REQUIRED_FOR_STAFF": "0",
    # DEBUG=0 uses the manifest static storage: pages need collectstatic, done here, away from the app's own folder.
    "STATIC_ROOT": str(ROOT / "bench" / "results" / "staticfiles"),
}


def env_setup() -> dict[str, str]:
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    return {key: os.environ[key] for key in DEFAULTS}


def ensure_database() -> str:
    """Create the benchmark database if it is missing (PostgreSQL only). Returns its name."""
    import environ
    import psycopg2
    from psycopg2 import sql
    from psycopg2.extensions import ISOLATION_LEVEL_AUTOCOMMIT

    db = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    name = db["NAME"]
    if "bench" not in name:
        raise SystemExit(f"refusing to run against database {name!r}: its name must contain 'bench'")
    conn = psycopg2.connect(
        dbname="postgres",
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
    )
    conn.set_isolation_level(ISOLATION_LEVEL_AUTOCOMMIT)
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")
    conn.close()
    return name


def django_setup(*, migrate: bool = True) -> None:
    env_setup()
    ensure_database()
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        # Every run: a manifest left by an older checkout would lack newer files (a 500 on every page).
        call_command("collectstatic", verbosity=0, interactive=False)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary(samples_ms: list[float]) -> dict[str, float]:
    return {
        "n": len(samples_ms),
        "p50_ms": round(percentile(samples_ms, 50), 3),
        "p95_ms": round(percentile(samples_ms, 95), 3),
        "p99_ms": round(percentile(samples_ms, 99), 3),
        "mean_ms": round(statistics.fmean(samples_ms), 3),
        "max_ms": round(max(samples_ms), 3),
    }


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def fmt(stats: dict[str, float]) -> str:
    return (
        f"p50 {stats['p50_ms']:8.2f} ms  p95 {stats['p95_ms']:8.2f} ms  p99 {stats['p99_ms']:8.2f} ms  (n={stats['n']})"
    )


def machine() -> dict[str, object]:
    info: dict[str, object] = {"cpus": os.cpu_count(), "python": platform.python_version(), "host": platform.node()}
    try:
        with open("/proc/meminfo") as meminfo:
            kb = int(meminfo.readline().split()[1])
        info["memory_gib"] = round(kb / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            info["postgresql"] = cursor.fetchone()[0]
    except Exception:  # noqa: BLE001 - informational only
        pass
    try:
        out = subprocess.run(
            ["redis-cli", "-u", os.environ.get("REDIS_URL", ""), "INFO", "server"], capture_output=True
        )
        for line in out.stdout.decode().splitlines():
            if line.startswith("redis_version:"):
                info["redis"] = line.split(":", 1)[1].strip()
    except OSError:
        pass
    return info


def write_results(name: str, results: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    payload = {"benchmark": name, "at": stamp, "machine": machine(), **results}
    path = RESULTS / f"{name}-{stamp}.json"
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
    latest = RESULTS / f"{name}-latest.json"
    latest.write_text(path.read_text())
    print(f"results: {path.relative_to(ROOT)}")
    return path
