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
from .cases import BODY_FIELDS, QUEUE_STATUSES, Segment, case_get, case_queue, case_reports, text_highlight
from .evidence import CaseEvidence, Finding, case_evidence, case_findings
from .feedback import copyright_complaints
from .rules import rule_categories_current, ruleset_current, rulesets_published
from .stats import moderation_stats

__all__ = [
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
    "moderation_stats",
    "rule_categories_current",
    "ruleset_current",
    "rulesets_published",
    "sanctions_active",
    "text_highlight",
]
