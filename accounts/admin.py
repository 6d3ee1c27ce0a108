from allauth.account.decorators import secure_admin_login
from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from core.admin import column

from . import services
from .models import AuthorApplication, User

# The admin logs in through the site's login (allauth): the same lockout and captcha, and the TOTP code for
# staff. Django's own admin login form would take the password alone.
admin.site.login = secure_admin_login(admin.site.login)

# Written by accounts services, each change audited, instead of by the admin form's save.
AUDITED_FLAGS = ("is_staff", "is_superuser", "registration_cheating")


COMPLIANCE = ("phone", "phone_verified_at", "ip_region", "accepted_content", "trust_reset_at", "deleted_at")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "email", "is_staff", "muted_until", "banned_at", "date_joined")
    list_filter = ("is_staff", "is_superuser", "groups", "registration_cheating")
    search_fields = ("username", "display_name", "email")
    # Sanction state is written by moderation decisions only, so that every change is a logged decision. An avatar
    # comes only through the profile form, whose upload pipeline (accounts.images) strips metadata and caps pixels.
    readonly_fields = ("muted_until", "banned_at", "sanction_rule", "signup_ip", "device_id", "avatar", *COMPLIANCE)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("资料"), {"fields": ("display_name", "bio", "avatar")}),
        (
            _("处罚与风控"),
            {
                "fields": (
                    "muted_until",
                    "banned_at",
                    "sanction_rule",
                    "signup_ip",
                    "device_id",
                    "registration_cheating",
                )
            },
        ),
        # 后台实名 and 注销: read-only, written by the phone verification and the account deletion only.
        (_("实名与注销"), {"fields": COMPLIANCE}),
    )

    def save_model(self, request, obj: User, form, change: bool) -> None:
        """Save the other fields as typed; staff flags and the cheating mark go through the audited services.

        The admin runs this and `save_related` in one transaction, so the audit rows commit with the change.
        """
        wanted = {name: getattr(obj, name) for name in AUDITED_FLAGS}
        if change:
            stored = User.objects.filter(pk=obj.pk).values(*AUDITED_FLAGS).get()
            for name, value in stored.items():
                setattr(obj, name, value)
        super().save_model(request, obj, form, change)
        services.user_staff_set(
            user=obj, is_staff=wanted["is_staff"], is_superuser=wanted["is_superuser"], actor=request.user
        )
        services.user_cheating_flag_set(user=obj, flagged=wanted["registration_cheating"], actor=request.user)

    def save_related(self, request, form, formsets, change: bool) -> None:
        """Roles (groups) are set by `user_roles_set`, audited; the form saves the other many-to-many fields."""
        groups = form.cleaned_data.pop("groups", None)
        super().save_related(request, form, formsets, change)
        if groups is not None:
            services.user_roles_set(user=form.instance, roles=[g.name for g in groups], actor=request.user)


@admin.register(AuthorApplication)
class AuthorApplicationAdmin(admin.ModelAdmin):
    list_display = (
        column("user", _("申请人")),
        "status",
        column("created_at", _("申请时间")),
        column("reviewed_by", _("审核人")),
        column("decided_at", _("处理时间")),
    )
    list_filter = ("status",)
    search_fields = ("user__username",)
    list_select_related = ("user", "reviewed_by")
    raw_id_fields = ("user",)
    # Decisions are made in the review queue (accounts.services.author_application_approve/reject), which grant
    # the role, notify and audit; here they can only be read.
    readonly_fields = ("status", "reason", "reviewed_by", "decided_at")


# django-axes ships no Chinese: its lockout lists get our column labels (same columns, same behaviour).
AXES_COLUMNS = {
    "attempt_time": _("尝试时间"),
    "logout_time": _("退出时间"),
    "ip_address": _("IP 地址"),
    "user_agent": _("浏览器标识"),
    "username": _("用户名"),
    "path_info": _("路径"),
    "failures_since_start": _("失败次数"),
    "locked_out": _("已锁定"),
}


@admin.display(description=_("状态"))
def _axes_status(self, obj) -> str:
    left = settings.AXES_FAILURE_LIMIT - obj.failures_since_start
    return _("还可尝试 %(n)s 次") % {"n": left} if left > 0 else _("已锁定")


def _axes_translated() -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog  # noqa: PLC0415 - after axes' own admin

    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        if not admin.site.is_registered(model):
            continue
        base = type(admin.site._registry[model])
        columns = [
            column(f, AXES_COLUMNS[f], boolean=f == "locked_out") if f in AXES_COLUMNS else f for f in base.list_display
        ]
        attrs = {"list_display": columns}
        if "status" in base.list_display:
            attrs["status"] = _axes_status
        admin.site.unregister(model)
        admin.site.register(model, type(base.__name__, (base,), attrs))


_axes_translated()
# --- allauth's and the captcha's models in the admin --------------------------------------------------------------
# Their admin classes write without an audit row. Addresses and authenticators stay visible to whoever may see them,
# read-only; social apps (configured by settings) and tokens (secrets) are not shown at all.


# allauth's list columns, in the site's words (its models' verbose names are English).
THIRD_PARTY_COLUMNS = {
    "user": _("用户"),
    "email": _("邮箱"),
    "verified": _("已验证"),
    "primary": _("主邮箱"),
    "type": _("类型"),
    "created_at": _("创建时间"),
    "last_used_at": _("最后使用"),
    "created": _("创建时间"),
    "sent": _("发送时间"),
    "key": _("密钥"),
    "email_address": _("邮箱"),
    "provider": _("登录方式"),
    "uid": _("第三方账号"),
    "last_login": _("上次登录"),
    "date_joined": _("注册时间"),
}


def _read_only(admin_class: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    class ReadOnly(admin_class):
        actions = None
        list_display = [
            column(f, THIRD_PARTY_COLUMNS[f], boolean=f in ("verified", "primary"))
            if isinstance(f, str) and f in THIRD_PARTY_COLUMNS
            else f
            for f in admin_class.list_display
        ]

        def has_add_permission(self, request, obj=None) -> bool:
            return False

        def has_change_permission(self, request, obj=None) -> bool:
            return False

        def has_delete_permission(self, request, obj=None) -> bool:
            return False

    ReadOnly.__name__ = f"ReadOnly{admin_class.__name__}"
    return ReadOnly


def third_party_admin_restrict() -> None:
    """Called from AccountsConfig.ready(), after the admin has imported every app's admin module."""
    for model in (SocialApp, SocialToken):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
    for model in (EmailAddress, EmailConfirmation, Authenticator, SocialAccount):
        if admin.site.is_registered(model):
            current = type(admin.site.get_model_admin(model))
            admin.site.unregister(model)
            admin.site.register(model, _read_only(current))
