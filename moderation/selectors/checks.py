"""Reads for the automatic-check pipeline: what the sweep re-enqueues, what a re-scan visits, recent fingerprints
for near-duplicate detection, and a re-scan's progress."""

from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone

from ..models import ContentCheck

DUPLICATE_WINDOW = timedelta(days=7)
RECENT_FINGERPRINTS = 5000
RESCAN_KEY = "moderation:rescan:{job_id}"
RESCAN_TIMEOUT = 86400


def checks_stale_ids(*, cutoff: datetime) -> list[int]:
    """Checks pending since before `cutoff` and not enqueued since (never enqueued, or lost on the way)."""
    stale = ContentCheck.objects.filter(status=ContentCheck.Status.PENDING, created_at__lt=cutoff).exclude(
        enqueued_at__gte=cutoff
    )
    return list(stale.values_list("pk", flat=True))


def check_recent_fingerprints(*, check: ContentCheck) -> list[tuple[int, int]]:
    """(stored fingerprint, check id) of content other accounts had checked in the last 7 days, newest first."""
    since = timezone.now() - DUPLICATE_WINDOW
    rows = (
        ContentCheck.objects.filter(created_at__gte=since, fingerprint__isnull=False)
        .exclude(owner_id=check.owner_id)
        .exclude(target_type_id=check.target_type_id, target_id=check.target_id)
        .order_by("-created_at")
        .values_list("fingerprint", "pk")[:RECENT_FINGERPRINTS]
    )
    return list(rows)


def checks_latest_targets() -> list[tuple[int, int, int | None]]:
    """(content type, id, revision) of each target's latest finished check."""
    latest: dict[tuple[int, int], int | None] = {}
    rows = ContentCheck.objects.filter(status=ContentCheck.Status.DONE).order_by("created_at")
    for type_id, target_id, revision_id in rows.values_list("target_type_id", "target_id", "revision_id"):
        latest[(type_id, target_id)] = revision_id
    return [(t, i, r) for (t, i), r in latest.items()]


def rescan_progress(*, job_id: str) -> dict | None:
    """{"total", "done", "rechecked", "finished"} of a re-scan, or None for an unknown (or expired) job."""
    return cache.get(RESCAN_KEY.format(job_id=job_id))
