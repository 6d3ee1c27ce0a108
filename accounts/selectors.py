from django.db.models import QuerySet

from .models import AuthorApplication, User


def author_application_pending(*, user: User) -> AuthorApplication | None:
    return AuthorApplication.objects.filter(user=user, status=AuthorApplication.Status.PENDING).first()


def author_applications_for_review() -> QuerySet[AuthorApplication]:
    return AuthorApplication.objects.filter(status=AuthorApplication.Status.PENDING).select_related("user")


def user_author_applications(*, user: User) -> QuerySet[AuthorApplication]:
    return AuthorApplication.objects.filter(user=user).select_related("reviewed_by")
