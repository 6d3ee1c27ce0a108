"""The moderation statistics page: reports and decisions per category, actions, time to decide, overturn rate."""

from datetime import datetime, timedelta
from statistics import median

from django.db.models import Count
from django.utils import timezone

from ..models import Appeal, Decision, Report
from .rules import ruleset_current


def moderation_stats(*, days: int = 30, now: datetime | None = None) -> dict:
    """Reports and decisions per category, actions taken, median time to first decision, appeal overturn rate."""
    now = now or timezone.now()
    since = now - timedelta(days=days)
    ruleset = ruleset_current()
    titles = {c.code: c.title_display for c in ruleset.categories.all()} if ruleset else {}
    reports = dict(
        Report.objects.filter(created_at__gte=since, source=Report.Source.REPORT)
        .values_list("category_code")
        .annotate(n=Count("id"))
        .values_list("category_code", "n")
    )
    decisions = Decision.objects.filter(created_at__gte=since).select_related("case")
    per_category: dict[str, int] = {}
    actions: dict[str, int] = {}
    waits = []
    for decision in decisions:
        code = decision.rule_codes[0].split(".")[0] if decision.rule_codes else ""
        per_category[code] = per_category.get(code, 0) + 1
        actions[decision.action] = actions.get(decision.action, 0) + 1
        waits.append((decision.created_at - decision.case.opened_at).total_seconds())
    codes = sorted(set(reports) | set(per_category) | set(titles), key=lambda c: (len(c), c))
    categories = [
        {"code": c, "title": titles.get(c, c or "-"), "reports": reports.get(c, 0), "decisions": per_category.get(c, 0)}
        for c in codes
    ]
    peak = max([1] + [c["reports"] for c in categories] + [c["decisions"] for c in categories])
    for c in categories:
        c["reports_pct"] = round(100 * c["reports"] / peak)
        c["decisions_pct"] = round(100 * c["decisions"] / peak)
    action_rows = [{"label": label, "n": actions.get(value, 0)} for value, label in Decision.Action.choices]
    action_peak = max([1] + [a["n"] for a in action_rows])
    for a in action_rows:
        a["pct"] = round(100 * a["n"] / action_peak)
    reviewed = Appeal.objects.filter(reviewed_at__gte=since).exclude(status=Appeal.Status.PENDING)
    reviewed_n = reviewed.count()
    overturned_n = reviewed.filter(status=Appeal.Status.OVERTURNED).count()
    median_seconds = median(waits) if waits else None
    return {
        "days": days,
        "categories": categories,
        "actions": action_rows,
        "reports_total": sum(reports.values()),
        "decisions_total": len(waits),
        "median_hours": round(median_seconds / 3600, 1) if median_seconds is not None else None,
        "appeals_reviewed": reviewed_n,
        "appeals_overturned": overturned_n,
        "overturn_rate": round(100 * overturned_n / reviewed_n, 1) if reviewed_n else None,
    }
