from datetime import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from .models import AuthorApplication, User


def person_get(*, username: str) -> User | None:
    """An active account by username (a reader's view of an author)."""
    return User.objects.filter(username=username, is_active=True).first()


def account_fresh(*, user: User) -> User:
    """The account read again from the database (a form edits a copy, not the request's user)."""
    return User.objects.get(pk=user.pk)


def author_application_get(*, pk: int) -> AuthorApplication | None:
    return AuthorApplication.objects.filter(pk=pk).first()


def author_application_pending(*, user: User) -> AuthorApplication | None:
    return AuthorApplication.objects.filter(user=user, status=AuthorApplication.Status.PENDING).first()


def author_applications_for_review() -> QuerySet[AuthorApplication]:
    return AuthorApplication.objects.filter(status=AuthorApplication.Status.PENDING).select_related("user")


def user_author_applications(*, user: User) -> QuerySet[AuthorApplication]:
    return AuthorApplication.objects.filter(user=user).select_related("reviewed_by")


# --- Trust levels (先审后发 for newcomers) -------------------------------------------------------------------------

TL0, TL1, TL2 = 0, 1, 2
# Staff who decide others' content are not newcomers to be held, whatever their counts.
_TRUSTED_PERMS = ("moderation.decide_case", "articles.review_article")


def _is_staff_like(user: User) -> bool:
    return user.is_staff or user.is_superuser or any(user.has_perm(p) for p in _TRUSTED_PERMS)


def trust_level(user: User, *, now: datetime | None = None) -> int:
    """TL0 (new), TL1 (basic) or TL2 (trusted), like Discourse's first levels: from the account's age and the content
    it had accepted (published, or released by a moderator), both counted since its last sanction, and a clean
    record (no mute or ban in force). Thresholds: `settings.TRUST_LEVELS`. Reads only the user row (and, for staff,
    the permission cache), so the rate limits and the check engine's context may ask it on every request."""
    if not user.is_authenticated:
        return TL0
    if _is_staff_like(user):
        return TL2
    now = now or timezone.now()
    if user.is_banned or user.is_muted(now):
        return TL0
    since = max(d for d in (user.date_joined, user.trust_reset_at) if d is not None)
    age_days = (now - since).total_seconds() / 86400
    level = TL0
    for number in sorted(settings.TRUST_LEVELS):
        needs = settings.TRUST_LEVELS[number]
        if age_days >= needs.get("days", 0) and user.accepted_content >= needs.get("accepted", 0):
            level = int(number)
    return level


def newcomer_held(user: User) -> bool:
    """Whether this account's next comment or article waits for a moderator even when the checks pass: its first
    `settings.TRUST_NEWCOMER_HOLDS` pieces of content (counted again from zero after a sanction)."""
    if user is None or not user.is_authenticated or _is_staff_like(user):
        return False
    return user.accepted_content < settings.TRUST_NEWCOMER_HOLDS
