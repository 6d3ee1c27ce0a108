"""Appeals (申诉): one per decision, within 30 days, also from a banned account; reviewed by another moderator."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from core.messages import term
from core.models import AuditAction
from core.services import audit_record, notify

from ..constants import APPEAL_DAYS
from ..engine import Verdict
from ..errors import ModerationError
from ..models import Appeal, Decision, Rung, Sanction
from ..registry import adapter_for
from .access import appeal_conflict, require_moderator
from .cases import case_held_by_check
from .sanctions import account_sanction_sync, sanction_end
from .stats import stats_days_mark_dirty
from .targets import target_lock, target_of

APPEAL_AUDIT = {
    Appeal.Status.UPHELD: AuditAction.APPEAL_UPHELD,
    Appeal.Status.REDUCED: AuditAction.APPEAL_REDUCED,
    Appeal.Status.OVERTURNED: AuditAction.APPEAL_OVERTURNED,
}


def appeal_check(*, decision: Decision, appellant: User, now: datetime | None = None) -> None:
    """Raise a ModerationError fit to show unless `appellant` may appeal `decision` now."""
    now = now or timezone.now()
    affected = {decision.case.target_owner_id, *decision.sanctions.values_list("account_id", flat=True)}
    if appellant.pk not in affected:
        raise ModerationError(_("只能对与您本人有关的处理决定提出申诉。"))
    if decision.action == Decision.Action.DISMISS:
        raise ModerationError(_("该举报已被驳回，无需申诉。"))
    if decision.is_overturned:
        raise ModerationError(_("该处理决定已被撤销。"))
    if Appeal.objects.filter(decision=decision).exists():
        raise ModerationError(_("每个处理决定只能申诉一次，您已经提交过申诉。"))
    if now > decision.created_at + timedelta(days=APPEAL_DAYS):
        raise ModerationError(_("申诉期限已过：请在处理决定作出后 %(days)s 天内申诉。") % {"days": APPEAL_DAYS})


@transaction.atomic
def appeal_file(*, decision: Decision, appellant: User, text: str, now: datetime | None = None) -> Appeal:
    """File an appeal (申诉) of a decision: one per decision, within 30 days; a banned account may appeal too."""
    decision = Decision.objects.select_for_update().select_related("case").get(pk=decision.pk)
    text = (text or "").strip()
    if not text:
        raise ModerationError(_("请填写申诉理由。"))
    appeal_check(decision=decision, appellant=appellant, now=now)
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(decision=decision, appellant=appellant, text=text)
    except IntegrityError:
        raise ModerationError(_("每个处理决定只能申诉一次，您已经提交过申诉。")) from None
    notify(
        recipient=appellant,
        subject=gettext_noop("申诉已收到"),
        body=gettext_noop("我们已收到您对处理决定 #%(id)s 的申诉，将由另一位审核员复核，结果会通知您。"),
        params={"id": decision.pk},
        url=reverse("moderation:account_status"),
    )
    return appeal


@transaction.atomic
def appeal_review(
    *,
    appeal: Appeal,
    reviewer: User,
    outcome: str,
    reason: str,
    reduced_to: int | None = None,
    now: datetime | None = None,
) -> Appeal:
    """Review an appeal: upheld, reduced (a lower rung) or overturned (sanctions lifted, content restored).

    The reviewer is never the moderator who decided. An overturned decision no longer counts for the ladder.
    """
    require_moderator(reviewer, "moderation.review_appeal")
    now = now or timezone.now()
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    decision = Decision.objects.select_for_update().select_related("case").get(pk=appeal.decision_id)
    if appeal.status != Appeal.Status.PENDING:
        raise ModerationError(_("该申诉已经复核完毕。"))
    if (
        conflict := appeal_conflict(decision=decision, reviewer=reviewer, appellant_id=appeal.appellant_id)
    ) is not None:
        raise ModerationError(conflict)
    if outcome not in (Appeal.Status.UPHELD, Appeal.Status.REDUCED, Appeal.Status.OVERTURNED):
        raise ModerationError(_("请选择复核结果。"))
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_("请填写复核理由。"))
    sanctions = list(Sanction.objects.select_for_update().filter(decision=decision))
    before = {"decision": decision.pk, "rungs": {s.account_id: s.rung for s in sanctions}, "status": appeal.status}
    if outcome == Appeal.Status.REDUCED:
        appeal.reduced_to = _decision_reduce(decision=decision, sanctions=sanctions, reduced_to=reduced_to)
    elif outcome == Appeal.Status.OVERTURNED:
        _decision_overturn(decision=decision, sanctions=sanctions, now=now)
    for account in User.objects.filter(pk__in=[s.account_id for s in sanctions]):
        account_sanction_sync(account=account, now=now)
    appeal.status = outcome
    appeal.reviewer = reviewer
    appeal.outcome_reason = reason
    appeal.reviewed_at = now
    appeal.save(update_fields=["status", "reviewer", "outcome_reason", "reviewed_at", "reduced_to"])
    # The statistics count an appeal on the day it was filed with its status now, and a sanction with its rung now.
    stats_days_mark_dirty(moments=[appeal.created_at, now, *(s.starts_at for s in sanctions)])
    audit_record(
        actor=reviewer,
        action=APPEAL_AUDIT[outcome],
        target=appeal,
        rule_codes=decision.rule_codes,
        before=before,
        after={"status": outcome, "reduced_to": appeal.reduced_to, "overturned": decision.is_overturned},
    )
    notify(
        recipient=appeal.appellant,
        subject=gettext_noop("申诉结果：%(outcome)s"),
        body=gettext_noop("您对处理决定 #%(id)s 的申诉已复核，结果：%(outcome)s。理由：%(reason)s"),
        params={"id": decision.pk, "outcome": term(Appeal.Status(appeal.status).label), "reason": reason},
        url=reverse("moderation:account_status"),
    )
    return appeal


def _decision_reduce(*, decision: Decision, sanctions: list[Sanction], reduced_to) -> int:
    """Lower the decision's sanctions to `reduced_to` (a rung below the decided one); they keep their start."""
    if not sanctions or decision.rung is None:
        raise ModerationError(_("该处理决定没有处罚，无法减轻。"))
    try:
        reduced_to = int(reduced_to or 0)
    except (TypeError, ValueError):
        reduced_to = 0
    if reduced_to not in Rung.values or reduced_to >= decision.rung:
        raise ModerationError(_("减轻后的档位必须低于原档位 R%(r)s。") % {"r": decision.rung})
    for sanction in sanctions:
        sanction.reduced_from = sanction.rung
        sanction.rung = reduced_to
        sanction.ends_at = sanction_end(reduced_to, sanction.starts_at)
        sanction.save(update_fields=["reduced_from", "rung", "ends_at"])
    decision.rung = reduced_to
    decision.save(update_fields=["rung"])
    return reduced_to


