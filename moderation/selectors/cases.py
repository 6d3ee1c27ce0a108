"""Reads for the moderators' queue and case page: the queue by priority, one case, its reports, highlighted text."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from ..models import Case, Report

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
