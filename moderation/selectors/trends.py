"""Trends for the moderators' statistics page and the public transparency report.

Both read the daily rollup (`moderation.models.stats`, written by `moderation.services.stats`) for the closed days it
has computed, and compute the other days (today, and any day not yet computed or marked dirty) live from the source
tables (`selectors.daily`). The figures are the same as computing every day from the source tables (pinned by
tests/moderation/test_stats_rollup.py); the number of queries does not depend on the number of days or rows, and
their cost is that of the rollup rows of the window plus today's source rows.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts.models import User

from ..models import Appeal, Decision, RuleCategory, StatsCount, StatsDay, StatsDirtyDay
from . import daily

TREND_WINDOWS = (30, 90)
TRANSPARENCY_MONTHS = 12
REMOVING = daily.REMOVING
Counted = StatsCount.Series
_DAILY_SERIES = (Counted.REPORT, Counted.CHECK_CASE, Counted.ACTION, Counted.CATEGORY)
_WINDOW_SERIES = (Counted.WORKLOAD, Counted.APPEAL_OUTCOME)


def _day_keys(since: date, days: int) -> list[date]:
    return [since + timedelta(days=i) for i in range(days)]


@dataclass(frozen=True)
class Series:
    """One line (or stack) of a chart: a key (e.g. an action), its label and one value per day."""

    key: str
    label: str
    values: list


def _category_titles() -> dict[str, str]:
    return dict(RuleCategory.objects.filter(ruleset__is_current=True).values_list("code", "title"))


def _code_order(code: str) -> tuple:
    return (len(code), code)


def _stored(first: date, today: date):
    """The rollup's clean (not dirty) days from `first` to yesterday."""
    return StatsDay.objects.filter(day__gte=first, day__lt=today).exclude(
        day__in=StatsDirtyDay.objects.filter(day__gte=first, day__lt=today).values("day")
    )


def _hours(value, digits=2):
    return None if value is None else round(value / 3600, digits)


