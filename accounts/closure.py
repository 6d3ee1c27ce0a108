"""An account's data on request (export) and its deletion (注销).

Export writes a ZIP: one JSON file per section that the apps' providers (`accounts.personal_data`) return, the
account's uploads under `uploads/`, and `manifest.json`. A user downloads their own (`internal=False`); staff
answer a lawful request with `manage.py account_export` (`internal=True`: also what moderators hold about them).

Deletion keeps the User row: the records the law requires to be kept (content snapshots, the audit log, decisions,
login records) point at it, and it is marked deleted (`deleted_at`), so each of them reads as belonging to a deleted
account until the retention purge (`accounts.retention`) removes them. The username and e-mail address are
scrambled (free to be registered again), the phone number is released, the profile emptied, the password made
unusable and the account inactive, which ends every session (Django checks both on each request).
"""

import json
import secrets
import zipfile
from collections.abc import Iterable
from datetime import datetime
from typing import BinaryIO

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import AuditAction, AuditLog, Notification
from core.services import audit_record

from .models import PhoneCode, User
from .personal_data import providers
from .services import AccountError

LOGIN_MODELS = (AccessLog, AccessFailureLog, AccessAttempt)


def _rows(queryset, fields: Iterable[str]) -> list[dict]:
    return list(queryset.values(*fields))


class AccountProvider:
    """What `accounts` and `core` hold: the profile, notifications, login records and the audit log."""

    name = "account"

    def export(self, user: User, *, internal: bool) -> dict[str, list[dict]]:
        profile = {
            "id": user.pk,
            "username": user.username,
            "email": user.email,
            "display_name": user.display_name,
            "bio": user.bio,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "phone": user.phone,
            "phone_verified_at": user.phone_verified_at,
            "ip_region": user.ip_region,
            "signup_ip": user.signup_ip,
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "muted_until": user.muted_until,
            "banned_at": user.banned_at,
            "sanction_rule": user.sanction_rule,
            "deleted_at": user.deleted_at,
        }
        sections = {
            "account": [profile],
            "notifications": _rows(
                Notification.objects.filter(recipient=user), ["subject", "body", "url", "created_at", "read_at"]
            ),
            "logins": _rows(
                AccessLog.objects.filter(username=user.username),
                ["attempt_time", "logout_time", "ip_address", "user_agent"],
            ),
        }
        if internal:
            sections["account"][0]["device_id"] = user.device_id
            sections["account"][0]["registration_cheating"] = user.registration_cheating
            sections["login_failures"] = _rows(
                AccessFailureLog.objects.filter(username=user.username),
                ["attempt_time", "ip_address", "user_agent", "locked_out"],
            )
            sections["audit_log"] = [
                {**row, "action": str(row["action"])}
                for row in AuditLog.objects.filter(
                    Q(actor=user)
                    | Q(target_type__model="user", target_type__app_label="accounts", target_id=str(user.pk))
                ).values("created_at", "actor_id", "action", "target_repr", "rule_codes", "before", "after")
            ]
            sections["phone_codes"] = _rows(
                PhoneCode.objects.filter(user=user), ["phone", "created_at", "expires_at", "attempts", "used_at"]
            )
        return sections

    def files(self, user: User) -> Iterable[str]:
        return [user.avatar.name] if user.avatar else []

    def close(self, user: User, *, remove: bool) -> None:
        """Nothing public here beyond the profile, which `account_delete` empties itself."""

    def purge(self, cutoff: datetime) -> dict[str, int]:
        counts = {
            "audit_log": AuditLog.objects.filter(created_at__lt=cutoff).delete()[0],
            "phone_codes": PhoneCode.objects.filter(created_at__lt=cutoff).delete()[0],
        }
        for model in LOGIN_MODELS:
            counts[model._meta.model_name] = model.objects.filter(attempt_time__lt=cutoff).delete()[0]
        # Deleted accounts past the retention period: the last facts that could name the person go too.
        counts["deleted_accounts_scrubbed"] = (
            User.objects.filter(deleted_at__lt=cutoff)
            .exclude(signup_ip__isnull=True, device_id="", ip_region="")
            .update(signup_ip=None, device_id="", ip_region="")
        )
        return counts


def _json(rows: object) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)


def account_export(*, user: User, out: BinaryIO, internal: bool = False, actor: User | None = None) -> list[str]:
    """Write the ZIP of everything held about `user` to `out`; returns the names in it.

    `internal=True` is the staff export for a lawful request; it is audited (actor None: a management command)."""
    names: list[str] = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for provider in providers():
            for section, rows in provider.export(user, internal=internal).items():
                name = f"{section}.json"
                archive.writestr(name, _json(rows))
                names.append(name)
        seen: set[str] = set()
        for provider in providers():
            for stored in provider.files(user):
                if stored in seen or not default_storage.exists(stored):
                    continue
                seen.add(stored)
                with default_storage.open(stored, "rb") as handle:
                    archive.writestr(f"uploads/{stored}", handle.read())
                names.append(f"uploads/{stored}")
        manifest = {
            "site": settings.SITE_NAME,
            "account_id": user.pk,
            "generated_at": timezone.now(),
            "internal": internal,
            "files": names,
        }
        archive.writestr("manifest.json", _json(manifest))
    names.append("manifest.json")
    if internal:
        audit_record(actor=actor, action=AuditAction.ACCOUNT_EXPORT, target=user, after={"files": len(names)})
    return names


@transaction.atomic
def account_delete(*, user: User, password: str, remove_content: bool) -> User:
    """注销 after re-authenticating with the password. Public content is taken off line (`remove_content`) or left
    to show as 「已注销用户」; what the law keeps stays, pointing at this row, until the retention purge."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_deleted:
        raise AccountError(_("这个账号已经注销。"), status=410)
    if not password or not user.check_password(password):
        raise AccountError(_("密码不正确。"), field="password")
    if user.is_staff or user.is_superuser:
        raise AccountError(_("后台账号不能自行注销，请先由管理员取消其后台权限。"), status=403)
    for provider in providers():
        provider.close(user, remove=remove_content)
    before = {"username": user.username, "email": user.email}
    scrambled = f"deleted-{user.pk}-{secrets.token_hex(4)}"
    # The login records stay for the retention period; they now name the deleted account, not a free username.
    for model in LOGIN_MODELS:
        model.objects.filter(username=user.username).update(username=scrambled)
    if user.avatar:
        default_storage.delete(user.avatar.name)
    user.username = scrambled
    user.email = ""
    user.display_name = ""
    user.bio = ""
    user.avatar = ""
    user.phone = None  # the number is free to verify another account
    user.phone_verified_at = None
    user.is_active = False
    user.deleted_at = timezone.now()
    user.set_unusable_password()  # changes the session hash: every session of this account ends
    user.save()
    user.groups.clear()
    # allauth's rows: the addresses are freed for another account; authenticators and social links go with them.
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    audit_record(
        actor=user,
        action=AuditAction.ACCOUNT_DELETE,
        target=user,
        before=before,
        after={"content": "removed" if remove_content else "anonymised"},
    )
    return user
