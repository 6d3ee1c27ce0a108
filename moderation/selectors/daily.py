"""Per-day aggregates read from the source tables (reports, cases, decisions, sanctions, appeals).

The rollup (`moderation.services.stats`) stores them for closed days; the statistics and the transparency report
compute the days the rollup has not (today, a day not yet computed or marked dirty) live with the same function.
Days are dates in the site's time zone. The days asked for are grouped into runs of consecutive days, and every
series is one query over all the runs (GROUP BY day), so the number of queries does not depend on how many days
or rows there are; each query is bounded by the rows of those days (every date column it filters on is indexed).
"""

import operator
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import reduce

from django.db import connection
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from ..models import Appeal, Case, Decision, Report, Sanction, StatsCount, StatsDay

Series = StatsCount.Series
REMOVING = (Decision.Action.REMOVE, Decision.Action.SANCTION)
ALL_SERIES = frozenset(Series.values) | {"wait"}
# What each page needs ("wait": the time to a first decision, a list of seconds per day).
TREND_SERIES = frozenset(
    {Series.REPORT, Series.CHECK_CASE, Series.ACTION, Series.CATEGORY, Series.WORKLOAD, Series.APPEAL_OUTCOME, "wait"}
)
TRANSPARENCY_SERIES = frozenset({Series.REPORT, Series.REMOVED, Series.SANCTION, Series.APPEAL})

# A day run: [first, last] (inclusive); last None = open-ended (today: whatever is stamped from its start on).
Run = tuple[date, date | None]


@dataclass
class DayFigures:
    """One day's counts {(series, key): n} and the seconds from opening to decision of each of its decisions."""

    counts: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    waits: list[float] = field(default_factory=list)


def day_start(day: date) -> datetime:
    """Local midnight at the start of `day` (aware, in the current time zone)."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def day_runs(days: Iterable[date], *, open_end: date | None = None) -> list[Run]:
    """Consecutive days grouped into runs; the run that reaches `open_end` (today) is left open-ended."""
    runs: list[list] = []
    for day in sorted(set(days)):
        if runs and runs[-1][1] == day - timedelta(days=1):
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [(first, None if open_end is not None and last >= open_end else last) for first, last in runs]


def _within(field_name: str, runs: list[Run]) -> Q:
    """`field_name` inside one of the runs (callers never pass an empty list)."""
    parts = []
    for first, last in runs:
        bounds = {f"{field_name}__gte": day_start(first)}
        if last is not None:
            bounds[f"{field_name}__lt"] = day_start(last + timedelta(days=1))
        parts.append(Q(**bounds))
    return reduce(operator.or_, parts)


def _single_day(runs: list[Run]) -> date | None:
    """The day, when the runs are one day only: today's run (open-ended, from today) or a closed one-day run."""
    if len(runs) != 1:
        return None
    first, last = runs[0]
    if last == first or (last is None and first >= timezone.localdate()):
        return first
    return None


def _counted(queryset, stamp: str, keys: tuple[str, ...], single: date | None):
    """Rows of (day, *keys, n): GROUP BY the local day of `stamp` and `keys`; for a single day, GROUP BY `keys` only
    and that day added in Python (no time-zone conversion per row: today's live query is the one on every page).
    Precondition: a single open-ended day is today (a row stamped after today's end, which the clocks never
    write, would count as today's)."""
    if single is None:
        yield from (
            queryset.annotate(day=TruncDate(stamp)).values_list("day", *keys).annotate(n=Count("id")).order_by()
        )
    elif not keys:
        n = queryset.aggregate(n=Count("id"))["n"]
        if n:
            yield (single, n)
    else:
        for row in queryset.values_list(*keys).annotate(n=Count("id")).order_by():
            yield (single, *row)


