"""Writes for moderation. Views, admin, commands and tasks call these."""

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Model, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import PERMANENT, User
from core.errors import ApplicationError
from core.models import AuditAction
from core.ratelimits import rate
from core.services import audit_record, notify

from . import registry
from .engine import Verdict
from .models import (
    RUNG_DAYS,
    AccountLink,
    Appeal,
    Case,
    ContentCheck,
    Decision,
    Feedback,
    Report,
    Rule,
    RuleCategory,
    RuleSet,
    Rung,
    Sanction,
    SanctionPolicy,
)
from .registry import adapter_for

RULES_V1 = Path(__file__).resolve().parent / "data" / "rules-v1.json"


class ModerationError(ApplicationError):
    """A refused moderation operation; the message is fit to show the user (status 400, 403 or 429)."""


@transaction.atomic
def ruleset_load(*, path: Path = RULES_V1, make_current: bool = True) -> tuple[RuleSet, bool]:
    """Load a rules file (JSON, the shape of data/rules-v1.json). Idempotent per version: returns (ruleset, created).

    A new version never touches earlier ones: decisions keep the version and codes they applied.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    existing = RuleSet.objects.filter(version=data["version"]).first()
    if existing is not None:
        return existing, False
    if make_current:
        RuleSet.objects.filter(is_current=True).update(is_current=False)
    ruleset = RuleSet.objects.create(
        version=data["version"],
        name=data["name"],
        preamble=data["preamble"],
        legal_basis=data.get("legal_basis", ""),
        penalties=data["penalties"],
        appeals=data["appeals"],
        is_current=make_current,
    )
    position = 0
    for cat in data["categories"]:
        category = RuleCategory.objects.create(
            ruleset=ruleset, code=cat["code"], title=cat["title"], gloss=cat["gloss"]
        )
        for rule in cat["rules"]:
            position += 1
            Rule.objects.create(
                ruleset=ruleset,
                category=category,
                code=rule["code"],
                title=rule["title"],
                gloss=rule["gloss"],
                aggravating=rule["aggravating"],
                position=position,
            )
    return ruleset, True


# --- Targets: whatever a registered adapter moderates (articles and comments from their app; accounts) -----------

APPEAL_DAYS = 30
DECISION_AUDIT = {
    Decision.Action.DISMISS: AuditAction.CASE_DISMISS,
    Decision.Action.REMOVE: AuditAction.CASE_REMOVE,
    Decision.Action.SANCTION: AuditAction.CASE_SANCTION,
}
APPEAL_AUDIT = {
    Appeal.Status.UPHELD: AuditAction.APPEAL_UPHELD,
    Appeal.Status.REDUCED: AuditAction.APPEAL_REDUCED,
    Appeal.Status.OVERTURNED: AuditAction.APPEAL_OVERTURNED,
}
CLAIM_MINUTES = 15


def target_kind(target) -> str:
    return adapter_for(target).kind


def target_owner(target) -> User:
    return adapter_for(target).owner(target)


def target_snapshot(target) -> dict:
    """A frozen, JSON-serialisable copy of the target as it is now, with its kind."""
    adapter = adapter_for(target)
    return {"kind": adapter.kind, **adapter.snapshot(target)}


def target_is_available(target) -> bool:
    """May this target still be reported? Content must be public; an account must be active and not banned."""
    return adapter_for(target).is_public(target)


def target_resolve(*, kind: str, target_id) -> Model:
    """The object a report names (`type=article|comment|user&id=`), or a ModerationError fit to show."""
    model_class = registry.model_for_kind(kind)
    if model_class is None:
        raise ModerationError(_("举报对象类型无效。"))
    try:
        pk = int(target_id)
    except (TypeError, ValueError, OverflowError):
        raise ModerationError(_("举报对象不存在。"), status=404) from None
    if not 0 < pk < 2**63:
        raise ModerationError(_("举报对象不存在。"), status=404)
    target = model_class._default_manager.filter(pk=pk).first()
    if target is None:
        raise ModerationError(_("举报对象不存在。"), status=404)
    return target


def _target_of(case_or_report) -> Model | None:
    model_class = case_or_report.target_type.model_class()
    if model_class is None:
        return None
    return model_class._default_manager.filter(pk=case_or_report.target_id).first()


def _lock_target_row(target) -> Model:
    return type(target)._default_manager.select_for_update().get(pk=target.pk)


# --- Rules ----------------------------------------------------------------------------------------------------------


def _current_ruleset() -> RuleSet:
    ruleset = RuleSet.objects.filter(is_current=True).first()
    if ruleset is None:
        raise ModerationError(_("社区规则尚未载入。"))
    return ruleset


def _rules_by_code(ruleset: RuleSet, codes) -> dict[str, Rule]:
    codes = [str(c).strip() for c in codes if str(c).strip()]
    rules = {r.code: r for r in Rule.objects.filter(ruleset=ruleset, code__in=codes).select_related("category")}
    unknown = [c for c in codes if c not in rules]
    if unknown:
        raise ModerationError(_("规则编号不存在：%(codes)s") % {"codes": "、".join(unknown)})
    return {c: rules[c] for c in codes}


def _rule_severity(rule: Rule, policy: SanctionPolicy) -> int:
    base = int(policy.base_rungs.get(rule.category.code, 1))
    if rule.code in policy.aggravating_rules:
        base += policy.aggravating_step
    return min(base, policy.max_rung)


@transaction.atomic
def ruleset_copy(*, source: RuleSet, actor: User) -> RuleSet:
    """Start a new version (a draft) as a copy of `source`. Earlier versions and their decisions are untouched."""
    version = (RuleSet.objects.order_by("-version").values_list("version", flat=True).first() or 0) + 1
    draft = RuleSet.objects.create(
        version=version,
        name=source.name,
        preamble=source.preamble,
        legal_basis=source.legal_basis,
        penalties=source.penalties,
        appeals=source.appeals,
        is_current=False,
        is_draft=True,
    )
    categories = {}
    for category in source.categories.all():
        categories[category.pk] = RuleCategory.objects.create(
            ruleset=draft, code=category.code, title=category.title, gloss=category.gloss
        )
    Rule.objects.bulk_create(
        Rule(
            ruleset=draft,
            category=categories[rule.category_id],
            code=rule.code,
            title=rule.title,
            gloss=rule.gloss,
            aggravating=rule.aggravating,
            position=rule.position,
        )
        for rule in source.rules.all()
    )
    audit_record(
        actor=actor, action=AuditAction.RULESET_COPY, target=draft, after={"version": version, "from": source.version}
    )
    return draft


@transaction.atomic
def ruleset_publish(*, ruleset: RuleSet, actor: User) -> RuleSet:
    """Make a draft the current version. Decisions keep the version they applied."""
    ruleset = RuleSet.objects.select_for_update().get(pk=ruleset.pk)
    if ruleset.is_current:
        raise ModerationError(_("该版本已是现行版本。"))
    if not ruleset.rules.exists():
        raise ModerationError(_("该版本没有任何规则，不能发布。"))
    previous = RuleSet.objects.select_for_update().filter(is_current=True).first()
    RuleSet.objects.filter(is_current=True).update(is_current=False)
    ruleset.is_current = True
    ruleset.is_draft = False
    ruleset.published_at = timezone.now()
    ruleset.save(update_fields=["is_current", "is_draft", "published_at"])
    audit_record(
        actor=actor,
        action=AuditAction.RULESET_PUBLISH,
        target=ruleset,
        before={"current": previous.version if previous else None},
        after={"current": ruleset.version},
    )
    return ruleset


# --- Sanction policy and the ladder ---------------------------------------------------------------------------------


def sanction_policy() -> SanctionPolicy:
    """The newest policy row; the design's defaults when none is stored (e.g. a freshly flushed test database)."""
    return SanctionPolicy.objects.order_by("-id").first() or SanctionPolicy()


