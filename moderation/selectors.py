"""Reads for moderation. Views call these; every list selects or prefetches what its page shows."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import User

from .models import (
    AccountLink,
    Appeal,
    Case,
    Decision,
    Feedback,
    Report,
    RuleCategory,
    RuleSet,
    Sanction,
)


def ruleset_current() -> RuleSet | None:
    return RuleSet.objects.filter(is_current=True).prefetch_related("categories__rules").first()


def rulesets_published() -> QuerySet[RuleSet]:
    return RuleSet.objects.filter(is_draft=False).only("version", "name", "published_at", "is_current")


def rule_categories_current() -> list[RuleCategory]:
    ruleset = ruleset_current()
    return list(ruleset.categories.all()) if ruleset else []


# --- Queue and case page ---------------------------------------------------------------------------------------------

QUEUE_STATUSES = ("open", "unclaimed", "claimed", "decided")


def case_queue(*, category: str = "", source: str = "", status: str = "open", now: datetime | None = None):
    """Cases by priority: rule severity, distinct reporters, automatic-check score, then the oldest first."""
    now = now or timezone.now()
    # The queue lists cases; the snapshots and check matches are read on the case page only.
    cases = Case.objects.select_related("target_owner", "claimed_by", "target_type").defer(
        "snapshot_reported", "snapshot_decided", "check_matches"
    )
    if status == "decided":
        cases = cases.filter(status=Case.Status.DECIDED).select_related("decision__moderator").order_by("-decided_at")
    else:
        cases = cases.filter(status=Case.Status.OPEN)
        claimed = Q(claimed_by__isnull=False, claimed_until__gt=now)
        if status == "claimed":
            cases = cases.filter(claimed)
        elif status == "unclaimed":
            cases = cases.exclude(claimed)
        cases = cases.order_by("-severity", "-reporter_count", "-check_score", "opened_at")
    if category:
        cases = cases.filter(Q(category_code=category) | Q(reports__category_code=category)).distinct()
    if source == Report.Source.REPORT:
        cases = cases.filter(has_reports=True)
    elif source == Report.Source.AUTOMATIC:
        cases = cases.filter(has_check=True)
    return cases


def case_get(*, pk: int) -> Case | None:
    return (
        Case.objects.select_related("target_owner", "claimed_by", "target_type", "content_check").filter(pk=pk).first()
    )


def case_reports(*, case: Case) -> QuerySet[Report]:
    return case.reports.select_related("reporter").order_by("created_at")


@dataclass(frozen=True)
class Segment:
    text: str
    rule: str = ""
    term: str = ""

    @property
    def is_match(self) -> bool:
        return bool(self.rule or self.term)


BODY_FIELDS = ("body", "text")


def text_highlight(text: str, matches: list[dict], *, field: str = "body") -> list[Segment]:
    """Split `text` into plain and matched segments; spans are offsets into the plain text. Overlaps merge.

    A match's `field` is "title" or "body" (the engine's names; "text" or none means the body).
    """
    wanted = BODY_FIELDS if field in BODY_FIELDS else (field,)
    spans = []
    for match in matches or []:
        try:
            start, end = int(match.get("start", -1)), int(match.get("end", -1))
        except (TypeError, ValueError):
            continue
        if match.get("field", "body") not in wanted or not (0 <= start < end <= len(text)):
            continue
        spans.append((start, end, str(match.get("rule", "")), str(match.get("term", ""))))
    spans.sort()
    segments, pos = [], 0
    for start, end, rule, term in spans:
        if end <= pos:
            continue
        start = max(start, pos)
        if start > pos:
            segments.append(Segment(text[pos:start]))
        segments.append(Segment(text[start:end], rule=rule, term=term or text[start:end]))
        pos = end
    if pos < len(text):
        segments.append(Segment(text[pos:]))
    return segments


def account_links(*, account: User) -> list[User]:
    pairs = AccountLink.objects.filter(Q(account_a=account) | Q(account_b=account)).values_list(
        "account_a_id", "account_b_id"
    )
    ids = {a if b == account.pk else b for a, b in pairs}
    return list(User.objects.filter(pk__in=ids).order_by("username"))


def account_link_suggestions(*, account: User, limit: int = 20) -> list[tuple[User, str]]:
    """Accounts that look like the same person: same sign-up IP within 24 hours, or the same device cookie."""
    linked = {u.pk for u in account_links(account=account)} | {account.pk}
    found: dict[int, tuple[User, str]] = {}
    if account.device_id:
        for other in User.objects.filter(device_id=account.device_id).exclude(pk__in=linked)[:limit]:
            found[other.pk] = (other, "同一设备")
    if account.signup_ip:
        window = timedelta(hours=24)
        for other in User.objects.filter(
            signup_ip=account.signup_ip,
            date_joined__gte=account.date_joined - window,
            date_joined__lte=account.date_joined + window,
        ).exclude(pk__in=linked)[:limit]:
            reason = "同一注册 IP（24 小时内）"
            found[other.pk] = (other, f"{found[other.pk][1]}、{reason}" if other.pk in found else reason)
    return list(found.values())[:limit]


def sanctions_active(*, account: User, now: datetime | None = None) -> list[Sanction]:
    now = now or timezone.now()
    return [
        s
        for s in Sanction.objects.filter(account=account, status=Sanction.Status.ACTIVE).select_related("decision")
        if s.is_active(now)
    ]


def account_decisions(*, account: User) -> QuerySet[Decision]:
    """Decisions about the account's content or the account, and those that sanctioned it (linked accounts)."""
    return (
        Decision.objects.filter(Q(case__target_owner=account) | Q(sanctions__account=account))
        .distinct()
        .select_related("case", "moderator", "ruleset")
        .prefetch_related("sanctions")
        .order_by("-created_at")
    )


