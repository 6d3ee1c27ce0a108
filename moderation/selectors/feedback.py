"""Reads of feedback (建议反馈): the editors' copyright complaints."""

from django.db.models import QuerySet

from ..models import Feedback


def copyright_complaints(*, status: str = "open") -> QuerySet[Feedback]:
    return Feedback.objects.filter(kind=Feedback.Kind.COPYRIGHT, status=status).select_related("author", "handled_by")