@dataclass(frozen=True)
class Proposal:
    rung: int
    steps: tuple[str, ...]

    @property
    def explanation(self) -> str:
        return "；".join(self.steps) + "。"


def account_linked_ids(*, account: User) -> set[int]:
    pairs = AccountLink.objects.filter(Q(account_a=account) | Q(account_b=account)).values_list(
        "account_a_id", "account_b_id"
    )
    return {a if b == account.pk else b for a, b in pairs}


def _counted_sanctions(account_ids, *, since: datetime) -> QuerySet[Sanction]:
    """Sanctions that count for the ladder: in the window and not overturned (reduced ones still count)."""
    return Sanction.objects.filter(
        account_id__in=account_ids, starts_at__gte=since, status=Sanction.Status.ACTIVE
    ).exclude(decision__overturned_at__isnull=False)


def sanction_propose(
    *, account: User, rule_codes, ruleset: RuleSet | None = None, now: datetime | None = None
) -> Proposal:
    """The rung the default policy proposes for `account` breaking `rule_codes`, with its explanation in words."""
    now = now or timezone.now()
    policy = sanction_policy()
    ruleset = ruleset or _current_ruleset()
    rules = _rules_by_code(ruleset, rule_codes)
    if not rules:
        raise ModerationError(_("请至少选择一条规则。"))
    steps: list[str] = []
    base_rule = max(rules.values(), key=lambda r: int(policy.base_rungs.get(r.category.code, 1)))
    rung = int(policy.base_rungs.get(base_rule.category.code, 1))
    steps.append(
        _("基础档位 R%(rung)s（第 %(cat)s 类「%(title)s」，规则 %(code)s）")
        % {"rung": rung, "cat": base_rule.category.code, "title": base_rule.category.title, "code": base_rule.code}
    )
    earlier = (
        _counted_sanctions([account.pk], since=now - timedelta(days=policy.repeat_window_days))
        .values("decision_id")
        .distinct()
        .count()
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
        reasons.append(_("规则 %(codes)s 属加重情节") % {"codes": "、".join(aggravating)})
    if account.registration_cheating:
        reasons.append(_("账号注册时作弊"))
    linked = account_linked_ids(account=account)
    if linked and _counted_sanctions(linked, since=now - timedelta(days=policy.repeat_window_days)).exists():
        reasons.append(_("关联账号有违规处罚"))
    if reasons:
        rung += policy.aggravating_step
        steps.append(_("加重处罚（%(why)s），+%(step)s") % {"why": "；".join(reasons), "step": policy.aggravating_step})
    if rung > policy.max_rung:
        rung = policy.max_rung
        steps.append(_("以 R%(max)s 为上限") % {"max": policy.max_rung})
    steps.append(_("建议 %(label)s") % {"label": Rung(rung).label})
    return Proposal(rung=rung, steps=tuple(str(s) for s in steps))


# --- Enforcement: the sanction state on the user row ----------------------------------------------------------------


def _sanction_end(rung: int, start: datetime) -> datetime | None:
    days = RUNG_DAYS.get(Rung(rung))
    return start + timedelta(days=days) if days else None


@transaction.atomic
def account_sanction_sync(*, account: User, now: datetime | None = None) -> User:
    """Recompute the account's sanction state from its remaining active sanctions and write it on the user row.

    The strongest active sanction wins: a ban over any mute; among mutes the latest end (permanent last of all).
    An expired mute needs no job: `muted_until` is in the past and `accounts.policy` reads it as "not muted".
    """
    now = now or timezone.now()
    account = User.objects.select_for_update().get(pk=account.pk)
    active = [
        s
        for s in Sanction.objects.filter(account=account, status=Sanction.Status.ACTIVE).select_related("decision")
        if s.is_active(now)
    ]
    before = {
        "muted_until": account.muted_until.isoformat() if account.muted_until else None,
        "banned_at": account.banned_at.isoformat() if account.banned_at else None,
        "sanction_rule": account.sanction_rule,
    }
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
    after = {
        "muted_until": account.muted_until.isoformat() if account.muted_until else None,
        "banned_at": account.banned_at.isoformat() if account.banned_at else None,
        "sanction_rule": account.sanction_rule,
    }
    if before != after:
        audit_record(actor=None, action=AuditAction.ACCOUNT_SANCTION_STATE, target=account, before=before, after=after)
    return account


# --- Reports and cases ----------------------------------------------------------------------------------------------


def _open_case_locked(*, target, source: str) -> tuple[Case, bool]:
    """The open case about `target`, locked; created if none. Safe against two first reports at once."""
    content_type = ContentType.objects.get_for_model(target)
    lookup = {"target_type": content_type, "target_id": target.pk, "status": Case.Status.OPEN}
    case = Case.objects.select_for_update().filter(**lookup).first()
    if case is not None:
        return case, False
    try:
        with transaction.atomic():
            case = Case.objects.create(
                target_type=content_type,
                target_id=target.pk,
                target_repr=str(target)[:300],
                target_owner=target_owner(target),
                snapshot_reported=target_snapshot(target),
            )
            return case, True
    except IntegrityError:  # a concurrent first report created it: use theirs
        return Case.objects.select_for_update().get(**lookup), False


def _case_refresh_priority(case: Case, *, rule: Rule | None, policy: SanctionPolicy) -> None:
    case.reporter_count = (
        Report.objects.filter(case=case, reporter__isnull=False).values("reporter_id").distinct().count()
    )
    if rule is not None:
        severity = _rule_severity(rule, policy)
        if severity >= case.severity:
            case.severity = severity
            case.category_code = rule.category.code


@transaction.atomic
def report_create(*, reporter: User, kind: str, target_id, rule_code: str, text: str = "") -> Report:
    """A reader reports (举报) an article, a comment or an account; the report joins the target's open case."""
    now = timezone.now()
    allowed, seconds = rate("report")
    since = now - timedelta(seconds=seconds)
    if Report.objects.filter(reporter=reporter, created_at__gte=since).count() >= allowed:
        raise ModerationError(
            _("您的举报次数已达上限（%(n)s 次），请稍后再试。") % {"n": allowed},
            status=429,
        )
    target = target_resolve(kind=kind, target_id=target_id)
    if not target_is_available(target):
        raise ModerationError(_("该内容已被删除或不可见，无需举报。"))
    if target_owner(target).pk == reporter.pk:
        raise ModerationError(_("不能举报自己的内容或账号。"))
    ruleset = _current_ruleset()
    rule = _rules_by_code(ruleset, [rule_code]).get(str(rule_code).strip())
    if rule is None:
        raise ModerationError(_("请选择举报依据的规则。"))
    content_type = ContentType.objects.get_for_model(target)
    if Report.objects.filter(
        reporter=reporter, target_type=content_type, target_id=target.pk, status=Report.Status.OPEN
    ).exists():
        raise ModerationError(_("您已举报过该对象，处理完成后会通知您。"))
    case, _created = _open_case_locked(target=target, source=Report.Source.REPORT)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                case=case,
                reporter=reporter,
                source=Report.Source.REPORT,
                target_type=content_type,
                target_id=target.pk,
                ruleset=ruleset,
                rule_code=rule.code,
                category_code=rule.category.code,
                text=text.strip(),
            )
    except IntegrityError:
        raise ModerationError(_("您已举报过该对象，处理完成后会通知您。")) from None
    case.has_reports = True
    _case_refresh_priority(case, rule=rule, policy=sanction_policy())
    case.save(update_fields=["has_reports", "reporter_count", "severity", "category_code"])
    return report


