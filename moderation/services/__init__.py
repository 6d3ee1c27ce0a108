"""Writes for moderation, one module per sub-domain. Views, admin, commands and tasks call these.

The public names are re-exported here so that `from moderation import services; services.case_decide(...)` keeps
working; new code may import from the sub-module that owns a name.
"""

from ..errors import ModerationError
from .access import appeal_conflict, case_conflict, case_is_about, require_moderator, staff_refusal
from .appeals import appeal_check, appeal_file, appeal_review
from .cases import case_claim, case_open_for_check, case_release
from .decisions import case_decide, case_dismiss_bulk
from .escalation import case_escalation_sweep, escalation_step_delete, escalation_step_save
from .feedback import (
    feedback_assign,
    feedback_conflict,
    feedback_handle,
    feedback_kinds_for,
    feedback_reply,
    feedback_status_set,
    feedback_submit,
)
from .notes import account_note_add, note_conflict
from .reports import report_check, report_create
from .rules import RULES_V1, ruleset_copy, ruleset_load, ruleset_publish
from .sanctions import (
    Proposal,
    account_link,
    account_sanction_sync,
    account_unlink,
    sanction_apply,
    sanction_policy,
    sanction_policy_update,
    sanction_propose,
)
from .stats import stats_days_mark_dirty, stats_days_rollup, stats_rollup_missing
from .targets import (
    target_is_available,
    target_kind,
    target_owner,
    target_resolve,
    target_resolve_public,
    target_snapshot,
)

# The automatic checks and the lexicon (services/checks.py, services/lexicon.py) re-export below.

__all__ = [
    "stats_days_mark_dirty",
    "stats_days_rollup",
    "stats_rollup_missing",
    "account_note_add",
    "case_escalation_sweep",
    "escalation_step_delete",
    "escalation_step_save",
    "feedback_assign",
    "feedback_conflict",
    "feedback_kinds_for",
    "feedback_reply",
    "feedback_status_set",
    "note_conflict",
    "RULES_V1",
    "ModerationError",
    "Proposal",
    "account_link",
    "account_sanction_sync",
    "account_unlink",
    "appeal_check",
    "appeal_conflict",
    "appeal_file",
    "appeal_review",
    "case_claim",
    "case_conflict",
    "case_decide",
    "case_dismiss_bulk",
    "case_is_about",
    "case_open_for_check",
    "case_release",
    "feedback_handle",
    "feedback_submit",
    "report_check",
    "report_create",
    "require_moderator",
    "ruleset_copy",
    "ruleset_load",
    "ruleset_publish",
    "sanction_apply",
    "sanction_policy",
    "sanction_policy_update",
    "sanction_propose",
    "staff_refusal",
    "target_is_available",
    "target_kind",
    "target_owner",
    "target_resolve",
    "target_resolve_public",
    "target_snapshot",
]

# The automatic checks, the lexicon and the draft rule editor. After `__all__` so that the sub-domains above, which
# these build on (cases), are imported first.
from .checks import check_enqueue, check_run, check_submit, checks_sweep, rescan_published, rescan_start  # noqa: E402
from .drafts import rule_draft_save, ruleset_detectors_validate, ruleset_draft_delete, ruleset_draft_update  # noqa: E402
from .lexicon import (  # noqa: E402
    DEFAULT_LEXICON_CSV,
    ImportResult,
    LexiconError,
    lexicon_changed,
    lexicon_import,
    lexicon_term_delete,
    lexicon_term_save,
    lexicon_term_validate,
)

__all__ += [
    "DEFAULT_LEXICON_CSV",
    "ImportResult",
    "LexiconError",
    "check_enqueue",
    "check_run",
    "check_submit",
    "checks_sweep",
    "lexicon_changed",
    "lexicon_import",
    "lexicon_term_delete",
    "lexicon_term_save",
    "lexicon_term_validate",
    "rescan_published",
    "rescan_start",
    "rule_draft_save",
    "ruleset_detectors_validate",
    "ruleset_draft_delete",
    "ruleset_draft_update",
]
