"""Writes for accounts. Views, admin and commands call these; they validate their own preconditions."""

from django.contrib.auth.password_validation import validate_password
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.errors import ApplicationError

from .models import AuthorApplication, User
from .policy import write_refusal


class AccountError(ApplicationError):
    """A refused account operation; the message is fit to show the user."""


@transaction.atomic
def user_register(
    *,
    username: str,
    email: str,
    password: str,
    display_name: str = "",
    signup_ip: str | None = None,
    device_id: str = "",
) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(_("该用户名已被使用。"))
    user = User(username=username, email=email, display_name=display_name, signup_ip=signup_ip, device_id=device_id)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def profile_update(*, user: User, display_name: str, bio: str, avatar=None) -> User:
    """Public profile text is public content: a muted account may not change it."""
    refusal = write_refusal(user)
    if refusal is not None:
        raise AccountError(refusal.message)
    user.display_name = display_name
    user.bio = bio
    fields = ["display_name", "bio"]
    if avatar is not None:
        user.avatar = avatar
        fields.append("avatar")
    user.save(update_fields=fields)
    return user


def author_application_submit(*, user: User, motivation: str, sample_links: str) -> AuthorApplication:
    if user.has_perm("articles.publish_article"):
        raise AccountError(_("您已经是作者了。"))
    refusal = write_refusal(user)
    if refusal is not None:
        raise AccountError(refusal.message)
    if AuthorApplication.objects.filter(user=user, status=AuthorApplication.Status.PENDING).exists():
        raise AccountError(_("您已有一份待审核的作者申请，请耐心等待编辑处理。"))
    try:
        with transaction.atomic():
            return AuthorApplication.objects.create(user=user, motivation=motivation, sample_links=sample_links)
    except IntegrityError as exc:  # a concurrent second submission lost the race on the partial unique index
        raise AccountError(_("您已有一份待审核的作者申请，请耐心等待编辑处理。")) from exc
