"""Deciding a case: dismiss, warn, remove the content, or remove it and sanction the account; and bulk dismissal.

A warning (警告) is a decision without a penalty: the content stays (content a check held is released, as on a
dismissal), the owner is told which rule they broke, and whether it counts on the ladder is the sanction policy's
`warnings_count`.

`case_decide` is one transaction made of named steps: lock the open case, resolve the ruling (rules, reason, target,
rung), record the decision, act on the content, apply the sanctions, close the case with its audit row, notify.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from core.messages import Codes, Sentence
from core.models import AuditAction
from core.services import audit_record, notify

from ..engine import Verdict
from ..errors import ModerationError
from ..models import Case, Decision, Report, Rule, RuleSet, Rung, Sanction
from ..registry import adapter_for
from ..selectors import account_linked_ids
from .access import case_conflict, require_moderator
from .cases import case_held_by_check, case_pending_edit
from .rules import rules_by_code, ruleset_current_required
from .sanctions import Proposal, sanction_apply, sanction_policy, sanction_propose
from .targets import target_lock, target_of, target_snapshot

DECISION_AUDIT = {
    Decision.Action.DISMISS: AuditAction.CASE_DISMISS,
    Decision.Action.WARN: AuditAction.CASE_WARN,
    Decision.Action.REMOVE: AuditAction.CASE_REMOVE,
    Decision.Action.SANCTION: AuditAction.CASE_SANCTION,
}


@dataclass(frozen=True)
class _Ruling:
    """What the moderator decided, validated: the inputs every later step of `case_decide` reads."""

    action: str
    ruleset: RuleSet
    rules: dict[str, Rule]
    reason: str
    proposal: Proposal | None
    rung: int | None
    rung_reason: str


@transaction.atomic
def case_decide(
    *,
    case: Case,
    moderator: User,
    action: str,
    rule_codes,
    reason: str,
    rung: int | None = None,
    rung_reason: str = "",
    now: datetime | None = None,
) -> Decision:
    """Decide a case once: dismiss, remove the content, or remove it and sanction the account.

    Reads the case under `select_for_update()`: of two moderators deciding at once, the second finds it decided.
    """
    require_moderator(moderator)
    now = now or timezone.now()
    case = _case_lock_open(case=case, moderator=moderator, action=action, now=now)
    target = target_of(case)
    is_content = target is not None and adapter_for(target).is_content
    ruling = _ruling_resolve(
        case=case,
        action=action,
        rule_codes=rule_codes,
        reason=reason,
        rung=rung,
        rung_reason=rung_reason,
        target=target,
        is_content=is_content,
        now=now,
    )
    edit = case_pending_edit(case, target) if is_content else None
    decision, target = _decision_record(case=case, moderator=moderator, ruling=ruling, target=target, edit=edit)
    removed, released = _content_act(case=case, decision=decision, target=target, is_content=is_content)
    sanctions = _sanctions_apply(
        decision=decision, account=case.target_owner, ruling=ruling, moderator=moderator, now=now
    )
    _case_close(case=case, now=now)
    _decision_audit(
        case=case,
        decision=decision,
        ruling=ruling,
        moderator=moderator,
        removed=removed,
        released=released,
        sanctions=sanctions,
    )
    _decision_notify(
        case=case,
        decision=decision,
        ruling=ruling,
        removed=removed,
        edit_rejected=edit is not None,
        is_content=is_content,
    )
    return decision


def _case_lock_open(*, case: Case, moderator: User, action: str, now: datetime) -> Case:
    """The case again, locked, if `moderator` may decide it now: open, not about themselves, not claimed by another."""
    if action not in Decision.Action.values:
        raise ModerationError(_("请选择处理方式。"), field="action")
    case = Case.objects.select_for_update(of=("self",)).select_related("target_owner", "content_check").get(pk=case.pk)
    if case.status != Case.Status.OPEN:
        raise ModerationError(_("该案件已经处理完毕，不能重复处理。"))
    if (conflict := case_conflict(case=case, moderator=moderator)) is not None:
        raise ModerationError(conflict, status=403)
    if case.claim_active(now) and case.claimed_by_id != moderator.pk:
        raise ModerationError(_("该案件已由 %(who)s 认领，请等待其处理或锁定到期。") % {"who": case.claimed_by})
    return case


def _ruling_resolve(
    *,
    case: Case,
    action: str,
    rule_codes,
    reason: str,
    rung: int | None,
    rung_reason: str,
    target: Model | None,
    is_content: bool,
    now: datetime,
) -> _Ruling:
    """Check the rules cited, the reason and what the action can do to the target; for a sanction, the rung."""
    reason = (reason or "").strip()
    codes = [str(c).strip() for c in (rule_codes or []) if str(c).strip()]
    if action == Decision.Action.DISMISS and not codes:
        # Dismissing noise need not retype the rules: it cites what the reports cited.
        codes = list(dict.fromkeys(r for r in case.reports.values_list("rule_code", flat=True) if r))
    if not codes:
        raise ModerationError(_("处理决定必须引用至少一条规则。"), field="rule_codes")
    ruleset = ruleset_current_required()
    try:
        rules = rules_by_code(ruleset, codes)
    except ModerationError as exc:
        raise ModerationError(exc.message, status=exc.status, field="rule_codes") from exc
    if not reason:
        raise ModerationError(_("请填写处理理由。"), field="reason")
    if action == Decision.Action.REMOVE and not is_content:
        raise ModerationError(_("账号举报只能驳回或处罚账号。"), field="action")
    if target is None and action != Decision.Action.DISMISS:
        raise ModerationError(_("被举报的对象已不存在，只能驳回。"), field="action")
    proposal = None
    if action == Decision.Action.SANCTION:
        proposal = sanction_propose(account=case.target_owner, rule_codes=list(rules), ruleset=ruleset, now=now)
        if rung in (None, "", 0):
            rung = proposal.rung
        rung = int(rung)
        if rung not in Rung.values:
            raise ModerationError(_("处罚档位无效。"), field="rung")
        rung_reason = (rung_reason or "").strip()
        if rung != proposal.rung and not rung_reason:
            raise ModerationError(
                _("选择与建议（R%(r)s）不同的档位时，请写明理由。") % {"r": proposal.rung}, field="rung_reason"
            )
    else:
        rung, rung_reason = None, ""
    return _Ruling(
        action=action,
        ruleset=ruleset,
        rules=rules,
        reason=reason,
        proposal=proposal,
        rung=rung,
        rung_reason=rung_reason,
    )


def _decision_record(
    *, case: Case, moderator: User, ruling: _Ruling, target: Model | None, edit: int | None
) -> tuple[Decision, Model | None]:
    """Snapshot the target as decided (content locked first; the pending edit when the case is about one) and
    write the Decision. Returns the locked target."""
    if target is not None:
        if adapter_for(target).is_content:
            target = target_lock(target)
        case.snapshot_decided = target_snapshot(target, revision_id=edit)
    proposal = ruling.proposal
    decision = Decision.objects.create(
        case=case,
        moderator=moderator,
        action=ruling.action,
        ruleset=ruling.ruleset,
        rule_codes=list(ruling.rules),
        category_code=_category_of(list(ruling.rules)),
        reason=ruling.reason,
        proposed_rung=proposal.rung if proposal else None,
        proposal_explanation=proposal.explanation if proposal else "",
        rung=ruling.rung,
        rung_reason=ruling.rung_reason,
        revision_id=edit,
    )
    return decision, target


def _category_of(codes: list[str]) -> str:
    """The category of the first rule cited ("3.2" → "3"): what statistics group the decision under."""
    return str(codes[0]).split(".")[0][:4] if codes else ""


def _content_act(*, case: Case, decision: Decision, target: Model | None, is_content: bool) -> tuple[bool, bool]:
    """Act on what the case is about. Returns (removed, released).

    A case about a pending edit of public content (`decision.revision_id`) acts on that edit only: removal rejects
    it and the public copy stays, dismissal publishes it. The public copy is hidden too only when readers reported
    it. Other content is hidden (never deleted) whatever its state, unless it is already hidden; content a check
    held is released when the case is dismissed.
    """
    if not is_content:
        return False, False
    adapter = adapter_for(target)
    edit = decision.revision_id
    if decision.action in (Decision.Action.DISMISS, Decision.Action.WARN):
        if not case_held_by_check(case):
            return False, False
        # Content an automatic check held waits for a moderator: dismissing the case releases it.
        release = edit if edit is not None else case.content_check.revision_id
        adapter.apply_verdict(target, revision_id=release, verdict=Verdict.PASS, rule="")
        return False, True
    removed = False
    if edit is not None:
        adapter.hide(target, revision_id=edit, rule=decision.rule_codes[0])
        removed = True
    if (edit is None or case.has_reports) and case.snapshot_decided.get("status") != "removed":
        adapter.hide(target)
        decision.content_hidden = True
        decision.save(update_fields=["content_hidden"])
        removed = True
    return removed, False


def _sanctions_apply(
    *, decision: Decision, account: User, ruling: _Ruling, moderator: User, now: datetime
) -> list[Sanction]:
    """Sanction the account, and every linked account when a multi-account rule applies (never the moderator)."""
    if ruling.action != Decision.Action.SANCTION:
        return []
    rung = ruling.rung
    sanctions = [sanction_apply(decision=decision, account=account, rung=rung, via_link=False, now=now)]
    if set(ruling.rules) & set(sanction_policy().multi_account_rules):
        for linked in User.objects.filter(pk__in=account_linked_ids(account=account)).exclude(pk=moderator.pk):
            sanctions.append(sanction_apply(decision=decision, account=linked, rung=rung, via_link=True, now=now))
    return sanctions


def _case_close(*, case: Case, now: datetime) -> None:
    case.status = Case.Status.DECIDED
    case.decided_at = now
    case.claimed_by = None
    case.claimed_until = None
    case.save(update_fields=["status", "decided_at", "claimed_by", "claimed_until", "snapshot_decided"])
    case.reports.update(status=Report.Status.CLOSED)


def _decision_audit(
    *,
    case: Case,
    decision: Decision,
    ruling: _Ruling,
    moderator: User,
    removed: bool,
    released: bool,
    sanctions: list[Sanction],
) -> None:
    audit_record(
        actor=moderator,
        action=DECISION_AUDIT[ruling.action],
        target=case,
        rule_codes=decision.rule_codes,
        before={"case": Case.Status.OPEN, "content": case.snapshot_reported.get("status")},
        after={
            "case": Case.Status.DECIDED,
            "decision": decision.pk,
            "ruleset": ruling.ruleset.version,
            "content": (case.snapshot_decided or {}).get("status"),
            "removed": removed,
            "released": released,
            "edit": decision.revision_id,
            "content_hidden": decision.content_hidden,
            "rung": ruling.rung,
            "proposed_rung": decision.proposed_rung,
            "sanctioned": [s.account_id for s in sanctions],
        },
    )


def _decision_notify(
    *, case: Case, decision: Decision, ruling: _Ruling, removed: bool, edit_rejected: bool, is_content: bool
) -> None:
    """Tell the owner their content (or their edit) was removed (sanctioned accounts got their own notice) and
    every reporter."""
    values = {
        "what": case.target_repr[:40],
        "rules": Codes(decision.rule_codes),
        "reason": Sentence(ruling.reason),  # a reason typed with its own 。 (or ！/？) does not get a second
    }
    if decision.action == Decision.Action.WARN:
        subject = gettext_noop("您收到一次警告")
        body = gettext_noop(
            "您发布的「%(what)s」违反了社区规则（%(rules)s），这次是警告，不影响您的账号和内容。"
            "理由：%(reason)s请遵守社区规则；如有异议，可在 30 天内申诉。"
        )
        if not is_content:
            body = gettext_noop(
                "您的账号违反了社区规则（%(rules)s），这次是警告，不影响您的账号。"
                "理由：%(reason)s请遵守社区规则；如有异议，可在 30 天内申诉。"
            )
    elif edit_rejected and not decision.content_hidden:
        subject = gettext_noop("您对文章的修改未通过审核")
        body = gettext_noop(
            "您对「%(what)s」的修改因违反社区规则（%(rules)s）未予发布，公开的版本不受影响。"
            "理由：%(reason)s如有异议，可在 30 天内申诉。"
        )
    elif removed:
        subject = gettext_noop("您发布的内容已被移除")
        body = gettext_noop(
            "您发布的内容「%(what)s」因违反社区规则（%(rules)s）已被移除。理由：%(reason)s如有异议，可在 30 天内申诉。"
        )
    else:
        subject = None
    if subject is not None:
        notify(
            recipient=case.target_owner,
            subject=subject,
            body=body,
            params=values,
            url=reverse("moderation:account_status"),
        )
    _notify_reporters(case, action_taken=ruling.action != Decision.Action.DISMISS)


def _notify_reporters(case: Case, *, action_taken: bool) -> None:
    reporters = User.objects.filter(
        pk__in=Report.objects.filter(case=case, reporter__isnull=False).values("reporter_id")
    )
    subject = gettext_noop("您的举报已处理")
    if action_taken:
        body = gettext_noop("感谢您的举报。经审核，我们已依据社区规则对被举报的对象采取了处理措施。")
    else:
        body = gettext_noop("感谢您的举报。经审核，被举报的对象暂未发现违反社区规则的情况，未作处理。")
    for reporter in reporters:
        notify(recipient=reporter, subject=subject, body=body, url=reverse("moderation:rules"))


def case_dismiss_bulk(*, cases, moderator: User, reason: str) -> tuple[int, list[str]]:
    """Dismiss many obvious-noise cases; each in its own transaction. Returns (dismissed, messages for the rest)."""
    done, problems = 0, []
    for case in cases:
        try:
            case_decide(case=case, moderator=moderator, action=Decision.Action.DISMISS, rule_codes=[], reason=reason)
        except ModerationError as exc:
            problems.append(f"#{case.pk}: {exc}")
        else:
            done += 1
    return done, problems
