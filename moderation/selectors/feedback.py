"""Reads of feedback (建议反馈): the staff inbox of suggestions and copyright complaints."""

from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet

from accounts.models import User

from ..models import Feedback

# The editors' complaints list names two states: still to handle, and handled.
COPYRIGHT_LIST_STATUSES = {
    "open": (Feedback.Status.NEW, Feedback.Status.IN_PROGRESS),
    "handled": (Feedback.Status.ANSWERED, Feedback.Status.CLOSED),
}


def copyright_complaints(*, status: str = "open") -> QuerySet[Feedback]:
    return Feedback.objects.filter(
        kind=Feedback.Kind.COPYRIGHT, status__in=COPYRIGHT_LIST_STATUSES.get(status, (status,))
    ).select_related("author", "handled_by")


def feedback_inbox(*, kinds: list[str], status: str = "", kind: str = "", assigned_to: User | None = None):
    """The staff inbox: feedback of `kinds` (those the reader handles), newest first, filtered."""
    items = Feedback.objects.filter(kind__in=kinds).select_related("author", "assigned_to").order_by("-created_at")
    if status:
        items = items.filter(status=status)
    if kind:
        items = items.filter(kind=kind)
    if assigned_to is not None:
        items = items.filter(assigned_to=assigned_to)
    return items


def feedback_get(*, pk: int, kinds: list[str]) -> Feedback | None:
    return (
        Feedback.objects.filter(pk=pk, kind__in=kinds)
        .select_related("author", "assigned_to", "handled_by")
        .prefetch_related("replies__author")
        .first()
    )


def copyright_complaint_get(*, pk: int) -> Feedback | None:
    return Feedback.objects.filter(pk=pk, kind=Feedback.Kind.COPYRIGHT).first()


def feedback_staff(*, kind: str) -> QuerySet[User]:
    """The accounts that may handle feedback of `kind` (through a role or directly), for the assignment list."""
    codename = "decide_case" if kind == Feedback.Kind.SUGGESTION else "handle_copyright"
    perm = Permission.objects.filter(content_type__app_label="moderation", codename=codename).first()
    if perm is None:
        return User.objects.none()
    return (
        User.objects.filter(
            Q(groups__permissions=perm) | Q(user_permissions=perm) | Q(is_superuser=True), is_active=True
        )
        .distinct()
        .order_by("username")
    )
