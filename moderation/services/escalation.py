"""The queue's escalation policy (how cases rise with age), edited by admins and audited; and the sweep that keeps
each open case's earned raise (`Case.escalation`) on its row, so that the queue orders through an index."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from core.models import AuditAction
from core.services import audit_record

from ..models import Case, EscalationStep


def _steps() -> list[list[int]]:
    return [list(s) for s in EscalationStep.objects.order_by("after_hours").values_list("after_hours", "raise_by")]


@transaction.atomic
def escalation_step_save(*, step: EscalationStep, actor: User) -> EscalationStep:
    before = _steps()
    step.save()
    case_escalation_sweep()
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
    case_escalation_sweep()
    audit_record(actor=actor, action=AuditAction.ESCALATION_UPDATE, before={"steps": before}, after={"steps": _steps()})
    return deleted


@transaction.atomic
def case_escalation_sweep(*, now: datetime | None = None) -> int:
    """Give every open case the raise its age has earned under the current steps (beat runs this every few
    minutes, and an edit of the steps at once). One UPDATE per age band, touching only rows whose raise changes.
    Returns the number of cases changed."""
    now = now or timezone.now()
    steps = list(EscalationStep.objects.order_by("after_hours").values_list("after_hours", "raise_by"))
    # Age bands: younger than the first step earns 0; from each step to the next, the raises so far.
    bands = [(None, steps[0][0] if steps else None, 0)]
    earned = 0
    for i, (hours, raise_by) in enumerate(steps):
        earned += raise_by
        younger_than = steps[i + 1][0] if i + 1 < len(steps) else None
        bands.append((hours, younger_than, earned))
    changed = 0
    for older_than, younger_than, value in bands:
        cases = Case.objects.filter(status=Case.Status.OPEN).exclude(escalation=value)
        if older_than is not None:
            cases = cases.filter(opened_at__lte=now - timedelta(hours=older_than))
        if younger_than is not None:
            cases = cases.filter(opened_at__gt=now - timedelta(hours=younger_than))
        changed += cases.update(escalation=min(value, 32767))
    return changed