def _decision_overturn(*, decision: Decision, sanctions: list[Sanction], now: datetime) -> None:
    """Lift the sanctions, mark the decision overturned and restore removed content."""
    for sanction in sanctions:
        sanction.status = Sanction.Status.OVERTURNED
        sanction.lifted_at = now
        sanction.save(update_fields=["status", "lifted_at"])
    decision.overturned_at = now
    decision.save(update_fields=["overturned_at"])
    target = target_of(decision.case)
    if target is None or not adapter_for(target).is_content:
        return
    if decision.action in (Decision.Action.DISMISS, Decision.Action.WARN):
        return  # neither touched the content beyond releasing it
    # Undo exactly what the decision did: the content it hid, the pending edit it rejected; nothing else.
    target = target_lock(target)
    adapter = adapter_for(target)
    if decision.content_hidden:
        adapter.restore(target)
    if decision.revision_id is not None:
        adapter.restore(target, revision_id=decision.revision_id)
    if case_held_by_check(decision.case):
        # It had been held by a check when removed: the overturn is also the moderator's release (of an edit
        # that a newer one replaced since, nothing).
        release = decision.revision_id if decision.revision_id is not None else decision.case.content_check.revision_id
        adapter.apply_verdict(target, revision_id=release, verdict=Verdict.PASS, rule="")
