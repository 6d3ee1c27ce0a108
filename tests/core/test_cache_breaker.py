"""A dead or hung Redis makes the cache miss at once, after one timeout, with one log line: the site never stalls."""

import logging
import socket
import threading
import time

import pytest

from core.cache import BreakerRedisCache


@pytest.fixture
def hung_redis():
    """A server that accepts connections and never answers, like a paused Redis."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(50)
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


def _cache(location: str, cooldown: float = 10) -> BreakerRedisCache:
    options = {"SOCKET_CONNECT_TIMEOUT": 0.3, "SOCKET_TIMEOUT": 0.3, "BREAKER_COOLDOWN": cooldown}
    return BreakerRedisCache(location, {"OPTIONS": options, "KEY_PREFIX": "breaker-test"})


def test_a_hung_redis_costs_one_timeout_then_misses_at_once(hung_redis, caplog):
    cache = _cache(hung_redis)
    caplog.set_level(logging.WARNING, logger="core.cache")
    started = time.monotonic()
    assert cache.get("page", "fallback") == "fallback"
    first = time.monotonic() - started
    started = time.monotonic()
    for _ in range(50):
        assert cache.get_many(["a", "b"]) == {}
        assert cache.set("a", 1) is False
        assert cache.add("b", 1) is False
    rest = time.monotonic() - started
    assert first < 1.0
    assert rest < 0.2  # 150 calls answered without touching the socket
    breaker_lines = [r for r in caplog.records if r.name == "core.cache"]
    assert len(breaker_lines) == 1
    assert breaker_lines[0].exc_info is None  # one line, no traceback


def test_a_dead_redis_misses_and_rate_limit_counts_fail_open():
    cache = _cache("redis://127.0.0.1:1/0")
    assert cache.get("x") is None
    assert cache.incr("counter") is None
    assert cache.delete("x") is False


def test_the_breaker_tries_again_after_its_cooldown(hung_redis):
    cache = _cache(hung_redis, cooldown=0.2)
    cache.get("x")
    assert cache.breaker.is_open()
    time.sleep(0.25)
    assert not cache.breaker.is_open()


@pytest.mark.redis
def test_a_live_redis_is_used_normally(settings):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL")
    cache = _cache(settings.REDIS_URL)
    cache.set("breaker-live", 42, 5)
    assert cache.get("breaker-live") == 42
    assert not cache.breaker.is_open()


def test_after_its_cooldown_one_caller_tries_redis_while_the_others_keep_skipping(hung_redis):
    """Half-open: when the cooldown ends under load, one request pays the timeout of trying a still-hung Redis, not
    every thread that happens to call at that moment."""
    cache = _cache(hung_redis, cooldown=0.3)
    cache.get("x")  # trips the breaker
    time.sleep(0.35)
    barrier = threading.Barrier(8)
    waited: list[float] = []

    def call():
        barrier.wait()
        started = time.monotonic()
        cache.get("page")
        waited.append(time.monotonic() - started)

    threads = [threading.Thread(target=call) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(1 for w in waited if w >= 0.2) == 1  # the one trial waited its socket timeout
    assert cache.breaker.is_open()  # and opened the breaker again


def test_the_breaker_closes_when_redis_answers_again(hung_redis, caplog):
    cache = _cache(hung_redis, cooldown=0.1)
    caplog.set_level(logging.WARNING, logger="core.cache")
    cache.get("x")
    cache.breaker.open_until = time.monotonic() - 1  # cooldown over
    from unittest import mock

    with mock.patch.object(cache.client, "get", return_value="back"):  # Redis answers again
        assert cache.get("x") == "back"
    assert cache.breaker.open_until == 0.0
    assert [r.getMessage() for r in caplog.records if r.name == "core.cache"][-1] == "cache reachable again"
