"""The moderation adapter for accounts: a report may name a user, who is sanctioned but never hidden."""

from django.db.models import Model
from django.urls import reverse

from accounts.models import User

from .engine import Verdict
from .registry import CheckText


class UserAdapter:
    kind = "user"
    is_content = False

    def owner(self, target: User) -> User:
        return target

    def check_text(self, target: User, *, revision_id: int | None = None) -> CheckText:
        return CheckText(target.public_name, target.bio)

    def snapshot(self, target: User, *, revision_id: int | None = None) -> dict:
        return {
            "title": target.public_name,
            "text": target.bio,
            "username": target.username,
            "url": reverse("accounts:public_profile", args=[target.username]),
            "status": "banned" if target.is_banned else "active",
        }

    def is_public(self, target: User) -> bool:
        return target.is_active and not target.is_banned

    def is_pending_edit(self, target: User, *, revision_id: int | None) -> bool:
        return False

    def hide(self, target: Model, *, revision_id: int | None = None, rule: str = "") -> None:
        raise TypeError("an account is sanctioned, never hidden")

    def restore(self, target: Model, *, revision_id: int | None = None) -> None:
        raise TypeError("an account is sanctioned, never hidden")

    def apply_verdict(self, target: Model, *, revision_id: int | None, verdict: Verdict, rule: str) -> None:
        raise TypeError("profile text is not checked")
