"""The oracle of tests/moderation/test_stats_rollup.py: the statistics and the transparency report as the pages
computed them before the daily rollup (moderation/selectors/trends.py at the merge of issue 16), every day from the
source tables. Kept verbatim but for the imports and the cache helpers below.

Trends for the moderators' statistics page and the public transparency report.

Every figure is an aggregate computed in SQL (GROUP BY day or month), so the number of queries is the same whatever
the number of reports and decisions: one query per series. The time to a first decision (median and 90th
percentile) is PostgreSQL's `percentile_cont` per day and over the window; SQLite, which has no percentile
function, reads one (day, seconds) list instead and takes the same percentiles in Python.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, FloatField
from django.db.models.functions import Extract, TruncDate, TruncMonth
from django.utils import timezone

from moderation.models import Appeal, Case, Decision, Report, RuleCategory, Sanction

TREND_WINDOWS = (30, 90)
TRANSPARENCY_MONTHS = 12
REMOVING = (Decision.Action.REMOVE, Decision.Action.SANCTION)


class PercentileCont(Aggregate):
    """PostgreSQL's `percentile_cont(q) WITHIN GROUP (ORDER BY expr)` (no Django aggregate has it)."""

    function = "percentile_cont"
    template = "%(function)s(%(q)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, *, q: float, **extra):
        super().__init__(expression, q=float(q), **extra)


def _percentile(sorted_values: list[float], q: float) -> float | None:
    """The percentile of an ascending list, interpolated like `percentile_cont` (None for an empty list)."""
    if not sorted_values:
        return None
    rank = q * (len(sorted_values) - 1)
    low = int(rank)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (rank - low)


def _waits(decisions, day_list: list[date]) -> tuple[list, list, float | None, float | None]:
    """Median and p90 of the hours from a case's opening to its decision, per day and over the window."""
    wait = ExpressionWrapper(F("created_at") - F("case__opened_at"), output_field=DurationField())
    if connection.vendor == "postgresql":
        seconds = Extract(wait, "epoch")
        rows = (
            decisions.values("day")
            .annotate(median=PercentileCont(seconds, q=0.5), p90=PercentileCont(seconds, q=0.9))
            .order_by()
        )
        by_day = {r["day"]: (r["median"], r["p90"]) for r in rows}
        total = decisions.aggregate(median=PercentileCont(seconds, q=0.5), p90=PercentileCont(seconds, q=0.9))
        total_median, total_p90 = total["median"], total["p90"]
    else:
        lists: dict[date, list[float]] = defaultdict(list)
        for day, value in decisions.annotate(wait=wait).values_list("day", "wait"):
            lists[day].append(value.total_seconds())
        by_day = {}
        for day, values in lists.items():
            values.sort()
            by_day[day] = (_percentile(values, 0.5), _percentile(values, 0.9))
        every = sorted(v for values in lists.values() for v in values)
        total_median, total_p90 = _percentile(every, 0.5), _percentile(every, 0.9)

    def hours(value, digits=2):
        return None if value is None else round(value / 3600, digits)

    medians = [hours(by_day[d][0]) if d in by_day else None for d in day_list]
    p90s = [hours(by_day[d][1]) if d in by_day else None for d in day_list]
    return medians, p90s, hours(total_median, 1), hours(total_p90, 1)


def _day_keys(since: date, days: int) -> list[date]:
    return [since + timedelta(days=i) for i in range(days)]


@dataclass(frozen=True)
class Series:
    """One line (or stack) of a chart: a key (e.g. an action), its label and one value per day."""

    key: str
    label: str
    values: list


def _by_day(rows, days: list[date], *, key_field: str | None = None) -> dict[str, list[int]]:
    """{key: [count per day]} from rows of (day, [key,] n)."""
    index = {d: i for i, d in enumerate(days)}
    out: dict[str, list[int]] = defaultdict(lambda: [0] * len(days))
    for row in rows:
        day = row["day"]
        if day not in index:
            continue
        key = str(row[key_field]) if key_field else ""
        out[key][index[day]] += row["n"]
    return out


def _category_titles() -> dict[str, str]:
    return dict(RuleCategory.objects.filter(ruleset__is_current=True).values_list("code", "title"))


def _code_order(code: str) -> tuple:
    return (len(code), code)