def account_history(*, account: User, exclude_case: Case | None = None) -> dict:
    decisions = account_decisions(account=account)
    if exclude_case is not None:
        decisions = decisions.exclude(case=exclude_case)
    return {
        "decisions": list(decisions[:50]),
        "active_sanctions": sanctions_active(account=account),
        "links": account_links(account=account),
        "suggestions": account_link_suggestions(account=account),
    }


# --- The account's own view ------------------------------------------------------------------------------------------


def account_status(*, user: User, now: datetime | None = None) -> dict:
    """What the account itself may see: decisions, active sanctions, appeals. Never who reported it."""
    from .services import APPEAL_DAYS

    now = now or timezone.now()
    decisions = list(account_decisions(account=user).exclude(action=Decision.Action.DISMISS).select_related("appeal"))
    rows = []
    for decision in decisions:
        appeal = getattr(decision, "appeal", None) if hasattr(decision, "appeal") else None
        deadline = decision.created_at + timedelta(days=APPEAL_DAYS)
        rows.append(
            {
                "decision": decision,
                "appeal": appeal,
                "deadline": deadline,
                "can_appeal": appeal is None and not decision.is_overturned and now <= deadline,
            }
        )
    return {
        "rows": rows,
        "active_sanctions": sanctions_active(account=user, now=now),
        "appeals": list(Appeal.objects.filter(appellant=user).select_related("decision").order_by("-created_at")),
    }


def decisions_appealable(*, user: User, now: datetime | None = None) -> list[Decision]:
    return [row["decision"] for row in account_status(user=user, now=now)["rows"] if row["can_appeal"]]


def appeals_pending() -> QuerySet[Appeal]:
    return (
        Appeal.objects.filter(status=Appeal.Status.PENDING)
        .select_related("appellant", "decision__moderator", "decision__case")
        .order_by("created_at")
    )


def copyright_complaints(*, status: str = "open") -> QuerySet[Feedback]:
    return Feedback.objects.filter(kind=Feedback.Kind.COPYRIGHT, status=status).select_related("author", "handled_by")


# --- Statistics ------------------------------------------------------------------------------------------------------


def moderation_stats(*, days: int = 30, now: datetime | None = None) -> dict:
    """Reports and decisions per category, actions taken, median time to first decision, appeal overturn rate."""
    now = now or timezone.now()
    since = now - timedelta(days=days)
    ruleset = ruleset_current()
    titles = {c.code: c.title for c in ruleset.categories.all()} if ruleset else {}
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
