"""Reads for moderation, one module per sub-domain. Views call these; every list selects or prefetches what its
page shows. The public names are re-exported here, so `from moderation import selectors` keeps working."""

from .accounts import (
    account_decisions,
    account_history,
    account_link_suggestions,
    account_linked_ids,
    account_links,
    account_related_ids,
    sanctions_active,
)
from .appeals import account_status, appeals_pending, decisions_appealable
from .cases import (
    BODY_FIELDS,
    QUEUE_STATUSES,
    Segment,
    case_get,
    case_next,
    case_priority,
    case_queue,
    case_queue_page,
    case_reports,
    escalation_steps,
    queue_wait_estimate,
    text_highlight,
)
from .evidence import CaseEvidence, Finding, case_evidence, case_findings
from .feedback import copyright_complaints, feedback_get, feedback_inbox, feedback_staff
from .notes import account_notes
from .rules import rule_categories_current, ruleset_current, rulesets_published
from .trends import (
    TREND_WINDOWS,
    moderation_trends,
    moderation_trends_cached,
    transparency_report,
    trends_csv_rows,
)

__all__ = [
    "TREND_WINDOWS",
    "account_notes",
    "case_next",
    "case_queue_page",
    "case_priority",
    "escalation_steps",
    "feedback_get",
    "feedback_inbox",
    "feedback_staff",
    "moderation_trends",
    "moderation_trends_cached",
    "queue_wait_estimate",
    "transparency_report",
    "trends_csv_rows",
    "BODY_FIELDS",
    "CaseEvidence",
    "Finding",
    "QUEUE_STATUSES",
    "Segment",
    "account_decisions",
    "account_history",
    "account_link_suggestions",
    "account_linked_ids",
    "account_links",
    "account_related_ids",
    "account_status",
    "appeals_pending",
    "case_evidence",
    "case_findings",
    "case_get",
    "case_queue",
    "case_reports",
    "copyright_complaints",
    "decisions_appealable",
    "rule_categories_current",
    "ruleset_current",
    "rulesets_published",
    "sanctions_active",
    "text_highlight",
]