def moderation_trends(*, days: int = 30, now: datetime | None = None) -> dict:
    """Daily series over the last `days` days (today included), in the site's time zone.

    reports (readers'), cases opened by the automatic checks, decisions by action and by rule category, the time
    to a first decision (median and p90, hours, by the day it was decided), appeal outcomes by rule (over the
    window), and each moderator's decisions by action (over the window).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    since_day = today - timedelta(days=days - 1)
    day_list = _day_keys(since_day, days)
    index = {d: i for i, d in enumerate(day_list)}
    titles = _category_titles()

    stored = {
        day: (median, p90)
        for day, median, p90 in _stored(since_day, today).values_list("day", "wait_median", "wait_p90")
    }
    stored_days = sorted(stored)
    live = daily.daily_figures(
        runs=daily.day_runs([d for d in day_list if d not in stored], open_end=today), series=daily.TREND_SERIES
    )

    reports = [0] * days
    check_cases = [0] * days
    by_action: dict[str, list[int]] = defaultdict(lambda: [0] * days)
    by_category: dict[str, list[int]] = defaultdict(lambda: [0] * days)
    window: dict[tuple[str, str], int] = defaultdict(int)

    def add_daily(day: date, series: str, key: str, n: int) -> None:
        i = index.get(day)
        if i is None:
            return
        if series == Counted.REPORT:
            reports[i] += n
        elif series == Counted.CHECK_CASE:
            check_cases[i] += n
        elif series == Counted.ACTION:
            by_action[key][i] += n
        elif series == Counted.CATEGORY:
            by_category[key][i] += n

    for day, series, key, n in StatsCount.objects.filter(day__in=stored_days, series__in=_DAILY_SERIES).values_list(
        "day", "series", "key", "count"
    ):
        add_daily(day, series, key, n)
    for series, key, n in (
        StatsCount.objects.filter(day__in=stored_days, series__in=_WINDOW_SERIES)
        .values_list("series", "key")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        window[(series, key)] += n
    for day, figures in live.items():
        for (series, key), n in figures.counts.items():
            if series in _WINDOW_SERIES:
                window[(series, key)] += n
            else:
                add_daily(day, series, key, n)

    # Time to a first decision: each day's median and p90 are exact (stored once, or computed live); the window's
    # are taken from the days' histograms merged (see StatsDay: within 0.05 %), the stored ones merged in SQL.
    wait_median: list = [None] * days
    wait_p90: list = [None] * days
    for day, (median, p90) in stored.items():
        wait_median[index[day]], wait_p90[index[day]] = _hours(median), _hours(p90)
    buckets = daily.stored_histogram(days=stored_days)
    for day, figures in live.items():
        if day in index and figures.waits:
            i = index[day]
            wait_median[i] = _hours(daily.percentile(figures.waits, 0.5))
            wait_p90[i] = _hours(daily.percentile(figures.waits, 0.9))
        buckets.extend((daily.wait_bucket(value), 1) for value in figures.waits)
    buckets.sort()
    total_median = _hours(daily.histogram_percentile(buckets, 0.5), 1)
    total_p90 = _hours(daily.histogram_percentile(buckets, 0.9), 1)

    appeals: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(_APPEAL_OUTCOMES, 0))
    workload_ids: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(Decision.Action.values, 0))
    for (series, key), n in window.items():
        left, _sep, right = key.rpartition("|")
        if series == Counted.APPEAL_OUTCOME:
            appeals[left][right] += n
        elif series == Counted.WORKLOAD:
            workload_ids[left][right] += n
    names = dict(User.objects.filter(pk__in=[int(i) for i in workload_ids]).values_list("pk", "username"))
    workload: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(Decision.Action.values, 0))
    for moderator_id, counts in workload_ids.items():
        for action, n in counts.items():
            workload[names.get(int(moderator_id), moderator_id)][action] += n

    action_labels = dict(Decision.Action.choices)
    categories = sorted(by_category, key=_code_order)
    appeal_rows = [
        {"rule": code, **appeals[code], "total": sum(appeals[code].values())}
        for code in sorted(appeals, key=lambda c: [int(p) if p.isdigit() else 0 for p in c.split(".")])
    ]
    workload_rows = sorted(
        ({"moderator": who, **counts, "total": sum(counts.values())} for who, counts in workload.items()),
        key=lambda r: (-r["total"], r["moderator"]),
    )
    return {
        "days": days,
        "labels": [d.isoformat() for d in day_list],
        "reports": reports,
        "check_cases": check_cases,
        "actions": [Series(a, str(action_labels[a]), by_action.get(a, [0] * days)) for a in Decision.Action.values],
        "categories": [
            Series(c, f"{c}. {titles[c]}" if c in titles else (c or "-"), by_category[c]) for c in categories
        ],
        "wait_median": wait_median,
        "wait_p90": wait_p90,
        "appeals": appeal_rows,
        "appeal_outcomes": [(s, str(label)) for s, label in Appeal.Status.choices if s in _APPEAL_OUTCOMES],
        "workload": workload_rows,
        "action_choices": [(a, str(label)) for a, label in Decision.Action.choices],
        "totals": {
            "reports": sum(reports),
            "check_cases": sum(check_cases),
            "decisions": sum(sum(v) for v in by_action.values()),
            "wait_median": total_median,
            "wait_p90": total_p90,
            "appeals": sum(r["total"] for r in appeal_rows),
            "overturned": sum(r.get(Appeal.Status.OVERTURNED, 0) for r in appeal_rows),
        },
    }


_APPEAL_OUTCOMES = (Appeal.Status.UPHELD, Appeal.Status.REDUCED, Appeal.Status.OVERTURNED)

TRENDS_CACHE_KEY = "moderation:trends:{days}"


def moderation_trends_cached(*, days: int = 30) -> dict:
    """`moderation_trends` kept for `MODERATION_TRENDS_CACHE_SECONDS` (a minute by default): every moderator's
    statistics page and CSV read the same figures, and a chart a minute old is current enough. 0 disables it."""
    seconds = getattr(settings, "MODERATION_TRENDS_CACHE_SECONDS", 60)
    if seconds <= 0:
        return moderation_trends(days=days)
    return cache.get_or_set(TRENDS_CACHE_KEY.format(days=days), lambda: moderation_trends(days=days), seconds)


def trends_csv_rows(trends: dict):
    """The numbers behind every chart, one row each: series, key, date (empty for a window total), value."""
    yield ["series", "key", "date", "value"]
    for i, day in enumerate(trends["labels"]):
        yield ["reports", "", day, trends["reports"][i]]
        yield ["check_cases", "", day, trends["check_cases"][i]]
        for s in trends["actions"]:
            yield ["decisions_by_action", s.key, day, s.values[i]]
        for s in trends["categories"]:
            yield ["decisions_by_category", s.key, day, s.values[i]]
        yield [
            "first_decision_hours_median",
            "",
            day,
            "" if trends["wait_median"][i] is None else trends["wait_median"][i],
        ]
        yield ["first_decision_hours_p90", "", day, "" if trends["wait_p90"][i] is None else trends["wait_p90"][i]]
    for row in trends["appeals"]:
        for status, _label in trends["appeal_outcomes"]:
            yield ["appeal_outcomes_by_rule", f"{row['rule']}:{status}", "", row[status]]
    for row in trends["workload"]:
        for action, _label in trends["action_choices"]:
            yield ["moderator_workload", f"{row['moderator']}:{action}", "", row[action]]


def transparency_first_day(today: date, months: int = TRANSPARENCY_MONTHS) -> date:
    """The first day of the transparency report: the first of the month `months - 1` months before today's."""
    first = today.replace(day=1)
    for _i in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    return first


