"""Admin for the records of the bottom layer: read, never added, changed or deleted."""

from django.contrib import admin

from .models import AuditLog, Notification


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records are written by services only; in the admin they are read, never added, changed or deleted."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor", "action", "target_repr", "rule_codes")
    list_filter = ("action",)
    search_fields = ("target_repr", "actor__username", "action")
    list_select_related = ("actor",)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("recipient", "subject", "created_at", "read_at")
    list_select_related = ("recipient",)
