"""What moderation needs from content it moderates, without importing the apps that own that content.

Dependencies point one way (articles -> moderation -> accounts): moderation reaches articles and comments through
the contenttypes framework and this protocol, which `articles.models.Article` and `articles.models.Comment` implement.
"""

from typing import Protocol, runtime_checkable

from accounts.models import User


@runtime_checkable
class Moderatable(Protocol):
    pk: int

    def moderation_owner(self) -> User:
        """The account responsible for the content (author or commenter)."""

    def moderation_text(self, *, revision_id: int | None = None) -> tuple[str, str]:
        """(title, plain text) to check and to snapshot, at `revision_id` for revisioned content (else the version
        under check, else the public one); the title is "" for content without one."""

    def moderation_snapshot(self) -> dict:
        """A JSON-serialisable frozen copy of the content as it is now (title, text, url, status)."""

    def moderation_is_public(self) -> bool:
        """True when readers can see it (published article, visible comment)."""

    def moderation_hide(self) -> None:
        """Remove from public view (status `removed`); never deletes. Caller holds a transaction."""

    def moderation_restore(self) -> None:
        """Undo `moderation_hide` (an overturned decision). Caller holds a transaction."""

    def moderation_apply_verdict(self, *, revision_id: int | None, verdict: str, rule: str) -> None:
        """Apply an automatic check's outcome: "pass"/"flag" publish, "hold" holds, "block" rejects citing `rule`."""

    def get_absolute_url(self) -> str: ...
