"""Reads for the moderators' queue and case page: the queue by priority, one case, its reports, highlighted text."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from ..models import Case, EscalationStep, Report
from .accounts import account_related_ids

QUEUE_STATUSES = ("open", "unclaimed", "claimed", "decided")


def escalation_steps() -> list[tuple[int, int]]:
    """The queue's escalation policy: (after hours, raise by), oldest threshold first."""
    return list(EscalationStep.objects.order_by("after_hours").values_list("after_hours", "raise_by"))


def case_priority():
    """A case's place in the queue: its rule severity plus the raise its wait has earned (`Case.escalation`, kept
    by the escalation sweep from the escalation policy). The same expression as the index `case_escalated_queue_idx`."""
    return F("severity") + F("escalation")


def case_queue(
    *,
    category: str = "",
    source: str = "",
    status: str = "open",
    now: datetime | None = None,
):
    """Cases by priority: rule severity raised by age (the escalation policy), distinct reporters, automatic-check
    score, then the oldest first. Each case carries `priority` (its severity with the raise)."""
    now = now or timezone.now()
    # The queue lists cases; the snapshots and check matches are read on the case page only.
    cases = Case.objects.select_related("target_owner", "claimed_by", "target_type").defer(
        "snapshot_reported", "snapshot_decided", "check_matches"
    )
    if status == "decided":
        cases = (
            cases.filter(status=Case.Status.DECIDED)
            .select_related("decision__moderator")
            .annotate(priority=case_priority())
            .order_by("-decided_at")
        )
    else:
        cases = cases.filter(status=Case.Status.OPEN)
        claimed = Q(claimed_by__isnull=False, claimed_until__gt=now)
        if status == "claimed":
            cases = cases.filter(claimed)
        elif status == "unclaimed":
            cases = cases.exclude(claimed)
        # In the order of the partial index case_escalated_queue_idx: a page reads 50 index entries.
        cases = cases.annotate(priority=case_priority()).order_by(
            case_priority().desc(), "-reporter_count", "-check_score", "opened_at"
        )
    if category:
        # A subquery, not a join: no DISTINCT, so the page's ids can be read in queue order (`case_queue_page`).
        reported = Report.objects.filter(category_code=category).values("case_id")
        cases = cases.filter(Q(category_code=category) | Q(pk__in=reported))
    if source == Report.Source.REPORT:
        cases = cases.filter(has_reports=True)
    elif source == Report.Source.AUTOMATIC:
        cases = cases.filter(has_check=True)
    return cases


def case_queue_page(*, number, per_page: int, **filters) -> Page:
    """One page of the queue in two steps: the page's ids in queue order (an index scan over bare case rows), then
    those cases with their accounts; the planner cannot otherwise walk the index and join only the page's rows."""
    ordered = case_queue(**filters).values_list("pk", flat=True)
    page = Paginator(ordered, per_page).get_page(number)
    ids = list(page.object_list)
    rows = case_queue(**filters).filter(pk__in=ids).order_by() if ids else Case.objects.none()
    by_pk = {case.pk: case for case in rows}
    page.object_list = [by_pk[pk] for pk in ids if pk in by_pk]
    return page


def case_get(*, pk: int) -> Case | None:
    return (
        Case.objects.select_related("target_owner", "claimed_by", "target_type", "content_check").filter(pk=pk).first()
    )


def cases_by_ids(*, ids: list[int]) -> list[Case]:
    return list(Case.objects.filter(pk__in=ids))


def case_by_id(value: str | int | None) -> Case | None:
    """The case whose id a request carries as text (a form field, ?after=), or None for anything else."""
    text = str(value or "")
    return Case.objects.filter(pk=int(text)).first() if text.isascii() and text.isdigit() and len(text) < 18 else None


def case_reports(*, case: Case) -> QuerySet[Report]:
    return case.reports.select_related("reporter", "content_check").order_by("created_at")


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


def case_next(*, after: Case | None, moderator, now: datetime | None = None) -> Case | None:
    """The next open case for `moderator` in queue order: unclaimed (or claimed by them), not `after`, and not about
    them or a linked account (they could neither read nor decide it)."""
    now = now or timezone.now()
    cases = (
        case_queue(status="open", now=now)
        .exclude(Q(claimed_by__isnull=False, claimed_until__gt=now) & ~Q(claimed_by=moderator))
        .exclude(target_owner_id__in=account_related_ids(account=moderator))
    )
    if after is not None:
        cases = cases.exclude(pk=after.pk)
    return cases.first()


WAIT_ESTIMATE_KEY = "moderation:wait-estimate"
WAIT_ESTIMATE_DAYS = 7
WAIT_ESTIMATE_SAMPLE = 500


def queue_wait_estimate(*, now: datetime | None = None) -> int | None:
    """Roughly how many hours held content waits for a moderator: the median time from opening to decision of the
    cases the automatic checks opened and moderators decided in the last week (the latest 500), rounded up to a
    whole hour. None when there is no such case. Cached for ten minutes: every author's dashboard asks."""
    cached = cache.get(WAIT_ESTIMATE_KEY)
    if cached is not None:
        return cached or None
    now = now or timezone.now()
    waits = sorted(
        (decided - opened).total_seconds()
        for opened, decided in Case.objects.filter(
            has_check=True,
            status=Case.Status.DECIDED,
            decided_at__gte=now - timedelta(days=WAIT_ESTIMATE_DAYS),
        )
        .order_by("-decided_at")
        .values_list("opened_at", "decided_at")[:WAIT_ESTIMATE_SAMPLE]
    )
    hours = max(1, -(-int(waits[len(waits) // 2]) // 3600)) if waits else 0
    cache.set(WAIT_ESTIMATE_KEY, hours, 600)
    return hours or None
