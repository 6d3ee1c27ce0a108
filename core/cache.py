"""The Redis cache with a circuit breaker: after a failure it is skipped for a while instead of waited on.

Every page makes several cache calls (the page cache, the lexicon version, rate limits, sessions' messages). When
Redis dies, each call fails fast; when Redis *hangs* (accepts connections, never answers) each call waits its
socket timeout, and a page waits several of them. The breaker turns the first failure into `COOLDOWN` seconds of
misses answered at once (the site runs uncached, never stalls), then lets one call try again. It logs one line
when it opens, not a traceback per call.
"""

import functools
import logging
import threading
import time

from django_redis.cache import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

FAILURES = (RedisConnectionError, RedisTimeoutError, OSError)


class _Breaker:
    """Closed (open_until == 0): calls go to Redis. Open: calls are answered as misses until `open_until`; then one
    caller (and only one: the others keep skipping meanwhile) tries Redis again, which closes the breaker when it
    answers and opens it for another cooldown when it does not."""

    def __init__(self) -> None:
        self.open_until = 0.0
        self.lock = threading.Lock()

    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def allow(self, cooldown: float) -> bool:
        if self.open_until == 0.0:
            return True
        now = time.monotonic()
        if now < self.open_until:
            return False
        with self.lock:
            if self.open_until != 0.0 and now >= self.open_until:
                self.open_until = now + cooldown  # this caller tries; the others skip while it does
                return True
        return self.open_until == 0.0

    def succeeded(self) -> None:
        if self.open_until != 0.0:
            with self.lock:
                self.open_until = 0.0
            logger.warning("cache reachable again")

    def trip(self, cooldown: float, error: BaseException) -> None:
        with self.lock:
            already_open = self.open_until != 0.0
            self.open_until = time.monotonic() + cooldown
        if not already_open:
            logger.warning("cache unreachable (%s: %s); skipping it for %ss", type(error).__name__, error, cooldown)


def _guarded(name: str, miss):
    """Wrap RedisCache.<name>: while the breaker is open, or when Redis fails, answer `miss(args, kwargs)`."""
    method = getattr(RedisCache, name)

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        return self.guarded(lambda: method(self, *args, **kwargs), lambda: miss(args, kwargs))

    return call


def _default(args, kwargs):
    return kwargs.get("default", args[1] if len(args) > 1 else None)


class BreakerRedisCache(RedisCache):
    """django-redis with `IGNORE_EXCEPTIONS` off (so failures are seen here) and a per-process breaker.

    OPTIONS["BREAKER_COOLDOWN"]: seconds to skip Redis after a failure (default 10).
    """

    def __init__(self, server, params) -> None:
        options = dict(params.get("OPTIONS", {}))
        self.cooldown = float(options.pop("BREAKER_COOLDOWN", 10))
        options["IGNORE_EXCEPTIONS"] = False
        super().__init__(server, {**params, "OPTIONS": options})
        self.breaker = _Breaker()
        self._thread = threading.local()  # each thread's own connection for `mget_raw`

    get = _guarded("get", _default)
    get_many = _guarded("get_many", lambda a, k: {})
    set = _guarded("set", lambda a, k: False)
    add = _guarded("add", lambda a, k: False)
    set_many = _guarded("set_many", lambda a, k: [])
    delete = _guarded("delete", lambda a, k: False)
    delete_many = _guarded("delete_many", lambda a, k: 0)
    has_key = _guarded("has_key", lambda a, k: False)
    touch = _guarded("touch", lambda a, k: False)
    # django-ratelimit reads a None count as "cannot tell" and, with RATELIMIT_FAIL_OPEN, lets the request through.
    incr = _guarded("incr", lambda a, k: None)
    decr = _guarded("decr", lambda a, k: None)
    ttl = _guarded("ttl", lambda a, k: None)

    def guarded(self, call, miss):
        """`call()` behind the breaker: while it is open, or when Redis fails (the breaker then opens, with one log
        line), `miss()`. Also for callers that talk to the raw client (`self.client.get_client()`)."""
        if not self.breaker.allow(self.cooldown):
            return miss()
        try:
            result = call()
        except FAILURES as error:
            self.breaker.trip(self.cooldown, error)
            return miss()
        self.breaker.succeeded()
        return result

    def get_many_fast(self, keys: list[str]) -> dict:
        """`get_many` in one MGET on the raw client, behind the breaker. django-redis's own get_many spends about
        as much CPU again around the round trip; on a page-cache hit (core/pagecache.py) that is most of the work."""
        values = self.guarded(
            lambda: self.client.get_client(write=False).mget([self.make_key(key) for key in keys]), lambda: None
        )
        if values is None:
            return {}
        decode = self.client.decode
        return {key: decode(value) for key, value in zip(keys, values, strict=True) if value is not None}

    def mget_command(self, keys: list[str]) -> list[bytes]:
        """The packed `MGET` of `keys` (with this cache's key prefix and version), for `mget_raw`."""
        return self._connection().pack_command("MGET", *[self.make_key(key) for key in keys])

    def mget_raw(self, command: list[bytes]) -> list[bytes | None] | None:
        """Send a packed `MGET` (`mget_command`) on this thread's own connection and return the values undecoded,
        or None while the breaker is open or when Redis fails (which opens it).

        The page cache's hit check before Django (core/pagecache.py): on a hit this round trip is most of the work,
        and the connection pool's checkout, health check, retry and instrumentation around it cost more CPU than
        the round trip itself. The connection is made from the pool's settings (timeouts included) and kept by the
        thread; any failure disconnects it, and the next call connects again."""
        return self.guarded(lambda: self._mget_raw(command), lambda: None)

    def _connection(self):
        conn = getattr(self._thread, "conn", None)
        if conn is None:
            pool = self.client.get_client(write=False).connection_pool
            conn = self._thread.conn = pool.connection_class(**pool.connection_kwargs)
        return conn

    def _mget_raw(self, command: list[bytes]) -> list[bytes | None]:
        conn = self._connection()
        try:
            conn.send_packed_command(command, check_health=False)
            return conn.read_response()
        except RedisTimeoutError:
            raise  # a hung Redis: no second wait
        except (RedisConnectionError, OSError):
            # A kept socket that Redis closed (a restart, an idle timeout) fails once: try one new connection
            # before counting Redis as down, as the pool's own retry would.
            conn.disconnect()
            conn.send_packed_command(command, check_health=False)
            return conn.read_response()
        except BaseException:
            conn.disconnect()  # whatever was half sent or half read must not meet the next command
            raise
