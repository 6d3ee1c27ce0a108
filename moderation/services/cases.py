"""Cases: opening one from a report or an automatic check, claiming and releasing it. Deciding it is in
`decisions.py`."""

from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.models import AuditAction
from core.services import audit_record

from ..constants import CLAIM_MINUTES
from ..errors import ModerationError
from ..models import Case, ContentCheck, Report, Rule, RuleSet, SanctionPolicy
from ..registry import adapter_for
from ..selectors.evidence import automatic_report_words
from .access import case_conflict, require_moderator
from .rules import rule_severity
from .sanctions import sanction_policy
from .stats import stats_days_mark_dirty
from .targets import target_owner, target_snapshot


def case_open_locked(*, target: Model, revision_id: int | None = None) -> tuple[Case, bool]:
    """The open case about `target`, locked; created if none. Safe against two first reports at once.

    A new case keeps the copy it is about: the revision a check held (`revision_id`), else what readers see.

    Caller holds a transaction: the lock lasts until it ends.
    """
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
                snapshot_reported=target_snapshot(target, revision_id=revision_id),
            )
            return case, True
    except IntegrityError:  # a concurrent first report created it: use theirs
        return Case.objects.select_for_update().get(**lookup), False


def case_refresh_priority(case: Case, *, rule: Rule | None, policy: SanctionPolicy) -> None:
    """Recount the case's distinct reporters and raise its severity to `rule`'s; the caller saves the case."""
    case.reporter_count = (
        Report.objects.filter(case=case, reporter__isnull=False).values("reporter_id").distinct().count()
    )
    if rule is not None:
        severity = rule_severity(rule, policy)
        if severity >= case.severity:
            case.severity = severity
            case.category_code = rule.category.code


def case_held_by_check(case: Case) -> bool:
    """Was the content held by an automatic check (so that it waits for a moderator to release it)?"""
    check = case.content_check
    return check is not None and check.verdict == ContentCheck.Verdict.HOLD


def case_pending_edit(case: Case, target: Model | None) -> int | None:
    """The pending edit (a revision id) that one of the case's checks held and that the target still waits on:
    a decision acts on that edit only. None for content without revisions, or not yet published."""
    if target is None:
        return None
    adapter = adapter_for(target)
    checks = Report.objects.filter(case=case, content_check__verdict=ContentCheck.Verdict.HOLD)
    for revision_id in checks.values_list("content_check__revision_id", flat=True):
        if revision_id is not None and adapter.is_pending_edit(target, revision_id=revision_id):
            return revision_id
    return None


@transaction.atomic
def case_open_for_check(*, check: ContentCheck, target: Model, new_account: bool = False) -> Case:
    """Open (or join) the case about `target` for an automatic check whose verdict is hold or flag.

    The reporter is the system (a Report with no reporter, source "automatic"); the case carries the check's
    matches and score. Idempotent per check: calling it again for the same check returns the same case.
    `check.matches` are `{"term", "rule", "action", "start", "end"}` with offsets into the snapshot's plain text.
    """
    existing = Report.objects.filter(content_check=check).select_related("case").first()
    if existing is not None:
        return existing.case
    case, _created = case_open_locked(target=target, revision_id=check.revision_id)
    policy = sanction_policy()
    ruleset = RuleSet.objects.filter(is_current=True).first()
    codes = [str(m.get("rule", "")) for m in (check.matches or []) if m.get("rule")]
    rules = {}
    if ruleset is not None and codes:
        rules = {r.code: r for r in Rule.objects.filter(ruleset=ruleset, code__in=codes).select_related("category")}
    worst = max(rules.values(), key=lambda r: rule_severity(r, policy), default=None)
    Report.objects.create(
        case=case,
        reporter=None,
        source=Report.Source.AUTOMATIC,
        target_type=case.target_type,
        target_id=case.target_id,
        ruleset=ruleset,
        rule_code=worst.code if worst else (codes[0] if codes else ""),
        category_code=worst.category.code if worst else "",
        text=automatic_report_words(verdict=check.verdict, score=check.score, new_account=new_account),
        held_new_account=new_account,
        content_check=check,
    )
    if not case.has_check:
        # A check joining a case opened on an earlier day adds it to that day's automatic-check cases.
        stats_days_mark_dirty(moments=[case.opened_at])
    case.has_check = True
    case.held_new_account = case.held_new_account or new_account
    if (check.score or 0) >= case.check_score or case.content_check_id is None:
        case.content_check = check
        case.check_score = check.score or 0
        case.check_matches = list(check.matches or [])
    case_refresh_priority(case, rule=worst, policy=policy)
    case.save(
        update_fields=[
            "has_check",
            "held_new_account",
            "content_check",
            "check_score",
            "check_matches",
            "reporter_count",
            "severity",
            "category_code",
        ]
    )
    return case


@transaction.atomic
def case_claim(*, case: Case, moderator: User, now: datetime | None = None) -> Case:
    """Claim a case for 15 minutes; others see the lock. Claiming again extends one's own claim."""
    require_moderator(moderator)
    now = now or timezone.now()
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != Case.Status.OPEN:
        raise ModerationError(_("该案件已经处理完毕，无需认领。"))
    if (conflict := case_conflict(case=case, moderator=moderator)) is not None:
        raise ModerationError(conflict, status=403)
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
    """Give up one's own claim; releasing a case someone else claimed does nothing."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.claimed_by_id == moderator.pk:
        case.claimed_by = None
        case.claimed_until = None
        case.save(update_fields=["claimed_by", "claimed_until"])
        audit_record(actor=moderator, action=AuditAction.CASE_RELEASE, target=case)
    return case
