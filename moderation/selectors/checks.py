"""Reads for the automatic-check pipeline: what the sweep re-enqueues, what a re-scan visits, recent fingerprints
for near-duplicate detection, the policy and the author's context a scan is given, and a re-scan's progress."""

import logging
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone

from accounts.selectors import trust_level

from ..engine import Context, Policy
from ..models import CheckPolicy, ContentCheck, Sanction

log = logging.getLogger(__name__)

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


def check_policy_current() -> tuple[CheckPolicy | None, Policy]:
    """The newest policy row and the engine's Policy for it; without a row (or with one the engine no longer
    accepts, logged) the engine's default policy."""
    row = CheckPolicy.objects.order_by("-pk").first()
    if row is None:
        return None, Policy.default()
    try:
        return row, Policy.from_dict(row.data)
    except ValueError:
        log.exception("check policy #%s is not valid for this engine; using the default policy", row.pk)
        return row, Policy.default()


def check_context(*, owner, now: datetime | None = None) -> Context:
    """What the engine is told about the content's author: the account's age in days, its sanctions that were not
    overturned, and its trust level (TL0-TL2, `accounts.selectors.trust_level`)."""
    if owner is None:
        return Context()
    now = now or timezone.now()
    age = (now - owner.date_joined).total_seconds() / 86400 if owner.date_joined else None
    sanctions = Sanction.objects.filter(account_id=owner.pk).exclude(status=Sanction.Status.OVERTURNED).count()
    return Context(account_age_days=age, prior_sanctions=sanctions, trust_level=trust_level(owner, now=now))
