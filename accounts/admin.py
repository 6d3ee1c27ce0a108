from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import AuthorApplication, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "email", "is_staff", "muted_until", "banned_at", "date_joined")
    list_filter = ("is_staff", "is_superuser", "groups", "registration_cheating")
    search_fields = ("username", "display_name", "email")
    # Sanction state is written by moderation decisions only, so that every change is a logged decision.
    readonly_fields = ("muted_until", "banned_at", "sanction_rule", "signup_ip", "device_id")
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
    )


@admin.register(AuthorApplication)
class AuthorApplicationAdmin(admin.ModelAdmin):
    list_display = ("user", "status", "created_at", "reviewed_by", "decided_at")
    list_filter = ("status",)
    search_fields = ("user__username",)
    list_select_related = ("user", "reviewed_by")
    raw_id_fields = ("user", "reviewed_by")