def transparency_report(*, months: int = TRANSPARENCY_MONTHS, now: datetime | None = None) -> dict:
    """Per month and rule category: reports received, content removed, sanctions by rung, appeals and overturns.

    Aggregates only: no account, content or moderator is named. Months are the site's time zone; the current
    month is included (so far). Reports by the day they were filed, removals by the day of the decision, sanctions
    by the day they started (with their rung now), appeals by the day they were filed (with their status now).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    first = transparency_first_day(today, months)
    titles = _category_titles()
    cells: dict[tuple[date, str], dict] = defaultdict(
        lambda: {"reports": 0, "removed": 0, "rungs": dict.fromkeys(range(1, 6), 0), "appeals": 0, "overturned": 0}
    )

    def add(month: date, series: str, key: str, n: int) -> None:
        if series in (Counted.REPORT, Counted.REMOVED):
            cells[(month, key)]["reports" if series == Counted.REPORT else "removed"] += n
            return
        if series not in (Counted.SANCTION, Counted.APPEAL):
            return
        code, _sep, value = key.rpartition("|")
        cell = cells[(month, code)]
        if series == Counted.SANCTION:
            cell["rungs"][int(value)] += n
        elif series == Counted.APPEAL:
            cell["appeals"] += n
            if value == Appeal.Status.OVERTURNED:
                cell["overturned"] += n

    stored_days = list(_stored(first, today).values_list("day", flat=True))
    for month, series, key, n in (
        StatsCount.objects.filter(day__in=stored_days, series__in=daily.TRANSPARENCY_SERIES)
        .annotate(month=TruncMonth("day"))
        .values_list("month", "series", "key")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        add(month, series, key, n)
    span = (today - first).days + 1
    stored = set(stored_days)
    live_days = [d for d in (first + timedelta(days=i) for i in range(span)) if d not in stored]
    live = daily.daily_figures(runs=daily.day_runs(live_days, open_end=today), series=daily.TRANSPARENCY_SERIES)
    for day, figures in live.items():
        for (series, key), n in figures.counts.items():
            add(day.replace(day=1), series, key, n)

    by_month: dict[date, list[dict]] = defaultdict(list)
    for (month, code), cell in cells.items():
        by_month[month].append(
            {
                "code": code,
                "title": titles.get(code, ""),
                **cell,
                "rungs": [cell["rungs"][r] for r in range(1, 6)],
                "sanctions": sum(cell["rungs"].values()),
            }
        )
    month_rows = []
    for month in sorted(by_month, reverse=True):
        rows = sorted(by_month[month], key=lambda r: _code_order(r["code"]))
        total = {key: sum(r[key] for r in rows) for key in ("reports", "removed", "sanctions", "appeals", "overturned")}
        total["rungs"] = [sum(r["rungs"][i] for r in rows) for i in range(5)]
        month_rows.append({"month": month, "rows": rows, "total": total})
    return {"months": month_rows, "since": first, "generated_at": now}
