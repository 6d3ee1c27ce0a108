"""Writes behind the trust levels (`accounts.selectors.trust_level`): content accepted, and the reset a sanction
causes. Called by articles (a verdict that publishes) and by moderation (a sanction applied)."""

from datetime import datetime

from django.db.models import F
from django.utils import timezone

from .models import User


def trust_content_accepted(*, user: User) -> None:
    """One more piece of the account's content was accepted (published by the checks or released by a moderator)."""
    User.objects.filter(pk=user.pk).update(accepted_content=F("accepted_content") + 1)


def trust_reset(*, user: User, now: datetime | None = None) -> None:
    """A sanction drops the account to TL0: its age and accepted content count again from now, so its next
    pieces of content are held for a moderator again (`newcomer_held`)."""
    now = now or timezone.now()
    User.objects.filter(pk=user.pk).update(accepted_content=0, trust_reset_at=now)
    user.accepted_content, user.trust_reset_at = 0, now
