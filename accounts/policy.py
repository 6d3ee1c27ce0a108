"""Whether an account may write, and whether it may log in. Reads the sanction state on the user row and whether
the account has a verified e-mail address (allauth's EmailAddress).

Every service that publishes something public (articles, contributions, comments, profile text) asks
`write_refusal` first; a report asks `verification_refusal` (a muted account may still report, an unverified one
may not); the login adapter and the banned-session middleware ask `login_refusal`.

When `settings.PHONE_VERIFICATION_REQUIRED` is on (后台实名), an account without a verified phone number is refused
too, with a link to the verify page (`verify_url`): one rule here covers every write path.
"""

from dataclasses import dataclass
from datetime import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.messages import joined

from .models import User
from .roles import EDITOR, MODERATOR

APPEAL_TOKEN_SALT = "accounts.appeal"
# The site's one way of writing a moment, as every template writes it (`|date:"Y-m-d H:i"`), in any language.
DATETIME = "Y-m-d H:i"


@dataclass(frozen=True)
class Refusal:
    """Why an account is refused, and until when (None: permanent)."""

    kind: str  # "muted", "banned", "unverified" (no verified e-mail yet), "phone" (no verified phone) or "anonymous"
    rule: str
    until: datetime | None
    appeal_url: str
    verify_url: str = ""  # where the account verifies what is missing (its e-mail address, its phone number)

    @property
    def message(self) -> str:
        if self.kind == "phone":
            return _("根据国家有关规定，发布文章、投稿和评论前需要先验证手机号（仅用于后台实名，不会公开显示）。")
        if self.kind == "unverified":
            return _("请先验证您的邮箱：验证之前可以浏览，但不能发表评论、文章、投稿或举报。")
        if self.kind == "banned":
            return _("您的账号已被封停（依据：%(rule)s），无法登录。如有异议，可以申诉。") % {
                "rule": joined(self.rule) or "-"
            }
        if self.until is None:
            return _("您的账号已被永久禁言（依据：%(rule)s），不能发布内容，但仍可阅读、举报和申诉。") % {
                "rule": joined(self.rule) or "-"
            }
        return _("您的账号被禁言至 %(until)s（依据：%(rule)s），期间不能发布内容，但仍可阅读、举报和申诉。") % {
            "until": date_format(timezone.localtime(self.until), DATETIME),
            "rule": joined(self.rule) or "-",
        }


def appeal_token(user: User) -> str:
    """A signed token that lets a banned (logged-out) account open its appeal form."""
    return signing.dumps({"u": user.pk, "d": user.sanction_decision_id}, salt=APPEAL_TOKEN_SALT)


def appeal_token_user_id(token: str, *, max_age_days: int = 30) -> int | None:
    try:
        data = signing.loads(token, salt=APPEAL_TOKEN_SALT, max_age=max_age_days * 86400)
    except signing.BadSignature:
        return None
    return data.get("u")


def _appeal_url(user: User, *, logged_in: bool) -> str:
    if logged_in:
        return reverse("moderation:account_status")
    return reverse("moderation:appeal_banned", args=[appeal_token(user)])


def login_refusal(user: User) -> Refusal | None:
    if not user.is_banned:
        return None
    return Refusal(kind="banned", rule=user.sanction_rule, until=None, appeal_url=_appeal_url(user, logged_in=False))


def email_verified(user: User) -> bool:
    """Whether the account has confirmed an e-mail address (remembered on the instance for this request)."""
    cached = getattr(user, "_email_verified", None)
    if cached is None:
        cached = EmailAddress.objects.filter(user_id=user.pk, verified=True).exists()
        user._email_verified = cached
    return cached


def verification_refusal(user: User) -> Refusal | None:
    """None when the account has a verified e-mail address: nothing but the verification mail happens before."""
    if not user.is_authenticated:
        return Refusal(kind="anonymous", rule="", until=None, appeal_url="")
    if email_verified(user):
        return None
    return Refusal(kind="unverified", rule="", until=None, appeal_url="", verify_url=reverse("account_email"))


def write_refusal(user: User, *, now: datetime | None = None) -> Refusal | None:
    """None when the account may publish; otherwise why not. Mutes end by themselves: no job clears them.
    A sanction is named before a missing verification: it is the reason that outlasts a click in a mail."""
    if not user.is_authenticated:
        return Refusal(kind="anonymous", rule="", until=None, appeal_url="")
    if user.is_banned:
        return login_refusal(user)
    if user.is_muted(now):
        until = None if user.mute_is_permanent else user.muted_until
        return Refusal(kind="muted", rule=user.sanction_rule, until=until, appeal_url=_appeal_url(user, logged_in=True))
    if (refusal := verification_refusal(user)) is not None:
        return refusal
    if settings.PHONE_VERIFICATION_REQUIRED and user.phone_verified_at is None:
        return Refusal(kind="phone", rule="", until=None, appeal_url="", verify_url=reverse("privacy:phone"))
    return None


def may_write(user: User, *, now: datetime | None = None) -> bool:
    return write_refusal(user, now=now) is None


def mfa_required(user: User) -> bool:
    """Editors, moderators and admins must use TOTP when settings.MFA_REQUIRED_FOR_STAFF is on."""
    if not settings.MFA_REQUIRED_FOR_STAFF or not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or user.groups.filter(name__in=(EDITOR, MODERATOR)).exists()


def mfa_missing(user: User) -> bool:
    """Whether the account must set up TOTP before it does anything else."""
    return (
        mfa_required(user) and not Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
    )
