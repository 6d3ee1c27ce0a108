"""Writes for accounts. Views, admin and commands call these; they validate their own preconditions.

Staff writes (deciding author applications, an admin's edits to roles, staff flags and the registration-cheating
mark) are audited with `core.services.audit_record` in the same transaction. Roles are Django groups; a user is
put into one only through `user_role_grant`.
"""

from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.errors import ApplicationError
from core.models import AuditAction
from core.services import audit_record, notify

from . import images
from .models import AuthorApplication, User
from .policy import write_refusal
from .roles import AUTHOR

REASON_MAX = 2000


class AccountError(ApplicationError):
    """A refused account operation; the message is fit to show the user."""


@transaction.atomic
def email_verified_set(*, user: User, email: str | None = None) -> EmailAddress:
    """Record `email` (default: the account's) as the account's verified primary address.

    For accounts the system itself vouches for (the demo seed, test factories, a staff command); people verify
    through allauth's confirmation link. The address is stored lower-cased, as allauth compares it.
    """
    email = (email if email is not None else user.email).strip().lower()
    if not email:
        raise AccountError(_("请填写邮箱。"), field="email")
    taken = EmailAddress.objects.filter(email__iexact=email, verified=True).exclude(user_id=user.pk).exists()
    if taken:
        raise AccountError(_("该邮箱已被其他账号使用。"), field="email")
    EmailAddress.objects.filter(user_id=user.pk, primary=True).exclude(email=email).update(primary=False)
    address, _created = EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if user.email != email:
        user.email = email
        user.save(update_fields=["email"])
    user._email_verified = True
    return address


@transaction.atomic
def profile_update(*, user: User, display_name: str, bio: str, avatar: UploadedFile | None = None) -> User:
    """Public profile text is public content: a muted account may not change it.

    An avatar goes through the upload pipeline (`accounts.images`): bounded decoding, re-encoded without its
    metadata (EXIF and its GPS position, PNG text chunks), stored under a random name, never as it was sent.
    """
    refusal = write_refusal(user)
    if refusal is not None:
        raise AccountError(refusal.message, status=403)
    user.display_name = display_name
    user.bio = bio
    fields = ["display_name", "bio"]
    if avatar is not None:
        user.avatar = _avatar_store(avatar)
        fields.append("avatar")
    user.save(update_fields=fields)
    return user


def _avatar_store(avatar: UploadedFile) -> str:
    if avatar.size and avatar.size > images.MAX_BYTES:
        raise AccountError(_("图片不能超过 5 MB。"), field="avatar")
    try:
        return images.image_save(avatar.read(images.MAX_BYTES + 1), folder="avatars")
    except images.ImageRejected as exc:
        raise AccountError(str(exc), field="avatar") from exc


def user_region_seen(*, user: User, region: str) -> None:
    """Record the IP属地 of the account's latest write or login (the region only; the address is never kept here)."""
    if region and user.pk and user.ip_region != region:
        User.objects.filter(pk=user.pk).update(ip_region=region)
        user.ip_region = region


# --- Roles and the admin's account flags --------------------------------------------------------------------------


def user_role_grant(*, user: User, role: str) -> None:
    """Put `user` into the group of `role`. The one place that does so.

    Not audited by itself: the caller records why (an approved author application, an admin's role edit through
    `user_roles_set`); the demo seed and test factories call it directly.
    """
    try:
        group = Group.objects.get(name=role)
    except Group.DoesNotExist as exc:
        raise AccountError(_("角色不存在：%(r)s") % {"r": role}) from exc
    user.groups.add(group)


def _actor_check(actor: User | None) -> None:
    """None is the system (a management command); a person needs the permission the user admin asks for."""
    if actor is not None and not actor.has_perm("accounts.change_user"):
        raise AccountError(_("您没有权限修改账号。"), status=403)


def _locked(user: User) -> User:
    return User.objects.select_for_update().get(pk=user.pk)


@transaction.atomic
def user_roles_set(*, user: User, roles: Iterable[str], actor: User | None) -> User:
    """Make `roles` exactly the user's roles, audited with the group names before and after. No change, no row."""
    _actor_check(actor)
    _locked(user)  # two admins editing one account's roles at once: the second reads what the first wrote
    wanted = set(roles)
    before = sorted(user.groups.values_list("name", flat=True))
    if set(before) == wanted:
        return user
    user.groups.remove(*user.groups.exclude(name__in=wanted))
    for role in sorted(wanted - set(before)):
        user_role_grant(user=user, role=role)
    audit_record(
        actor=actor,
        action=AuditAction.ACCOUNT_ROLES,
        target=user,
        before={"roles": before},
        after={"roles": sorted(wanted)},
    )
    return user