@transaction.atomic
def case_open_for_check(*, check: ContentCheck, target) -> Case:
    """Open (or join) the case about `target` for an automatic check whose verdict is hold or flag.

    The reporter is the system (a Report with no reporter, source "automatic"); the case carries the check's
    matches and score. Idempotent per check: calling it again for the same check returns the same case.
    `check.matches` are `{"term", "rule", "action", "start", "end"}` with offsets into the snapshot's plain text.
    """
    existing = Report.objects.filter(content_check=check).select_related("case").first()
    if existing is not None:
        return existing.case
    case, _created = _open_case_locked(target=target, source=Report.Source.AUTOMATIC)
    policy = sanction_policy()
    ruleset = RuleSet.objects.filter(is_current=True).first()
    codes = [str(m.get("rule", "")) for m in (check.matches or []) if m.get("rule")]
    rules = {}
    if ruleset is not None and codes:
        rules = {r.code: r for r in Rule.objects.filter(ruleset=ruleset, code__in=codes).select_related("category")}
    worst = max(rules.values(), key=lambda r: _rule_severity(r, policy), default=None)
    Report.objects.create(
        case=case,
        reporter=None,
        source=Report.Source.AUTOMATIC,
        target_type=case.target_type,
        target_id=case.target_id,
        ruleset=ruleset,
        rule_code=worst.code if worst else (codes[0] if codes else ""),
        category_code=worst.category.code if worst else "",
        text=_("自动检查：%(verdict)s，分数 %(score).2f") % {"verdict": check.verdict, "score": check.score or 0},
        content_check=check,
    )
    case.has_check = True
    if (check.score or 0) >= case.check_score or case.content_check_id is None:
        case.content_check = check
        case.check_score = check.score or 0
        case.check_matches = list(check.matches or [])
    _case_refresh_priority(case, rule=worst, policy=policy)
    case.save(
        update_fields=[
            "has_check",
            "content_check",
            "check_score",
            "check_matches",
            "reporter_count",
            "severity",
            "category_code",
        ]
    )
    return case


