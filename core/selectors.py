"""Reads of the audit log and notifications."""

from django.db.models import QuerySet

from .models import AuditLog, Notification


def notification_unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def audit_entries_for(*, target_type_id: int, target_id) -> QuerySet[AuditLog]:
    return AuditLog.objects.filter(target_type_id=target_type_id, target_id=str(target_id)).select_related("actor")
