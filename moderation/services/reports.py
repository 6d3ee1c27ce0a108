"""Reports (举报): a reader reports an article, a comment or an account; the report joins the target's open case."""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.policy import verification_refusal
from core.ratelimits import within_rate

from ..errors import ModerationError
from ..models import Report
from .cases import case_open_locked, case_refresh_priority
from .rules import rules_by_code, ruleset_current_required
from .sanctions import sanction_policy
from .targets import target_is_available, target_owner, target_resolve


def report_check(*, reporter: User, target: Model) -> None:
    """Raise a ModerationError fit to show unless `reporter` may report `target` (public, as the caller checked):
    nobody reports their own content or account, and nobody reports one target twice while their report is open.
    The report page asks before it offers the form. An account without a verified e-mail may not report yet."""
    refusal = verification_refusal(reporter)
    if refusal is not None:
        raise ModerationError(refusal.message, status=403)
    if target_owner(target).pk == reporter.pk:
        raise ModerationError(_("不能举报自己的内容或账号。"))
    content_type = ContentType.objects.get_for_model(target)
    if Report.objects.filter(
        reporter=reporter, target_type=content_type, target_id=target.pk, status=Report.Status.OPEN
    ).exists():
        raise ModerationError(_("您已举报过该对象，处理完成后会通知您。"))


@transaction.atomic
def report_create(*, reporter: User, kind: str, target_id, rule_code: str, text: str = "") -> Report:
    """A reader reports (举报) an article, a comment or an account; the report joins the target's open case."""
    ok, allowed = within_rate(
        "report",
        owner=reporter,
        count_since=lambda since: Report.objects.filter(reporter=reporter, created_at__gte=since).count(),
    )
    if not ok:
        raise ModerationError(
            _("您的举报次数已达上限（%(n)s 次），请稍后再试。") % {"n": allowed},
            status=429,
        )
    target = target_resolve(kind=kind, target_id=target_id)
    if not target_is_available(target):
        # Not "it exists but is hidden": a 404, like a target that never existed.
        raise ModerationError(_("该内容已被删除或不可见，无需举报。"), status=404)
    report_check(reporter=reporter, target=target)
    ruleset = ruleset_current_required()
    rule = rules_by_code(ruleset, [rule_code]).get(str(rule_code).strip())
    if rule is None:
        raise ModerationError(_("请选择举报依据的规则。"), field="rule")
    content_type = ContentType.objects.get_for_model(target)
    case, _created = case_open_locked(target=target)
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
    case_refresh_priority(case, rule=rule, policy=sanction_policy())
    case.save(update_fields=["has_reports", "reporter_count", "severity", "category_code"])
    return report