def _held_by_check(case: Case) -> bool:
    check = case.content_check
    return check is not None and check.verdict == ContentCheck.Verdict.HOLD


def _require_moderator(actor: User, perm: str = "moderation.decide_case") -> None:
    if not actor.has_perm(perm):
        raise ModerationError(_("您没有处理举报的权限。"), status=403)


@transaction.atomic
def case_claim(*, case: Case, moderator: User, now: datetime | None = None) -> Case:
    """Claim a case for 15 minutes; others see the lock. Claiming again extends one's own claim."""
    _require_moderator(moderator)
    now = now or timezone.now()
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != Case.Status.OPEN:
        raise ModerationError(_("该案件已经处理完毕，无需认领。"))
    if case.target_owner_id == moderator.pk:
        raise ModerationError(_("不能处理与自己的内容或账号有关的案件。"))
    if case.claim_active(now) and case.claimed_by_id != moderator.pk:
        raise ModerationError(
            _("该案件已由 %(who)s 认领，锁定至 %(until)s。")
            % {"who": case.claimed_by, "until": timezone.localtime(case.claimed_until).strftime("%H:%M")}
        )
    case.claimed_by = moderator
    case.claimed_until = now + timedelta(minutes=CLAIM_MINUTES)
    case.save(update_fields=["claimed_by", "claimed_until"])
    audit_record(
        actor=moderator, action=AuditAction.CASE_CLAIM, target=case, after={"until": case.claimed_until.isoformat()}
    )
    return case


