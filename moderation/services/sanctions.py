"""Sanctions: the policy, the ladder's proposal, applying a sanction and the sanction state it leaves on the user
row, the notice the account receives, and linked accounts (multi-account abuse sanctions every linked account)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import PERMANENT, User
from accounts.trust import trust_reset
from core.messages import Codes, joined, term
from core.models import AuditAction
from core.services import audit_record, notify

from ..errors import ModerationError
from ..models import RUNG_DAYS, AccountLink, Decision, RuleSet, Rung, Sanction, SanctionPolicy
from ..selectors import account_linked_ids, sanctions_active
from .access import require_moderator
from .rules import rules_by_code, ruleset_current_required

# --- Policy ---------------------------------------------------------------------------------------------------------


def sanction_policy() -> SanctionPolicy:
    """The newest policy row; the design's defaults when none is stored (e.g. a freshly flushed test database)."""
    return SanctionPolicy.objects.order_by("-id").first() or SanctionPolicy()


@transaction.atomic
def sanction_policy_update(*, actor: User, **fields) -> SanctionPolicy:
    """Admins edit the policy: a new row is written, so that earlier decisions' proposals stay explainable."""
    current = sanction_policy()
    before = {f: getattr(current, f) for f in fields}
    policy = SanctionPolicy.objects.create(
        base_rungs=fields.get("base_rungs", current.base_rungs),
        repeat_window_days=fields.get("repeat_window_days", current.repeat_window_days),
        repeat_step=fields.get("repeat_step", current.repeat_step),
        aggravating_rules=fields.get("aggravating_rules", current.aggravating_rules),
        aggravating_step=fields.get("aggravating_step", current.aggravating_step),
        multi_account_rules=fields.get("multi_account_rules", current.multi_account_rules),
        max_rung=fields.get("max_rung", current.max_rung),
        warnings_count=fields.get("warnings_count", current.warnings_count),
    )
    audit_record(
        actor=actor,
        action=AuditAction.POLICY_UPDATE,
        target=policy,
        before=before,
        after={f: getattr(policy, f) for f in fields},
    )
    return policy


# --- The ladder ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    rung: int
    steps: tuple[str, ...]

    @property
    def explanation(self) -> str:
        """The steps as one sentence, punctuated in the active language (；…。 in Chinese, "; …." in English)."""
        return _("；").join(self.steps) + _("。")


def _counted_sanctions(account_ids, *, since: datetime) -> QuerySet[Sanction]:
    """Sanctions that count for the ladder: in the window and not overturned (reduced ones still count)."""
    return Sanction.objects.filter(
        account_id__in=account_ids, starts_at__gte=since, status=Sanction.Status.ACTIVE
    ).exclude(decision__overturned_at__isnull=False)


def _counted_warnings(account_id: int, *, since: datetime) -> int:
    """Warnings about the account in the window that were not overturned (counted only when the policy says so)."""
    return Decision.objects.filter(
        action=Decision.Action.WARN, case__target_owner_id=account_id, created_at__gte=since, overturned_at__isnull=True
    ).count()


def sanction_propose(
    *, account: User, rule_codes, ruleset: RuleSet | None = None, now: datetime | None = None
) -> Proposal:
    """The rung the default policy proposes for `account` breaking `rule_codes`, with its explanation in words."""
    now = now or timezone.now()
    policy = sanction_policy()
    ruleset = ruleset or ruleset_current_required()
    rules = rules_by_code(ruleset, rule_codes)
    if not rules:
        raise ModerationError(_("请至少选择一条规则。"))
    steps: list[str] = []
    base_rule = max(rules.values(), key=lambda r: int(policy.base_rungs.get(r.category.code, 1)))
    rung = int(policy.base_rungs.get(base_rule.category.code, 1))
    steps.append(
        _("基础档位 R%(rung)s（第 %(cat)s 类「%(title)s」，规则 %(code)s）")
        % {
            "rung": rung,
            "cat": base_rule.category.code,
            "title": base_rule.category.title_display,
            "code": base_rule.code,
        }
    )
    earlier = (
        _counted_sanctions([account.pk], since=now - timedelta(days=policy.repeat_window_days))
        .values("decision_id")
        .distinct()
        .count()
    )
    if policy.warnings_count:
        warnings = _counted_warnings(account.pk, since=now - timedelta(days=policy.repeat_window_days))
        if warnings:
            rung += warnings * policy.repeat_step
            steps.append(
                _("%(days)s 天内有 %(n)s 次未被撤销的警告（处罚政策：警告计入），+%(step)s")
                % {"days": policy.repeat_window_days, "n": warnings, "step": warnings * policy.repeat_step}
            )
    if earlier:
        rung += earlier * policy.repeat_step
        steps.append(
            _("%(days)s 天内有 %(n)s 次未被撤销的处罚，+%(step)s")
            % {"days": policy.repeat_window_days, "n": earlier, "step": earlier * policy.repeat_step}
        )
    else:
        steps.append(_("%(days)s 天内没有未被撤销的处罚") % {"days": policy.repeat_window_days})
    reasons = []
    aggravating = [code for code in rules if code in policy.aggravating_rules]
    if aggravating:
        reasons.append(_("规则 %(codes)s 属加重情节") % {"codes": joined(aggravating)})
    if account.registration_cheating:
        reasons.append(_("账号注册时作弊"))
    linked = account_linked_ids(account=account)
    if linked and _counted_sanctions(linked, since=now - timedelta(days=policy.repeat_window_days)).exists():
        reasons.append(_("关联账号有违规处罚"))
    if reasons:
        rung += policy.aggravating_step
        steps.append(
            _("加重处罚（%(why)s），+%(step)s") % {"why": _("；").join(reasons), "step": policy.aggravating_step}
        )
    if rung > policy.max_rung:
        rung = policy.max_rung
        steps.append(_("以 R%(max)s 为上限") % {"max": policy.max_rung})
    steps.append(_("建议 %(label)s") % {"label": Rung(rung).label})
    return Proposal(rung=rung, steps=tuple(str(s) for s in steps))


