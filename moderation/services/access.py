"""Who may do what: the permission check every staff write starts with, and the conflicts of interest that bar a
moderator from one case or one appeal.

Linked accounts are one person or one operation (that is why a moderator links them), so a conflict through a
linked account is a conflict.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User

from ..errors import ModerationError
from ..models import Case, Decision, Report
from ..selectors import account_related_ids


def staff_refusal(actor: User) -> str | None:
    """Why a sanctioned member of staff may do no staff work now (None: they may). A sanction on an account holds
    for every role it has: a muted moderator does not claim, decide, review or link while the mute lasts."""
    if actor.is_banned:
        return _("您的账号已被封停，不能进行审核工作。")
    if actor.is_muted():
        if actor.mute_is_permanent:
            return _("您的账号已被永久禁言，不能进行审核工作（处理案件、复核申诉、关联账号等）。")
        until = date_format(timezone.localtime(actor.muted_until), "DATETIME_FORMAT")
        return _("您的账号被禁言至 %(until)s，处罚期间不能进行审核工作（处理案件、复核申诉、关联账号等）。") % {
            "until": until
        }
    return None


def require_moderator(actor: User, perm: str = "moderation.decide_case") -> None:
    """Refuse (403) unless `actor` has `perm` and is not under a sanction; views check the permission too, but a
    service must not trust its caller."""
    if not actor.has_perm(perm):
        raise ModerationError(_("您没有处理举报的权限。"), status=403)
    refusal = staff_refusal(actor)
    if refusal is not None:
        raise ModerationError(refusal, status=403)


def case_is_about(*, case: Case, account: User) -> bool:
    """Is the case about `account` (its content or itself), directly or through a linked account? Such an account
    never sees who reported it, nor acts on the case."""
    return case.target_owner_id in account_related_ids(account=account)


def case_conflict(*, case: Case, moderator: User) -> str | None:
    """Why `moderator` may not claim or decide `case` (None: no conflict): it is about them or an account linked
    to them, or they (or a linked account) reported it."""
    if case.target_owner_id == moderator.pk:
        return _("不能处理与自己的内容或账号有关的案件。")
    mine = account_related_ids(account=moderator)
    if case.target_owner_id in mine:
        return _("不能处理与您的关联账号有关的案件。")
    if Report.objects.filter(case=case, reporter_id__in=mine).exists():
        return _("不能处理自己（或关联账号）举报的案件，请由其他审核员处理。")
    return None


def appeal_conflict(*, decision: Decision, reviewer: User, appellant_id: int) -> str | None:
    """Why `reviewer` may not review an appeal of `decision` (None: no conflict): they made it, or it concerns them
    (the case was about them, they appealed, or it sanctioned them, directly or through a linked account), or
    they reported the case."""
    if decision.moderator_id == reviewer.pk:
        return _("不能复核对自己所作处理决定的申诉，请由其他审核员处理。")
    concerned = {decision.case.target_owner_id, appellant_id, *decision.sanctions.values_list("account_id", flat=True)}
    mine = account_related_ids(account=reviewer)
    if concerned & mine:
        return _("不能复核与自己（或关联账号）有关的申诉。")
    if Report.objects.filter(case=decision.case, reporter_id__in=mine).exists():
        return _("不能复核自己（或关联账号）举报的案件的申诉。")
    return None
