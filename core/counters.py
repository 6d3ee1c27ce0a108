"""Buffered counters: many cheap increments in Redis (or in this process), drained in one batch by a periodic task.

A page view must not write a database row, so read and like counts are added here (a Redis hash per counter name,
`HINCRBY`) and a periodic task drains each hash and applies the sums in a few statements. Without Redis (the
embedded default: local-memory cache, tasks in-process) the same buffer lives in this process.

Counts are approximate by design: while Redis is unreachable (the cache's circuit breaker is open, core/cache.py)
increments are dropped, never raised, and never waited on.

Hand-written rather than a library: what is needed is four Redis hash commands behind the project's own breaker,
and an in-process twin for the default set-up; the counter libraries for Django write to the database per hit.
"""

import threading
from collections import defaultdict

from django.conf import settings
from django.core.cache import caches

from .cache import FAILURES, BreakerRedisCache


class LocalCounters:
    """One process's buffer: exact for the embedded default (runserver, tasks in-process)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.data: dict[str, dict[str, int | str]] = defaultdict(dict)

    def add(self, name: str, fields: dict[str, int]) -> None:
        with self.lock:
            bucket = self.data[name]
            for field, amount in fields.items():
                bucket[field] = int(bucket.get(field, 0)) + amount

    def put(self, name: str, fields: dict[str, str]) -> None:
        with self.lock:
            self.data[name].update(fields)

    def peek(self, name: str, fields: list[str]) -> dict[str, int]:
        with self.lock:
            bucket = self.data.get(name, {})
            return {f: int(bucket[f]) for f in fields if f in bucket}

    def drain(self, name: str) -> dict[str, str]:
        with self.lock:
            bucket = self.data.pop(name, {})
        return {k: str(v) for k, v in bucket.items()}

    def done(self, name: str) -> None:
        """Nothing to release: a local drain removes the bucket at once."""

    def clear(self) -> None:
        with self.lock:
            self.data.clear()


class RedisCounters:
    """Hashes in the cache's Redis, under the cache's key prefix, guarded by the cache's circuit breaker.

    A drain renames the live hash to `<key>:draining` (atomic: increments during the drain start a new hash) and
    leaves it there until `done()`, so a flush that failed before committing finds the same sums next time.
    """

    def __init__(self, backend: BreakerRedisCache) -> None:
        self.backend = backend
        self.prefix = f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:counters:"

    def _client(self):
        return self.backend.client.get_client(write=True)

    def _guard(self, call, miss):
        if self.backend.breaker.is_open():
            return miss
        try:
            return call(self._client())
        except FAILURES as error:
            self.backend.breaker.trip(self.backend.cooldown, error)
            return miss

    def add(self, name: str, fields: dict[str, int]) -> None:
        def call(client):
            pipe = client.pipeline(transaction=False)
            for field, amount in fields.items():
                pipe.hincrby(self.prefix + name, field, amount)
            pipe.execute()

        self._guard(call, None)

    def put(self, name: str, fields: dict[str, str]) -> None:
        self._guard(lambda client: client.hset(self.prefix + name, mapping=fields), None)

    def peek(self, name: str, fields: list[str]) -> dict[str, int]:
        if not fields:
            return {}
        values = self._guard(lambda client: client.hmget(self.prefix + name, fields), [None] * len(fields))
        return {f: int(v) for f, v in zip(fields, values, strict=True) if v is not None}

    def drain(self, name: str) -> dict[str, str]:
        key, draining = self.prefix + name, self.prefix + name + ":draining"

        def call(client):
            if not client.exists(draining):
                if not client.exists(key):
                    return {}
                client.rename(key, draining)
            return {k.decode(): v.decode() for k, v in client.hgetall(draining).items()}

        return self._guard(call, {})

    def done(self, name: str) -> None:
        self._guard(lambda client: client.delete(self.prefix + name + ":draining"), None)

    def clear(self) -> None:
        def call(client):
            keys = list(client.scan_iter(match=self.prefix + "*", count=1000))
            if keys:
                client.delete(*keys)

        self._guard(call, None)


_local = LocalCounters()


def store() -> LocalCounters | RedisCounters:
    """The buffer for this set-up: Redis when the cache is Redis, else this process's."""
    backend = caches["default"]
    if isinstance(backend, BreakerRedisCache):
        return RedisCounters(backend)
    return _local