@transaction.atomic
def case_release(*, case: Case, moderator: User) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.claimed_by_id == moderator.pk:
        case.claimed_by = None
        case.claimed_until = None
        case.save(update_fields=["claimed_by", "claimed_until"])
        audit_record(actor=moderator, action=AuditAction.CASE_RELEASE, target=case)
    return case


def _notify_reporters(case: Case, *, action_taken: bool) -> None:
    reporters = User.objects.filter(
        pk__in=Report.objects.filter(case=case, reporter__isnull=False).values("reporter_id")
    )
    subject = _("您的举报已处理")
    if action_taken:
        body = _("感谢您的举报。经审核，我们已依据社区规则对被举报的对象采取了处理措施。")
    else:
        body = _("感谢您的举报。经审核，被举报的对象暂未发现违反社区规则的情况，未作处理。")
    for reporter in reporters:
        notify(recipient=reporter, subject=str(subject), body=str(body), url=reverse("moderation:rules"))


def _sanction_notice(sanction: Sanction) -> tuple[str, str]:
    rules = "、".join(sanction.rule_codes)
    if sanction.rung == Rung.R5:
        body = _("您的账号因违反社区规则（%(rules)s）已被封停。如有异议，可在 30 天内申诉。") % {"rules": rules}
    elif sanction.ends_at is None:
        body = _("您的账号因违反社区规则（%(rules)s）已被永久禁言。如有异议，可在 30 天内申诉。") % {"rules": rules}
    else:
        body = _(
            "您的账号因违反社区规则（%(rules)s）被禁言至 %(until)s，期间不能发布内容，但仍可阅读、举报和申诉。"
            "如有异议，可在 30 天内申诉。"
        ) % {
            "rules": rules,
            "until": timezone.localtime(sanction.ends_at).strftime("%Y-%m-%d %H:%M"),
        }
    return str(_("账号处罚通知：%(label)s") % {"label": Rung(sanction.rung).label}), str(body)