@transaction.atomic
def user_cheating_flag_set(*, user: User, flagged: bool, actor: User | None) -> User:
    """Mark (or clear) an account as having cheated at registration; the sanction ladder adds two rungs for it."""
    _actor_check(actor)
    stored = _locked(user)
    if stored.registration_cheating == flagged:
        return user
    stored.registration_cheating = flagged
    stored.save(update_fields=["registration_cheating"])
    user.registration_cheating = flagged
    audit_record(
        actor=actor,
        action=AuditAction.ACCOUNT_CHEATING_FLAG,
        target=user,
        before={"registration_cheating": not flagged},
        after={"registration_cheating": flagged},
    )
    return user


@transaction.atomic
def user_staff_set(*, user: User, is_staff: bool, is_superuser: bool, actor: User | None) -> User:
    """Change who may enter the admin (`is_staff`) and who may do everything there (`is_superuser`)."""
    _actor_check(actor)
    stored = _locked(user)
    before = {"is_staff": stored.is_staff, "is_superuser": stored.is_superuser}
    after = {"is_staff": is_staff, "is_superuser": is_superuser}
    if before == after:
        return user
    stored.is_staff, stored.is_superuser = is_staff, is_superuser
    stored.save(update_fields=["is_staff", "is_superuser"])
    user.is_staff, user.is_superuser = is_staff, is_superuser
    audit_record(actor=actor, action=AuditAction.ACCOUNT_STAFF, target=user, before=before, after=after)
    return user


# --- Author applications (成为作者) ----------------------------------------------------------------------------------


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


def _reviewer_check(editor: User) -> None:
    refusal = write_refusal(editor)
    if refusal is not None:
        raise AccountError(refusal.message or _("请先登录。"), status=403)
    if not editor.has_perm("accounts.review_authorapplication"):
        raise AccountError(_("只有编辑可以执行此操作。"), status=403)


def _pending_locked(application: AuthorApplication) -> AuthorApplication:
    application = AuthorApplication.objects.select_for_update().select_related("user").get(pk=application.pk)
    if application.status != AuthorApplication.Status.PENDING:
        raise AccountError(_("这份申请已经处理过了。"), status=409)
    return application


@transaction.atomic
def author_application_approve(*, application: AuthorApplication, editor: User) -> AuthorApplication:
    """Approve: the applicant joins the author role and may publish directly."""
    _reviewer_check(editor)
    application = _pending_locked(application)
    application.status = AuthorApplication.Status.APPROVED
    application.reviewed_by = editor
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "reviewed_by", "decided_at"])
    user_role_grant(user=application.user, role=AUTHOR)
    audit_record(
        actor=editor,
        action=AuditAction.AUTHOR_APPLICATION_APPROVE,
        target=application,
        before={"status": AuthorApplication.Status.PENDING},
        after={"status": application.status},
    )
    notify(
        recipient=application.user,
        subject=gettext_noop("您已成为作者"),
        body=gettext_noop("您的作者申请已通过，现在可以自主发布文章了。"),
        url="/write/",
    )
    return application


@transaction.atomic
def author_application_reject(*, application: AuthorApplication, editor: User, reason: str) -> AuthorApplication:
    _reviewer_check(editor)
    reason = (reason or "").strip()
    if not reason:
        raise AccountError(_("请填写原因。"), field="reason")
    if len(reason) > REASON_MAX:
        raise AccountError(_("原因不能超过 %(n)d 个字。") % {"n": REASON_MAX}, field="reason")
    application = _pending_locked(application)
    application.status = AuthorApplication.Status.REJECTED
    application.reason = reason
    application.reviewed_by = editor
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "reason", "reviewed_by", "decided_at"])
    audit_record(
        actor=editor,
        action=AuditAction.AUTHOR_APPLICATION_REJECT,
        target=application,
        before={"status": AuthorApplication.Status.PENDING},
        after={"status": application.status, "reason": reason},
    )
    notify(
        recipient=application.user,
        subject=gettext_noop("您的作者申请未通过"),
        body=gettext_noop("您的作者申请未通过。原因：%(r)s"),
        params={"r": reason},
        url="/me/",
    )
    return application
