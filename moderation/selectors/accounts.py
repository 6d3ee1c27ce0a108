"""Reads about an account for the moderators: linked accounts, look-alike accounts, sanctions and history."""

from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User

from ..models import AccountLink, Case, Decision, Sanction
from .notes import account_notes


def account_get(*, pk: int | None = None, username: str | None = None) -> User | None:
    """One account by id or by username (None when there is none)."""
    if pk is not None:
        return User.objects.filter(pk=pk).first()
    return User.objects.filter(username=username).first() if username else None


def account_linked_ids(*, account: User) -> set[int]:
    """The ids of the accounts a moderator linked to `account` (either side of the link). The one linked-accounts
    query: the ladder, multi-account sanctions and the case page all read it."""
    pairs = AccountLink.objects.filter(Q(account_a=account) | Q(account_b=account)).values_list(
        "account_a_id", "account_b_id"
    )
    return {a if b == account.pk else b for a, b in pairs}


def account_related_ids(*, account: User) -> set[int]:
    """The account and the accounts linked to it: one person or one operation, for conflicts of interest."""
    return {account.pk} | account_linked_ids(account=account)


def account_links(*, account: User) -> list[User]:
    return list(User.objects.filter(pk__in=account_linked_ids(account=account)).order_by("username"))


def account_link_suggestions(*, account: User, limit: int = 20) -> list[tuple[User, str]]:
    """Accounts that look like the same person: same sign-up IP within 24 hours, or the same device cookie."""
    linked = account_linked_ids(account=account) | {account.pk}
    found: dict[int, tuple[User, str]] = {}
    if account.device_id:
        for other in User.objects.filter(device_id=account.device_id).exclude(pk__in=linked)[:limit]:
            found[other.pk] = (other, "同一设备")
    if account.signup_ip:
        window = timedelta(hours=24)
        for other in User.objects.filter(
            signup_ip=account.signup_ip,
            date_joined__gte=account.date_joined - window,
            date_joined__lte=account.date_joined + window,
        ).exclude(pk__in=linked)[:limit]:
            reason = "同一注册 IP（24 小时内）"
            found[other.pk] = (other, f"{found[other.pk][1]}、{reason}" if other.pk in found else reason)
    return list(found.values())[:limit]


def sanctions_active(*, account: User, now: datetime | None = None) -> list[Sanction]:
    """The account's sanctions in force at `now` (not lifted, not overturned, not ended)."""
    now = now or timezone.now()
    return [
        s
        for s in Sanction.objects.filter(account=account, status=Sanction.Status.ACTIVE).select_related("decision")
        if s.is_active(now)
    ]


def account_decisions(*, account: User) -> QuerySet[Decision]:
    """Decisions about the account's content or the account, and those that sanctioned it (linked accounts)."""
    return (
        Decision.objects.filter(Q(case__target_owner=account) | Q(sanctions__account=account))
        .distinct()
        .select_related("case", "moderator", "ruleset")
        .prefetch_related("sanctions")
        .order_by("-created_at")
    )


def account_history(*, account: User, exclude_case: Case | None = None) -> dict:
    decisions = account_decisions(account=account)
    if exclude_case is not None:
        decisions = decisions.exclude(case=exclude_case)
    return {
        "decisions": list(decisions[:50]),
        "active_sanctions": sanctions_active(account=account),
        "links": account_links(account=account),
        "suggestions": account_link_suggestions(account=account),
        # Moderators' notes: this history is read on staff pages only, never on the account's own pages.
        "notes": list(account_notes(account=account)[:50]),
    }