def _sanction_apply(*, decision: Decision, account: User, rung: int, via_link: bool, now: datetime) -> Sanction:
    sanction = Sanction.objects.create(
        decision=decision,
        account=account,
        rung=rung,
        rule_codes=decision.rule_codes,
        via_link=via_link,
        starts_at=now,
        ends_at=_sanction_end(rung, now),
    )
    account_sanction_sync(account=account, now=now)
    subject, body = _sanction_notice(sanction)
    notify(recipient=account, subject=subject, body=body, url=reverse("moderation:account_status"))
    return sanction


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
    _require_moderator(moderator)
    now = now or timezone.now()
    if action not in Decision.Action.values:
        raise ModerationError(_("请选择处理方式。"))
    case = Case.objects.select_for_update(of=("self",)).select_related("target_owner", "content_check").get(pk=case.pk)
    if case.status != Case.Status.OPEN:
        raise ModerationError(_("该案件已经处理完毕，不能重复处理。"))
    if case.target_owner_id == moderator.pk:
        raise ModerationError(_("不能处理与自己的内容或账号有关的案件。"))
    if case.claim_active(now) and case.claimed_by_id != moderator.pk:
        raise ModerationError(_("该案件已由 %(who)s 认领，请等待其处理或锁定到期。") % {"who": case.claimed_by})
    reason = (reason or "").strip()
    codes = [str(c).strip() for c in (rule_codes or []) if str(c).strip()]
    if action == Decision.Action.DISMISS and not codes:
        codes = list(dict.fromkeys(r for r in case.reports.values_list("rule_code", flat=True) if r))
    if not codes:
        raise ModerationError(_("处理决定必须引用至少一条规则。"))
    ruleset = _current_ruleset()
    rules = _rules_by_code(ruleset, codes)
    if not reason:
        raise ModerationError(_("请填写处理理由。"))
    target = _target_of(case)
    is_content = target is not None and adapter_for(target).is_content
    if action == Decision.Action.REMOVE and not is_content:
        raise ModerationError(_("账号举报只能驳回或处罚账号。"))
    if target is None and action != Decision.Action.DISMISS:
        raise ModerationError(_("被举报的对象已不存在，只能驳回。"))
    owner = case.target_owner
    proposal = None
    if action == Decision.Action.SANCTION:
        proposal = sanction_propose(account=owner, rule_codes=list(rules), ruleset=ruleset, now=now)
        if rung in (None, "", 0):
            rung = proposal.rung
        rung = int(rung)
        if rung not in Rung.values:
            raise ModerationError(_("处罚档位无效。"))
        rung_reason = (rung_reason or "").strip()
        if rung != proposal.rung and not rung_reason:
            raise ModerationError(_("选择与建议（R%(r)s）不同的档位时，请写明理由。") % {"r": proposal.rung})
    else:
        rung, rung_reason = None, ""

    if target is not None:
        if is_content:
            target = _lock_target_row(target)
        case.snapshot_decided = target_snapshot(target)
    decision = Decision.objects.create(
        case=case,
        moderator=moderator,
        action=action,
        ruleset=ruleset,
        rule_codes=list(rules),
        reason=reason,
        proposed_rung=proposal.rung if proposal else None,
        proposal_explanation=proposal.explanation if proposal else "",
        rung=rung,
        rung_reason=rung_reason,
    )
    removed = False
    # Removal hides (never deletes) whatever state the content is in, unless it is already removed.
    if (
        action in (Decision.Action.REMOVE, Decision.Action.SANCTION)
        and is_content
        and (case.snapshot_decided.get("status") != "removed")
    ):
        adapter_for(target).hide(target)
        removed = True
    released = False
    if action == Decision.Action.DISMISS and is_content and _held_by_check(case):
        # Content an automatic check held waits for a moderator: dismissing the case releases it.
        adapter_for(target).apply_verdict(
            target, revision_id=case.content_check.revision_id, verdict=Verdict.PASS, rule=""
        )
        released = True
    sanctions = []
    if action == Decision.Action.SANCTION:
        sanctions.append(_sanction_apply(decision=decision, account=owner, rung=rung, via_link=False, now=now))
        if set(rules) & set(sanction_policy().multi_account_rules):
            for linked in User.objects.filter(pk__in=account_linked_ids(account=owner)).exclude(pk=moderator.pk):
                sanctions.append(_sanction_apply(decision=decision, account=linked, rung=rung, via_link=True, now=now))
    case.status = Case.Status.DECIDED
    case.decided_at = now
    case.claimed_by = None
    case.claimed_until = None
    case.save(update_fields=["status", "decided_at", "claimed_by", "claimed_until", "snapshot_decided"])
    case.reports.update(status=Report.Status.CLOSED)
    audit_record(
        actor=moderator,
        action=DECISION_AUDIT[action],
        target=case,
        rule_codes=decision.rule_codes,
        before={"case": Case.Status.OPEN, "content": case.snapshot_reported.get("status")},
        after={
            "case": Case.Status.DECIDED,
            "decision": decision.pk,
            "ruleset": ruleset.version,
            "content": (case.snapshot_decided or {}).get("status"),
            "removed": removed,
            "released": released,
            "rung": rung,
            "proposed_rung": decision.proposed_rung,
            "sanctioned": [s.account_id for s in sanctions],
        },
    )
    if removed:
        notify(
            recipient=owner,
            subject=str(_("您发布的内容已被移除")),
            body=str(
                _(
                    "您发布的内容「%(what)s」因违反社区规则（%(rules)s）已被移除。理由：%(reason)s。"
                    "如有异议，可在 30 天内申诉。"
                )
                % {"what": case.target_repr[:40], "rules": "、".join(decision.rule_codes), "reason": reason}
            ),
            url=reverse("moderation:account_status"),
        )
    _notify_reporters(case, action_taken=action != Decision.Action.DISMISS)
    return decision


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