def moderation_trends(*, days: int = 30, now: datetime | None = None) -> dict:
    """Daily series over the last `days` days (today included), in the site's time zone.

    reports (readers'), cases opened by the automatic checks, decisions by action and by rule category, the time
    to a first decision (median and p90, hours, by the day it was decided), appeal outcomes by rule (over the
    window), and each moderator's decisions by action (over the window).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    since_day = today - timedelta(days=days - 1)
    since = timezone.make_aware(datetime.combine(since_day, datetime.min.time()))
    day_list = _day_keys(since_day, days)
    titles = _category_titles()

    reports = _by_day(
        Report.objects.filter(source=Report.Source.REPORT, created_at__gte=since)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(n=Count("id"))
        .order_by(),
        day_list,
    )[""]
    check_cases = _by_day(
        Case.objects.filter(has_check=True, opened_at__gte=since)
        .annotate(day=TruncDate("opened_at"))
        .values("day")
        .annotate(n=Count("id"))
        .order_by(),
        day_list,
    )[""]
    decisions = Decision.objects.filter(created_at__gte=since).annotate(day=TruncDate("created_at"))
    by_action: dict[str, list[int]] = defaultdict(lambda: [0] * days)
    by_category: dict[str, list[int]] = defaultdict(lambda: [0] * days)
    index = {d: i for i, d in enumerate(day_list)}
    for row in decisions.values("day", "action", "category_code").annotate(n=Count("id")).order_by():
        if row["day"] in index:
            by_action[row["action"]][index[row["day"]]] += row["n"]
            by_category[row["category_code"]][index[row["day"]]] += row["n"]
    wait_median, wait_p90, total_median, total_p90 = _waits(decisions, day_list)

    appeals: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(_APPEAL_OUTCOMES, 0))
    for codes, status, n in (
        Appeal.objects.filter(reviewed_at__gte=since)
        .exclude(status=Appeal.Status.PENDING)
        .values_list("decision__rule_codes", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        for code in codes or ["-"]:
            appeals[str(code)][status] += n
    workload: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(Decision.Action.values, 0))
    for username, action, n in (
        Decision.objects.filter(created_at__gte=since)
        .values_list("moderator__username", "action")
        .annotate(n=Count("id"))
        .order_by()
    ):
        workload[username][action] += n

    action_labels = dict(Decision.Action.choices)
    categories = sorted(by_category, key=_code_order)
    appeal_rows = [
        {"rule": code, **appeals[code], "total": sum(appeals[code].values())}
        for code in sorted(appeals, key=lambda c: [int(p) if p.isdigit() else 0 for p in c.split(".")])
    ]
    workload_rows = sorted(
        ({"moderator": who, **counts, "total": sum(counts.values())} for who, counts in workload.items()),
        key=lambda r: -r["total"],
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


def transparency_report(*, months: int = TRANSPARENCY_MONTHS, now: datetime | None = None) -> dict:
    """Per month and rule category: reports received, content removed, sanctions by rung, appeals and overturns.

    Aggregates only: no account, content or moderator is named. Months are the site's time zone; the current
    month is included (so far).
    """
    now = now or timezone.now()
    local = timezone.localtime(now)
    first = local.date().replace(day=1)
    for _i in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    since = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    titles = _category_titles()
    cells: dict[tuple[date, str], dict] = defaultdict(
        lambda: {"reports": 0, "removed": 0, "rungs": dict.fromkeys(range(1, 6), 0), "appeals": 0, "overturned": 0}
    )

    def month_of(value) -> date:
        return value.date() if isinstance(value, datetime) else value

    for month, code, n in (
        Report.objects.filter(source=Report.Source.REPORT, created_at__gte=since)
        .annotate(month=TruncMonth("created_at"))
        .values_list("month", "category_code")
        .annotate(n=Count("id"))
        .order_by()
    ):
        cells[(month_of(month), code or "")]["reports"] += n
    for month, code, n in (
        Decision.objects.filter(created_at__gte=since, action__in=REMOVING, content_hidden=True)
        .annotate(month=TruncMonth("created_at"))
        .values_list("month", "category_code")
        .annotate(n=Count("id"))
        .order_by()
    ):
        cells[(month_of(month), code or "")]["removed"] += n
    for month, code, rung, n in (
        Sanction.objects.filter(starts_at__gte=since)
        .annotate(month=TruncMonth("starts_at"))
        .values_list("month", "decision__category_code", "rung")
        .annotate(n=Count("id"))
        .order_by()
    ):
        cells[(month_of(month), code or "")]["rungs"][rung] += n
    for month, code, status, n in (
        Appeal.objects.filter(created_at__gte=since)
        .annotate(month=TruncMonth("created_at"))
        .values_list("month", "decision__category_code", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        cell = cells[(month_of(month), code or "")]
        cell["appeals"] += n
        if status == Appeal.Status.OVERTURNED:
            cell["overturned"] += n
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
