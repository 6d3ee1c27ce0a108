"""Retention: what the law requires to be kept (content snapshots, the audit log, decisions, login records) is kept
`settings.RETENTION_DAYS` days (at least 180, checked when the settings load) and purged after that by
`accounts.tasks.retention_purge` (Celery beat, daily). Each app purges its own records through its provider
(`accounts.personal_data`), one transaction each, so a failure in one leaves the others done and the next run
finishes the job (the purge is idempotent)."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .personal_data import providers

logger = logging.getLogger(__name__)
MINIMUM_DAYS = 180


def retention_cutoff(*, now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=max(settings.RETENTION_DAYS, MINIMUM_DAYS))


def retention_purge(*, now: datetime | None = None) -> dict[str, int]:
    """Delete every retained record older than the retention period; returns counts by `provider.kind`."""
    cutoff = retention_cutoff(now=now)
    counts: dict[str, int] = {}
    for provider in providers():
        with transaction.atomic():
            for kind, count in provider.purge(cutoff).items():
                counts[f"{provider.name}.{kind}"] = count
    logger.info("retention purge before %s: %s", cutoff.isoformat(), counts)
    return counts