# --- Linked accounts ------------------------------------------------------------------------------------------------


@transaction.atomic
def account_link(*, account: User, other: User, moderator: User, reason: str = "") -> AccountLink:
    _require_moderator(moderator)
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
    _require_moderator(moderator)
    a, b = sorted([account.pk, other.pk])
    deleted, _n = AccountLink.objects.filter(account_a_id=a, account_b_id=b).delete()
    if not deleted:
        raise ModerationError(_("这两个账号并未关联。"))
    audit_record(actor=moderator, action=AuditAction.ACCOUNT_UNLINK, target=account, before={"linked": other.pk})


# --- Appeals --------------------------------------------------------------------------------------------------------


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
        subject=str(_("申诉已收到")),
        body=str(
            _("我们已收到您对处理决定 #%(id)s 的申诉，将由另一位审核员复核，结果会通知您。") % {"id": decision.pk}
        ),
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
    _require_moderator(reviewer, "moderation.review_appeal")
    now = now or timezone.now()
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    decision = Decision.objects.select_for_update().select_related("case").get(pk=appeal.decision_id)
    if appeal.status != Appeal.Status.PENDING:
        raise ModerationError(_("该申诉已经复核完毕。"))
    if decision.moderator_id == reviewer.pk:
        raise ModerationError(_("不能复核对自己所作处理决定的申诉，请由其他审核员处理。"))
    if reviewer.pk in (appeal.appellant_id, decision.case.target_owner_id):
        raise ModerationError(_("不能复核与自己有关的申诉。"))
    if outcome not in (Appeal.Status.UPHELD, Appeal.Status.REDUCED, Appeal.Status.OVERTURNED):
        raise ModerationError(_("请选择复核结果。"))
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_("请填写复核理由。"))
    sanctions = list(Sanction.objects.select_for_update().filter(decision=decision))
    before = {"decision": decision.pk, "rungs": {s.account_id: s.rung for s in sanctions}, "status": appeal.status}
    if outcome == Appeal.Status.REDUCED:
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
            sanction.ends_at = _sanction_end(reduced_to, sanction.starts_at)
            sanction.save(update_fields=["reduced_from", "rung", "ends_at"])
        decision.rung = reduced_to
        decision.save(update_fields=["rung"])
        appeal.reduced_to = reduced_to
    elif outcome == Appeal.Status.OVERTURNED:
        for sanction in sanctions:
            sanction.status = Sanction.Status.OVERTURNED
            sanction.lifted_at = now
            sanction.save(update_fields=["status", "lifted_at"])
        decision.overturned_at = now
        decision.save(update_fields=["overturned_at"])
        target = _target_of(decision.case)
        if target is not None and adapter_for(target).is_content and decision.action != Decision.Action.DISMISS:
            target = _lock_target_row(target)
            adapter_for(target).restore(target)
            if _held_by_check(decision.case):
                # It had been held by a check when removed: the overturn is also the moderator's release.
                adapter_for(target).apply_verdict(
                    target, revision_id=decision.case.content_check.revision_id, verdict=Verdict.PASS, rule=""
                )
    for account in User.objects.filter(pk__in=[s.account_id for s in sanctions]):
        account_sanction_sync(account=account, now=now)
    appeal.status = outcome
    appeal.reviewer = reviewer
    appeal.outcome_reason = reason
    appeal.reviewed_at = now
    appeal.save(update_fields=["status", "reviewer", "outcome_reason", "reviewed_at", "reduced_to"])
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
        subject=str(_("申诉结果：%(outcome)s") % {"outcome": appeal.get_status_display()}),
        body=str(
            _("您对处理决定 #%(id)s 的申诉已复核，结果：%(outcome)s。理由：%(reason)s")
            % {"id": decision.pk, "outcome": appeal.get_status_display(), "reason": reason}
        ),
        url=reverse("moderation:account_status"),
    )
    return appeal


