"""Writes of the check policy: how the automatic checks weigh their evidence (`moderation.engine.Policy`) and whether
they consult the site's classifier. Each edit is a new, audited row; the newest applies at every process's next
check (the selector reads it before each scan)."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.models import AuditAction
from core.services import audit_record

from ..engine import Policy
from ..errors import ModerationError
from ..models import CheckPolicy
from ..selectors.checks import check_policy_current


def check_policy_validate(*, data: dict) -> Policy:
    """The engine's policy for `data` (`Policy.to_dict()` shape), or a refusal naming what is wrong."""
    try:
        return Policy.from_dict(data)
    except ValueError as exc:
        raise ModerationError(_("检查策略无效：%(error)s") % {"error": exc}, field="data") from exc


@transaction.atomic
def check_policy_update(*, actor: User, data: dict, classifier_enabled: bool = True) -> CheckPolicy:
    """Write a new policy version (validated by the engine's own rules: known evidence kinds, non-negative weights,
    0 < flag <= hold <= block). Stored as the engine normalises it, so every key is explicit."""
    policy = check_policy_validate(data=data)
    current, current_policy = check_policy_current()
    before = {
        "policy": current_policy.to_dict(),
        "classifier_enabled": current.classifier_enabled if current is not None else True,
    }
    row = CheckPolicy.objects.create(data=policy.to_dict(), classifier_enabled=classifier_enabled, created_by=actor)
    audit_record(
        actor=actor,
        action=AuditAction.CHECK_POLICY_UPDATE,
        target=row,
        before=before,
        after={"policy": row.data, "classifier_enabled": row.classifier_enabled},
    )
    return row
