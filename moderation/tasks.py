"""Celery tasks: thin, idempotent, ids in; the work is in `moderation.checks`."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import checks


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=8,
)
def content_check(check_id: int) -> str:
    return checks.check_run(check_id=check_id).verdict


@shared_task
def checks_sweep() -> int:
    return checks.checks_sweep()


@shared_task(acks_late=True)
def lexicon_rescan(job_id: str, batch_size: int = 200) -> int:
    return checks.rescan_published(job_id=job_id, batch_size=batch_size)
