"""Whether an account may write, and whether it may log in. Reads only the sanction state on the user row.

Every service that publishes something public (articles, contributions, comments, profile text) asks
`write_refusal` first; the login form and the banned-session middleware ask `login_refusal`.

When `settings.PHONE_VERIFICATION_REQUIRED` is on (后台实名), an account without a verified phone number is refused
too, with a link to the verify page (`verify_url`): one rule here covers every write path.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import User

APPEAL_TOKEN_SALT = "accounts.appeal"
# The site's one way of writing a moment, as every template writes it (`|date:"Y-m-d H:i"`), in any language.
DATETIME = "Y-m-d H:i"


@dataclass(frozen=True)
class Refusal:
    """Why an account is refused, and until when (None: permanent)."""

    kind: str  # "muted", "banned", "anonymous" or "phone" (no verified phone number yet)
    rule: str
    until: datetime | None
    appeal_url: str
    verify_url: str = ""

    @property
    def message(self) -> str:
        if self.kind == "phone":
            return _("根据国家有关规定，发布文章、投稿和评论前需要先验证手机号（仅用于后台实名，不会公开显示）。")
        if self.kind == "banned":
            return _("您的账号已被封停（依据：%(rule)s），无法登录。如有异议，可以申诉。") % {"rule": self.rule or "-"}
        if self.until is None:
            return _("您的账号已被永久禁言（依据：%(rule)s），不能发布内容，但仍可阅读、举报和申诉。") % {
                "rule": self.rule or "-"
            }
        return _("您的账号被禁言至 %(until)s（依据：%(rule)s），期间不能发布内容，但仍可阅读、举报和申诉。") % {
            "until": date_format(timezone.localtime(self.until), DATETIME),
            "rule": self.rule or "-",
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


def write_refusal(user: User, *, now: datetime | None = None) -> Refusal | None:
    """None when the account may publish; otherwise why not. Mutes end by themselves: no job clears them."""
    if not user.is_authenticated:
        return Refusal(kind="anonymous", rule="", until=None, appeal_url="")
    if user.is_banned:
        return login_refusal(user)
    if user.is_muted(now):
        until = None if user.mute_is_permanent else user.muted_until
        return Refusal(kind="muted", rule=user.sanction_rule, until=until, appeal_url=_appeal_url(user, logged_in=True))
    if settings.PHONE_VERIFICATION_REQUIRED and user.phone_verified_at is None:
        return Refusal(kind="phone", rule="", until=None, appeal_url="", verify_url=reverse("privacy:phone"))
    return None


def may_write(user: User, *, now: datetime | None = None) -> bool:
    return write_refusal(user, now=now) is None
