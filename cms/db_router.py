"""Reads from PostgreSQL replicas, writes to the primary: on only when DATABASE_REPLICA_URLS is set.

A request that has written (or runs inside a transaction) reads from the primary for the rest of that thread's work,
so that a user never misses their own write because a replica lags behind.
"""

import random
import threading

from django.conf import settings
from django.db import transaction

_state = threading.local()


def replicas() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        if getattr(_state, "wrote", False) or transaction.get_connection("default").in_atomic_block:
            return "default"
        choices = replicas()
        return random.choice(choices) if choices else "default"  # noqa: S311 - load spreading, not security

    def db_for_write(self, model, **hints) -> str:
        _state.wrote = True
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # replicas hold the same data as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == "default"


class StickToPrimaryAfterWriteMiddleware:
    """Resets the per-thread 'has written' flag at the start of each request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _state.wrote = request.method not in ("GET", "HEAD", "OPTIONS")
        try:
            return self.get_response(request)
        finally:
            _state.wrote = False