def daily_figures(*, runs: list[Run], series: frozenset[str] = ALL_SERIES) -> dict[date, DayFigures]:
    """{day: DayFigures} for every day in `runs` that has any row (a day without rows is absent).

    Keys, by series: see `StatsCount.Series`. The rules of each figure are those of the statistics page and the
    transparency report: readers' reports only; decisions by the day they were made, workload by moderator id;
    appeal outcomes by the day they were reviewed (pending ones not counted), one count per rule the decision cited;
    sanctions by the day they started, with the decision's category; appeals by the day they were filed.
    """
    out: dict[date, DayFigures] = defaultdict(DayFigures)
    if not runs:
        return out
    single = _single_day(runs)

    def add(day: date, name: str, key: object, n: int) -> None:
        if name in series:
            out[day].counts[(name, "" if key is None else str(key))] += n

    if Series.REPORT in series:
        readers = Report.objects.filter(_within("created_at", runs), source=Report.Source.REPORT)
        for day, code, n in _counted(readers, "created_at", ("category_code",), single):
            add(day, Series.REPORT, code, n)
    if Series.CHECK_CASE in series:
        checked = Case.objects.filter(_within("opened_at", runs), has_check=True)
        for day, n in _counted(checked, "opened_at", (), single):
            add(day, Series.CHECK_CASE, "", n)
    if {Series.ACTION, Series.CATEGORY, Series.WORKLOAD, Series.REMOVED} & series:
        decisions = Decision.objects.filter(_within("created_at", runs))
        keys = ("action", "category_code", "moderator_id", "content_hidden")
        for day, action, code, moderator_id, hidden, n in _counted(decisions, "created_at", keys, single):
            add(day, Series.ACTION, action, n)
            add(day, Series.CATEGORY, code, n)
            add(day, Series.WORKLOAD, f"{moderator_id}|{action}", n)
            if hidden and action in REMOVING:
                add(day, Series.REMOVED, code, n)
    if "wait" in series:
        wait = ExpressionWrapper(F("created_at") - F("case__opened_at"), output_field=DurationField())
        decisions = Decision.objects.filter(_within("created_at", runs)).annotate(wait=wait).order_by()
        if single is None:
            rows = decisions.annotate(day=TruncDate("created_at")).values_list("day", "wait")
        else:
            rows = ((single, value) for value in decisions.values_list("wait", flat=True))
        for day, value in rows:
            out[day].waits.append(value.total_seconds())
    if Series.APPEAL_OUTCOME in series:
        reviewed = Appeal.objects.filter(_within("reviewed_at", runs)).exclude(status=Appeal.Status.PENDING)
        for day, codes, status, n in _counted(reviewed, "reviewed_at", ("decision__rule_codes", "status"), single):
            for code in codes or ["-"]:
                add(day, Series.APPEAL_OUTCOME, f"{code}|{status}", n)
    if Series.SANCTION in series:
        sanctions = Sanction.objects.filter(_within("starts_at", runs))
        for day, code, rung, n in _counted(sanctions, "starts_at", ("decision__category_code", "rung"), single):
            add(day, Series.SANCTION, f"{code or ''}|{rung}", n)
    if Series.APPEAL in series:
        filed = Appeal.objects.filter(_within("created_at", runs))
        for day, code, status, n in _counted(filed, "created_at", ("decision__category_code", "status"), single):
            add(day, Series.APPEAL, f"{code or ''}|{status}", n)
    for figures in out.values():
        figures.waits.sort()
    return out


# --- Percentiles ----------------------------------------------------------------------------------------------------


def percentile(sorted_values: list[float], q: float) -> float | None:
    """The percentile of an ascending list, interpolated like `percentile_cont` (None for an empty list)."""
    if not sorted_values:
        return None
    rank = q * (len(sorted_values) - 1)
    low = int(rank)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (rank - low)


def _bucket_width(lower: int) -> int:
    """Four significant digits: 1 s below 10,000 s, then 10 s below 100,000 s, and so on."""
    return 1 if lower < 10_000 else 10 ** (len(str(lower)) - 4)


def wait_bucket(seconds: float) -> int:
    """The lower bound of the histogram bucket holding `seconds` (a negative wait counts as 0)."""
    whole = max(0, int(seconds))
    return whole - whole % _bucket_width(whole)


def wait_histogram(sorted_seconds: Iterable[float]) -> dict[str, int]:
    """{bucket lower bound (as a JSON key): count}."""
    hist: dict[str, int] = defaultdict(int)
    for value in sorted_seconds:
        hist[str(wait_bucket(value))] += 1
    return dict(hist)


def stored_histogram(*, days: list[date]) -> list[tuple[int, int]]:
    """The rollup's wait histograms of `days` merged: [(bucket lower bound, count)] by bound. Merged in SQL, so
    the page reads one row per bucket that occurs instead of every day's JSON."""
    if not days:
        return []
    table = StatsDay._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT kv.key::bigint, SUM(kv.value::bigint) FROM {table} d"
                " CROSS JOIN LATERAL jsonb_each_text(d.wait_histogram) kv WHERE d.day = ANY(%s)"
                " GROUP BY 1 ORDER BY 1",
                [list(days)],
            )
        else:
            marks = ", ".join(["%s"] * len(days))
            cursor.execute(
                f"SELECT CAST(kv.key AS INTEGER), SUM(kv.value) FROM {table} d, json_each(d.wait_histogram) kv"
                f" WHERE d.day IN ({marks}) GROUP BY 1 ORDER BY 1",
                [d.isoformat() for d in days],
            )
        return [(int(lower), int(n)) for lower, n in cursor.fetchall()]


def histogram_percentile(buckets: list[tuple[int, int]], q: float) -> float | None:
    """`percentile` over the values a histogram stands for, each taken as its bucket's midpoint. `buckets`:
    [(lower bound, count)] sorted by bound (a bound may repeat)."""
    total = sum(n for _lower, n in buckets)
    if total == 0:
        return None
    rank = q * (total - 1)
    low = int(rank)
    high = min(low + 1, total - 1)
    values: dict[int, float] = {}
    seen = 0
    for lower, count in buckets:
        seen += count
        if low not in values and seen > low:
            values[low] = lower + _bucket_width(lower) / 2
        if seen > high:
            values[high] = lower + _bucket_width(lower) / 2
            break
    return values[low] + (values[high] - values[low]) * (rank - low)
