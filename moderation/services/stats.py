"""The daily rollup of the moderators' statistics and the transparency report (see `moderation.models.stats`).

Closed days (before today, in the site's time zone) are computed once, by the Celery beat task
`moderation.tasks.stats_rollup` (the days still missing or marked dirty) and by `manage.py stats rollup` (backfill:
every day asked for is computed again and replaces what was there). Services that change the facts of a day already
computed mark it dirty (`stats_days_mark_dirty`); readers compute a dirty day live until the rollup replaces it.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models.functions import TruncDate
from django.utils import timezone

from ..models import Appeal, Case, Decision, Report, Sanction, StatsCount, StatsDay, StatsDirtyDay
from ..selectors import daily
from ..selectors.trends import TREND_WINDOWS, transparency_first_day

# Days computed per transaction by a backfill (a year is a dozen short transactions, not one long one).
CHUNK_DAYS = 31


def stats_horizon(*, now: datetime | None = None) -> tuple[date, date]:
    """The first and last closed day any page reads: the longest trend window or the transparency report's first
    month, whichever starts earlier, up to yesterday."""
    today = timezone.localdate(now or timezone.now())
    first = min(today - timedelta(days=max(TREND_WINDOWS) - 1), transparency_first_day(today))
    return first, today - timedelta(days=1)


def stats_days_rollup(*, days: Iterable[date], now: datetime | None = None) -> int:
    """Compute the given closed days from the source tables and store them, replacing what was stored (idempotent).
    Today and later days are skipped (they are always read live). Returns how many days were stored."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    wanted = sorted({d for d in days if d < today})
    for start in range(0, len(wanted), CHUNK_DAYS):
        _rollup_chunk(wanted[start : start + CHUNK_DAYS], now=now)
    return len(wanted)


@transaction.atomic
def _rollup_chunk(days: list[date], *, now: datetime) -> None:
    # The dirty marks go first: a change committed after this statement marks the day again (and the next run
    # computes it again); a change committed before it is seen by the reads below.
    StatsDirtyDay.objects.filter(day__in=days).delete()
    figures = daily.daily_figures(runs=daily.day_runs(days))
    StatsCount.objects.filter(day__in=days).delete()
    StatsDay.objects.filter(day__in=days).delete()
    rows, counts = [], []
    for day in days:
        fig = figures.get(day) or daily.DayFigures()
        rows.append(
            StatsDay(
                day=day,
                computed_at=now,
                wait_count=len(fig.waits),
                wait_median=daily.percentile(fig.waits, 0.5),
                wait_p90=daily.percentile(fig.waits, 0.9),
                wait_histogram=daily.wait_histogram(fig.waits),
            )
        )
        counts.extend(
            StatsCount(day=day, series=series, key=key, count=n) for (series, key), n in fig.counts.items() if n
        )
    # ignore_conflicts: a backfill and the beat task computing the same day at once store the same figures.
    StatsDay.objects.bulk_create(rows, ignore_conflicts=True)
    StatsCount.objects.bulk_create(counts, batch_size=2000, ignore_conflicts=True)


def stats_rollup_missing(*, now: datetime | None = None) -> int:
    """Compute the closed days of the horizon not yet computed, or marked dirty (the beat task). Returns how many."""
    first, last = stats_horizon(now=now)
    StatsDirtyDay.objects.filter(day__lt=first).delete()  # days no page reads any more
    done = set(StatsDay.objects.filter(day__gte=first, day__lte=last).values_list("day", flat=True))
    dirty = set(StatsDirtyDay.objects.filter(day__gte=first, day__lte=last).values_list("day", flat=True))
    span = (last - first).days + 1
    missing = [d for d in (first + timedelta(days=i) for i in range(span)) if d not in done or d in dirty]
    return stats_days_rollup(days=missing, now=now)


def stats_days_mark_dirty(*, moments: Iterable[datetime | date | None], now: datetime | None = None) -> None:
    """The facts of the days holding these moments changed: their stored figures are stale. Marks the closed days
    the pages read (today is read live anyway), computed or not: a day being computed right now is not visible yet,
    and its mark makes the next run compute it again. Call inside the transaction that changes them."""
    first, last = stats_horizon(now=now)
    days = {m if not isinstance(m, datetime) else timezone.localdate(m) for m in moments if m is not None}
    marks = [StatsDirtyDay(day=d) for d in sorted(days) if first <= d <= last]
    if marks:
        StatsDirtyDay.objects.bulk_create(marks)


def stats_days_mark_dirty_for_cases(*, case_ids: list[int], now: datetime | None = None) -> None:
    """Cases (with their reports, decisions, sanctions and appeals) are about to be deleted: mark every day they
    counted in. Call before deleting them, in the same transaction."""
    if not case_ids:
        return

    def days(queryset, field: str) -> list[date]:
        return list(
            queryset.exclude(**{f"{field}__isnull": True})
            .annotate(d=TruncDate(field))
            .values_list("d", flat=True)
            .distinct()
            .order_by()
        )

    moments: list[date] = []
    moments += days(Case.objects.filter(pk__in=case_ids), "opened_at")
    moments += days(Report.objects.filter(case_id__in=case_ids), "created_at")
    moments += days(Decision.objects.filter(case_id__in=case_ids), "created_at")
    moments += days(Sanction.objects.filter(decision__case_id__in=case_ids), "starts_at")
    moments += days(Appeal.objects.filter(decision__case_id__in=case_ids), "created_at")
    moments += days(Appeal.objects.filter(decision__case_id__in=case_ids), "reviewed_at")
    stats_days_mark_dirty(moments=moments, now=now)
