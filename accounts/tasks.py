"""Celery tasks of accounts: thin, idempotent, one service call."""

from celery import shared_task

from .retention import retention_purge as purge


@shared_task(acks_late=True)
def retention_purge() -> dict[str, int]:
    return purge()
