"""The queue's escalation policy (how cases rise with age), edited by admins and audited."""

from django.db import transaction
from django.db.models import QuerySet

from accounts.models import User
from core.models import AuditAction
from core.services import audit_record

from ..models import EscalationStep


def _steps() -> list[list[int]]:
    return [list(s) for s in EscalationStep.objects.order_by("after_hours").values_list("after_hours", "raise_by")]


@transaction.atomic
def escalation_step_save(*, step: EscalationStep, actor: User) -> EscalationStep:
    before = _steps()
    step.save()
    audit_record(
        actor=actor,
        action=AuditAction.ESCALATION_UPDATE,
        target=step,
        before={"steps": before},
        after={"steps": _steps()},
    )
    return step


@transaction.atomic
def escalation_step_delete(*, steps: QuerySet[EscalationStep], actor: User) -> int:
    before = _steps()
    deleted, _n = steps.delete()
    audit_record(actor=actor, action=AuditAction.ESCALATION_UPDATE, before={"steps": before}, after={"steps": _steps()})
    return deleted
