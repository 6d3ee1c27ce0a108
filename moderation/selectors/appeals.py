"""Reads for appeals: what the account itself sees (its decisions and whether each may still be appealed), and the
moderators' list of pending appeals."""

from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User

from ..constants import APPEAL_DAYS
from ..models import Appeal, Decision
from .accounts import account_decisions, sanctions_active


def decision_get(*, pk: int) -> Decision | None:
    return Decision.objects.select_related("case").filter(pk=pk).first()


def sanction_decision(*, user: User) -> Decision | None:
    """The decision behind the account's current sanction (what a banned account may appeal), if any."""
    return decision_get(pk=user.sanction_decision_id) if user.sanction_decision_id else None


def appeal_get(*, pk: int) -> Appeal | None:
    """An appeal with what its review page shows: the appellant, the decision, its case and moderator, the reviewer."""
    return (
        Appeal.objects.select_related("appellant", "decision__case", "decision__moderator", "reviewer")
        .filter(pk=pk)
        .first()
    )


def decision_sanctions(*, decision: Decision) -> QuerySet:
    return decision.sanctions.select_related("account")


def account_status(*, user: User, now: datetime | None = None) -> dict:
    """What the account itself may see: decisions, active sanctions, appeals. Never who reported it."""
    now = now or timezone.now()
    decisions = list(account_decisions(account=user).exclude(action=Decision.Action.DISMISS).select_related("appeal"))
    rows = []
    for decision in decisions:
        appeal = getattr(decision, "appeal", None) if hasattr(decision, "appeal") else None
        deadline = decision.created_at + timedelta(days=APPEAL_DAYS)
        rows.append(
            {
                "decision": decision,
                "appeal": appeal,
                "deadline": deadline,
                "can_appeal": appeal is None and not decision.is_overturned and now <= deadline,
            }
        )
    return {
        "rows": rows,
        "active_sanctions": sanctions_active(account=user, now=now),
        "appeals": list(Appeal.objects.filter(appellant=user).select_related("decision").order_by("-created_at")),
    }


def decisions_appealable(*, user: User, now: datetime | None = None) -> list[Decision]:
    return [row["decision"] for row in account_status(user=user, now=now)["rows"] if row["can_appeal"]]


def appeals_pending() -> QuerySet[Appeal]:
    return (
        Appeal.objects.filter(status=Appeal.Status.PENDING)
        .select_related("appellant", "decision__moderator", "decision__case")
        .order_by("created_at")
    )