# --- Feedback (建议反馈) ---


@transaction.atomic
def feedback_submit(*, author: User, kind: str, text: str, contact: str = "", article_id=None) -> Feedback:
    """A suggestion, or a copyright complaint about an article (it goes to the editors with the article linked)."""
    text = (text or "").strip()
    if kind not in Feedback.Kind.values:
        raise ModerationError(_("请选择反馈类型。"))
    if not text:
        raise ModerationError(_("请填写反馈内容。"))
    feedback = Feedback(kind=kind, author=author, text=text, contact=(contact or "").strip()[:200])
    if kind == Feedback.Kind.COPYRIGHT:
        if not article_id:
            raise ModerationError(_("版权投诉请注明涉及的文章。"))
        article = target_resolve(kind="article", target_id=article_id)
        feedback.target_type = ContentType.objects.get_for_model(article)
        feedback.target_id = article.pk
        feedback.target_repr = str(article)[:300]
        feedback.target_url = article.get_absolute_url()
    feedback.save()
    return feedback


@transaction.atomic
def feedback_handle(*, feedback: Feedback, editor: User, response: str) -> Feedback:
    """An editor closes a copyright complaint with a response, sent to the complainant."""
    if not editor.has_perm("moderation.handle_copyright"):
        raise ModerationError(_("您没有处理版权投诉的权限。"), status=403)
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if feedback.status != Feedback.Status.OPEN:
        raise ModerationError(_("该反馈已经处理。"))
    response = (response or "").strip()
    if not response:
        raise ModerationError(_("请填写处理意见。"))
    feedback.status = Feedback.Status.HANDLED
    feedback.response = response
    feedback.handled_by = editor
    feedback.handled_at = timezone.now()
    feedback.save(update_fields=["status", "response", "handled_by", "handled_at"])
    audit_record(
        actor=editor,
        action=AuditAction.FEEDBACK_HANDLE,
        target=feedback,
        before={"status": "open"},
        after={"status": "handled", "response": response},
    )
    notify(
        recipient=feedback.author,
        subject=str(_("您的反馈已处理")),
        body=str(
            _("您提交的「%(kind)s」已处理：%(response)s") % {"kind": feedback.get_kind_display(), "response": response}
        ),
    )
    return feedback


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
    )
    audit_record(
        actor=actor,
        action=AuditAction.POLICY_UPDATE,
        target=policy,
        before=before,
        after={f: getattr(policy, f) for f in fields},
    )
    return policy
