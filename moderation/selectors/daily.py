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

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from ..models import Appeal, Case, Decision, Report, Sanction, StatsCount

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

    def add(day: date, name: str, key: object, n: int) -> None:
        if name in series:
            out[day].counts[(name, "" if key is None else str(key))] += n

    if Series.REPORT in series:
        for day, code, n in (
            Report.objects.filter(_within("created_at", runs), source=Report.Source.REPORT)
            .annotate(day=TruncDate("created_at"))
            .values_list("day", "category_code")
            .annotate(n=Count("id"))
            .order_by()
        ):
            add(day, Series.REPORT, code, n)
    if Series.CHECK_CASE in series:
        for day, n in (
            Case.objects.filter(_within("opened_at", runs), has_check=True)
            .annotate(day=TruncDate("opened_at"))
            .values_list("day")
            .annotate(n=Count("id"))
            .order_by()
        ):
            add(day, Series.CHECK_CASE, "", n)
    decision_series = {Series.ACTION, Series.CATEGORY, Series.WORKLOAD, Series.REMOVED} & series
    if decision_series:
        for day, action, code, moderator_id, hidden, n in (
            Decision.objects.filter(_within("created_at", runs))
            .annotate(day=TruncDate("created_at"))
            .values_list("day", "action", "category_code", "moderator_id", "content_hidden")
            .annotate(n=Count("id"))
            .order_by()
        ):
            add(day, Series.ACTION, action, n)
            add(day, Series.CATEGORY, code, n)
            add(day, Series.WORKLOAD, f"{moderator_id}|{action}", n)
            if hidden and action in REMOVING:
                add(day, Series.REMOVED, code, n)
    if "wait" in series:
        wait = ExpressionWrapper(F("created_at") - F("case__opened_at"), output_field=DurationField())
        for day, value in (
            Decision.objects.filter(_within("created_at", runs))
            .annotate(day=TruncDate("created_at"), wait=wait)
            .values_list("day", "wait")
            .order_by()
        ):
            out[day].waits.append(value.total_seconds())
    if Series.APPEAL_OUTCOME in series:
        for day, codes, status, n in (
            Appeal.objects.filter(_within("reviewed_at", runs))
            .exclude(status=Appeal.Status.PENDING)
            .annotate(day=TruncDate("reviewed_at"))
            .values_list("day", "decision__rule_codes", "status")
            .annotate(n=Count("id"))
            .order_by()
        ):
            for code in codes or ["-"]:
                add(day, Series.APPEAL_OUTCOME, f"{code}|{status}", n)
    if Series.SANCTION in series:
        for day, code, rung, n in (
            Sanction.objects.filter(_within("starts_at", runs))
            .annotate(day=TruncDate("starts_at"))
            .values_list("day", "decision__category_code", "rung")
            .annotate(n=Count("id"))
            .order_by()
        ):
            add(day, Series.SANCTION, f"{code or ''}|{rung}", n)
    if Series.APPEAL in series:
        for day, code, status, n in (
            Appeal.objects.filter(_within("created_at", runs))
            .annotate(day=TruncDate("created_at"))
            .values_list("day", "decision__category_code", "status")
            .annotate(n=Count("id"))
            .order_by()
        ):
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


def histogram_percentile(hist: dict[int, int], q: float) -> float | None:
    """`percentile` over the values a histogram stands for, each taken as its bucket's midpoint."""
    total = sum(hist.values())
    if total == 0:
        return None
    rank = q * (total - 1)
    low = int(rank)
    wanted = (low, min(low + 1, total - 1))
    found: dict[int, float] = {}
    seen = 0
    for lower in sorted(hist):
        count = hist[lower]
        for index in wanted:
            if index not in found and seen <= index < seen + count:
                found[index] = lower + _bucket_width(lower) / 2
        seen += count
        if len(found) == 2:
            break
    return found[wanted[0]] + (found[wanted[1]] - found[wanted[0]]) * (rank - low)
