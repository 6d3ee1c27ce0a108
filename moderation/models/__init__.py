"""Moderation's models, one module per sub-domain; every model is importable from `moderation.models`."""

from .appeals import Appeal, Feedback, FeedbackReply
from .cases import Case, Decision, Report
from .checks import (
    VERDICT_CHOICES,
    VERDICT_LABELS,
    CheckClassifier,
    CheckPolicy,
    ContentCheck,
    LexiconTerm,
    LexiconVersion,
)
from .notes import AccountNote, EscalationStep
from .rules import Rule, RuleCategory, RuleSet
from .sanctions import (
    RUNG_DAYS,
    AccountLink,
    Rung,
    Sanction,
    SanctionPolicy,
    _default_aggravating_rules,  # noqa: F401 - historical migrations name these defaults by this path
    _default_base_rungs,  # noqa: F401
    _default_multi_account_rules,  # noqa: F401
)
from .stats import StatsCount, StatsDay, StatsDirtyDay

__all__ = [
    "RUNG_DAYS",
    "VERDICT_CHOICES",
    "VERDICT_LABELS",
    "AccountLink",
    "AccountNote",
    "Appeal",
    "Case",
    "CheckClassifier",
    "CheckPolicy",
    "ContentCheck",
    "Decision",
    "EscalationStep",
    "Feedback",
    "FeedbackReply",
    "LexiconTerm",
    "LexiconVersion",
    "Report",
    "Rule",
    "RuleCategory",
    "RuleSet",
    "Rung",
    "Sanction",
    "SanctionPolicy",
    "StatsCount",
    "StatsDay",
    "StatsDirtyDay",
]
