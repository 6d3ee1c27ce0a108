"""Reads of account notes, for moderators only: no page an account sees about itself calls these."""

from django.db.models import QuerySet

from accounts.models import User

from ..models import AccountNote


def account_notes(*, account: User) -> QuerySet[AccountNote]:
    return AccountNote.objects.filter(account=account).select_related("author", "case").order_by("-created_at", "-id")
