"""How moderation acts on content it does not own: adapters registered by the apps that own the content.

Moderation never imports `articles`. Each content app registers one adapter per model in its AppConfig.ready()
(`articles/moderation.py`); accounts are a target kind too, with their adapter in `moderation/adapters.py`.
Everything that needs to know what a target *is* asks `adapter_for(target)`; the list of kinds a report may name
is `kinds()`.
"""

from typing import NamedTuple, Protocol

from django.db.models import Model

from .engine import Verdict


class CheckText(NamedTuple):
    """What the automatic checks read: a title ("" for content without one) and the plain text."""

    title: str
    text: str


class ContentAdapter(Protocol):
    """What moderation may ask of, and do to, one kind of target. Writes are the owning app's services."""

    kind: str  # the name reports use: `/report/?type=<kind>&id=`
    is_content: bool  # False for accounts: they are sanctioned, never hidden

    def owner(self, target: Model):
        """The account responsible for the target (author, commenter; an account is its own owner)."""

    def check_text(self, target: Model, *, revision_id: int | None = None) -> CheckText:
        """The text to check and snapshot, at `revision_id` for revisioned content."""

    def snapshot(self, target: Model, *, revision_id: int | None = None) -> dict:
        """A JSON-serialisable frozen copy: title, text, url, status. For revisioned content, the copy at
        `revision_id`, else the one readers see (before a first publication: the one under check), with
        `revision_id`, `revision_number`, `live` (is it the copy readers see) and `live_revision_number`."""

    def is_public(self, target: Model) -> bool:
        """True when readers can see it (published article, visible comment, active account)."""

    def is_pending_edit(self, target: Model, *, revision_id: int | None) -> bool:
        """Is `revision_id` an edit of public content that waits for a decision, while the public copy stays?"""

    def hide(self, target: Model, *, revision_id: int | None = None, rule: str = "") -> None:
        """Remove from public view; never deletes. With the `revision_id` of a pending edit (`is_pending_edit`):
        reject that edit only, citing `rule`, and leave the public copy as it is. Caller holds a transaction."""

    def restore(self, target: Model, *, revision_id: int | None = None) -> None:
        """Undo `hide` (an overturned decision): with `revision_id`, the rejected edit waits for a decision
        again, unless a newer edit has replaced it since. Caller holds a transaction."""

    def apply_verdict(self, target: Model, *, revision_id: int | None, verdict: Verdict, rule: str) -> None:
        """Apply a check's (or a moderator's release/confirmation) outcome. Idempotent."""


_ADAPTERS: dict[type[Model], ContentAdapter] = {}
_KINDS: dict[str, type[Model]] = {}


def register(model: type[Model], adapter: ContentAdapter) -> None:
    if adapter.kind in _KINDS and _KINDS[adapter.kind] is not model:
        raise ValueError(f"target kind {adapter.kind!r} is registered twice")
    _ADAPTERS[model] = adapter
    _KINDS[adapter.kind] = model


def adapter_for(obj: Model | type[Model]) -> ContentAdapter:
    model = obj if isinstance(obj, type) else type(obj)
    try:
        return _ADAPTERS[model._meta.concrete_model]
    except KeyError:
        raise LookupError(f"no moderation adapter registered for {model.__name__}") from None


def model_for_kind(kind: str) -> type[Model] | None:
    return _KINDS.get(kind)


def kinds() -> tuple[str, ...]:
    return tuple(_KINDS)
