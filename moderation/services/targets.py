"""Targets: whatever a registered adapter moderates (articles and comments from their app, accounts from ours).

Nothing here knows what a target is; every question goes to `registry.adapter_for(target)`.
"""

from django.db.models import Model
from django.utils.translation import gettext as _

from accounts.models import User

from .. import registry
from ..errors import ModerationError
from ..registry import adapter_for


def target_kind(target: Model) -> str:
    return adapter_for(target).kind


def target_owner(target: Model) -> User:
    return adapter_for(target).owner(target)


def target_snapshot(target: Model, *, revision_id: int | None = None) -> dict:
    """A frozen, JSON-serialisable copy of the target as it is now (at `revision_id` for revisioned content: the
    revision a check held), with its kind."""
    adapter = adapter_for(target)
    return {"kind": adapter.kind, **adapter.snapshot(target, revision_id=revision_id)}


def target_is_available(target: Model) -> bool:
    """May this target still be reported? Content must be public; an account must be active and not banned."""
    return adapter_for(target).is_public(target)


def target_resolve(*, kind: str, target_id) -> Model:
    """The object a report names (`type=article|comment|user&id=`), or a ModerationError fit to show."""
    model_class = registry.model_for_kind(kind)
    if model_class is None:
        raise ModerationError(_("举报对象类型无效。"), status=404)
    try:
        pk = int(target_id)
    except (TypeError, ValueError, OverflowError):
        raise ModerationError(_("举报对象不存在。"), status=404) from None
    if not 0 < pk < 2**63:
        raise ModerationError(_("举报对象不存在。"), status=404)
    target = model_class._default_manager.filter(pk=pk).first()
    if target is None:
        raise ModerationError(_("举报对象不存在。"), status=404)
    return target


def target_resolve_public(*, kind: str, target_id) -> Model:
    """The public object a report or a complaint names. Anything readers cannot see (a draft, a held or removed
    comment, a banned account) is answered as if it did not exist: a 404 that shows nothing of it."""
    target = target_resolve(kind=kind, target_id=target_id)
    if not target_is_available(target):
        raise ModerationError(_("举报对象不存在。"), status=404)
    return target


def target_of(case_or_report) -> Model | None:
    """The object a case (or report) is about, or None when it no longer exists."""
    model_class = case_or_report.target_type.model_class()
    if model_class is None:
        return None
    return model_class._default_manager.filter(pk=case_or_report.target_id).first()


def target_lock(target: Model) -> Model:
    """The target's row again, locked for the caller's transaction, before a decision hides or restores it."""
    return type(target)._default_manager.select_for_update().get(pk=target.pk)
