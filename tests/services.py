"""Which real services the test run has, and how to ask for one from a test.

`make test` runs on PostgreSQL and Redis; `make test-quick` on SQLite without Redis, where tests that need a
service skip with the reason printed. With REQUIRE_SERVICES=1 (CI) a missing service fails instead of skipping.
"""

import contextlib
import os
import shutil
from functools import cache

import pytest
from django.conf import settings


def required() -> bool:
    return os.environ.get("REQUIRE_SERVICES", "") == "1"


def is_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


@cache
def redis_ok() -> bool:
    if not settings.REDIS_URL:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def need(kind: str) -> None:
    """Skip (or fail under REQUIRE_SERVICES=1) unless the service `kind` is available."""
    reasons = {
        "postgres": (is_postgres, "needs PostgreSQL (DATABASE_URL=postgres://...)"),
        "redis": (redis_ok, f"needs Redis (REDIS_URL={settings.REDIS_URL or 'unset'})"),
        "worker": (lambda: redis_ok() and is_postgres(), "needs a real Celery worker: PostgreSQL and Redis"),
        "browser": (
            lambda: chromium_path() is not None and is_postgres() and redis_ok(),
            "needs Chromium (make browser), PostgreSQL and Redis",
        ),
    }
    check, reason = reasons[kind]
    if check():
        return
    if required():
        pytest.fail(f"REQUIRE_SERVICES=1 but this test {reason}")
    pytest.skip(reason)


def _redis_port() -> int:
    from urllib.parse import urlparse

    return urlparse(settings.REDIS_URL).port or 6379


def redis_stop() -> None:
    """Stop the local Redis server (as an outage would). Only for a Redis on this machine."""
    import redis

    with contextlib.suppress(redis.ConnectionError):  # shutting down closes the connection under us
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).shutdown(nosave=True)
    redis_ok.cache_clear()


def redis_start(timeout: float = 20) -> None:
    """Start the local Redis server again, the way this machine starts it, and wait until it answers."""
    import subprocess
    import time

    import redis

    os.makedirs("/var/lib/redis", exist_ok=True)
    subprocess.run(
        [
            "redis-server",
            "--daemonize",
            "yes",
            "--bind",
            "127.0.0.1",
            "--port",
            str(_redis_port()),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            "/var/lib/redis",
        ],
        check=True,
        capture_output=True,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping():
                redis_ok.cache_clear()
                return
        except redis.ConnectionError:
            time.sleep(0.2)
    raise RuntimeError("Redis did not come back")


def can_restart_redis() -> bool:
    from urllib.parse import urlparse

    return shutil.which("redis-server") is not None and urlparse(settings.REDIS_URL).hostname in {
        "127.0.0.1",
        "localhost",
    }


@contextlib.contextmanager
def private_redis():
    """A Redis server of the test's own on a free port (never the machine's), yielded as its process and URL.

    Pause it with `process.send_signal(signal.SIGSTOP)` (a hung Redis: the kernel still accepts connections,
    nothing answers) and resume it with SIGCONT; it is killed on exit."""
    import signal
    import socket
    import subprocess
    import time

    import redis

    if shutil.which("redis-server") is None:
        need("redis")  # fails under REQUIRE_SERVICES, skips otherwise
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                if redis.Redis.from_url(url, socket_connect_timeout=0.5).ping():
                    break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield process, url
    finally:
        process.send_signal(signal.SIGCONT)
        process.kill()
        process.wait(timeout=10)
