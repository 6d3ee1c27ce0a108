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


class PrivateRedis:
    """A Redis server of the test's own on a free port (never the machine's): started, stopped (an outage) and
    started again on the same port, so that clients configured with `url` reconnect to it."""

    def __init__(self) -> None:
        import socket

        if shutil.which("redis-server") is None:
            need("redis")  # fails under REQUIRE_SERVICES, skips otherwise
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self, timeout: float = 10) -> None:
        import subprocess
        import time

        import redis

        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                if redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping():
                    return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        """Kill the server, as an outage would (resumed first if a test paused it)."""
        import signal

        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=10)


@contextlib.contextmanager
def private_redis_server():
    """A started `PrivateRedis`, stopped on exit."""
    server = PrivateRedis()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def private_redis():
    """A Redis server of the test's own on a free port (never the machine's), yielded as its process and URL.

    Pause it with `process.send_signal(signal.SIGSTOP)` (a hung Redis: the kernel still accepts connections,
    nothing answers) and resume it with SIGCONT; it is killed on exit."""
    with private_redis_server() as server:
        yield server.process, server.url