# --- Enforcement: the sanction state on the user row ----------------------------------------------------------------


def sanction_end(rung: int, start: datetime) -> datetime | None:
    """When a sanction of `rung` started at `start` ends; None for a permanent mute or a ban."""
    days = RUNG_DAYS.get(Rung(rung))
    return start + timedelta(days=days) if days else None


def _sanction_state(account: User) -> dict:
    return {
        "muted_until": account.muted_until.isoformat() if account.muted_until else None,
        "banned_at": account.banned_at.isoformat() if account.banned_at else None,
        "sanction_rule": account.sanction_rule,
    }


@transaction.atomic
def account_sanction_sync(*, account: User, now: datetime | None = None) -> User:
    """Recompute the account's sanction state from its remaining active sanctions and write it on the user row.

    The strongest active sanction wins: a ban over any mute; among mutes the latest end (permanent last of all).
    An expired mute needs no job: `muted_until` is in the past and `accounts.policy` reads it as "not muted".
    """
    now = now or timezone.now()
    account = User.objects.select_for_update().get(pk=account.pk)
    active = sanctions_active(account=account, now=now)
    before = _sanction_state(account)
    bans = [s for s in active if s.is_ban]
    mutes = [s for s in active if not s.is_ban]
    governing = None
    account.banned_at = None
    account.muted_until = None
    if bans:
        governing = min(bans, key=lambda s: s.starts_at)
        account.banned_at = governing.starts_at
    if mutes:
        strongest = max(mutes, key=lambda s: s.ends_at or PERMANENT)
        account.muted_until = strongest.ends_at or PERMANENT
        governing = governing or strongest
    account.sanction_rule = "、".join(governing.rule_codes) if governing else ""
    account.sanction_decision_id = governing.decision_id if governing else None
    account.save(update_fields=["banned_at", "muted_until", "sanction_rule", "sanction_decision_id"])
    after = _sanction_state(account)
    if before != after:
        audit_record(actor=None, action=AuditAction.ACCOUNT_SANCTION_STATE, target=account, before=before, after=after)
    return account


def _sanction_notice(sanction: Sanction) -> tuple[str, str, dict]:
    """(subject, body, params) of the notice telling an account of its sanction (core.messages)."""
    params = {"rules": Codes(sanction.rule_codes), "label": term(Rung(sanction.rung).label)}
    if sanction.rung == Rung.R5:
        body = gettext_noop("您的账号因违反社区规则（%(rules)s）已被封停。如有异议，可在 30 天内申诉。")
    elif sanction.ends_at is None:
        body = gettext_noop("您的账号因违反社区规则（%(rules)s）已被永久禁言。如有异议，可在 30 天内申诉。")
    else:
        body = gettext_noop(
            "您的账号因违反社区规则（%(rules)s）被禁言至 %(until)s，期间不能发布内容，但仍可阅读、举报和申诉。"
            "如有异议，可在 30 天内申诉。"
        )
        params["until"] = timezone.localtime(sanction.ends_at).strftime("%Y-%m-%d %H:%M")
    return gettext_noop("账号处罚通知：%(label)s"), body, params


@transaction.atomic
def sanction_apply(*, decision: Decision, account: User, rung: int, via_link: bool, now: datetime) -> Sanction:
    """Sanction `account` under `decision`, update its sanction state and tell it. Caller (`case_decide`) has checked
    that the decision may be made and holds the case's lock."""
    sanction = Sanction.objects.create(
        decision=decision,
        account=account,
        rung=rung,
        rule_codes=decision.rule_codes,
        via_link=via_link,
        starts_at=now,
        ends_at=sanction_end(rung, now),
    )
    account_sanction_sync(account=account, now=now)
    trust_reset(user=account, now=now)  # a sanction drops the account to TL0: its next content is held again
    subject, body, params = _sanction_notice(sanction)
    notify(recipient=account, subject=subject, body=body, params=params, url=reverse("moderation:account_status"))
    return sanction


# --- Linked accounts ------------------------------------------------------------------------------------------------


@transaction.atomic
def account_link(*, account: User, other: User, moderator: User, reason: str = "") -> AccountLink:
    require_moderator(moderator)
    if account.pk == other.pk:
        raise ModerationError(_("不能把账号与自己关联。"))
    a, b = sorted([account.pk, other.pk])
    link, created = AccountLink.objects.get_or_create(
        account_a_id=a, account_b_id=b, defaults={"reason": reason[:300], "created_by": moderator}
    )
    if not created:
        raise ModerationError(_("这两个账号已经关联。"))
    audit_record(
        actor=moderator, action=AuditAction.ACCOUNT_LINK, target=account, after={"linked": other.pk, "reason": reason}
    )
    return link


@transaction.atomic
def account_unlink(*, account: User, other: User, moderator: User) -> None:
    require_moderator(moderator)
    a, b = sorted([account.pk, other.pk])
    deleted, _n = AccountLink.objects.filter(account_a_id=a, account_b_id=b).delete()
    if not deleted:
        raise ModerationError(_("这两个账号并未关联。"))
    audit_record(actor=moderator, action=AuditAction.ACCOUNT_UNLINK, target=account, before={"linked": other.pk})
