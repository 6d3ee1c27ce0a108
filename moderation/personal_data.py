"""Moderation's part of an account's data (`accounts.personal_data`): what it filed (reports, appeals, feedback),
its sanctions, and for the staff export what moderators hold about it (cases with their snapshots and decisions).

Deletion changes nothing here: these are the records the law keeps. The retention purge deletes decided cases
(with their reports, snapshots, decision, sanctions and appeal) once older than the retention period and than the
sanction ladder's repeat window (so that purging never lowers a repeat offender's rung), unless a sanction of
theirs is still in force or an appeal is pending.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import User

from .models import AccountLink, Appeal, Case, Feedback, Report, Sanction
from .services.sanctions import sanction_policy
from .services.stats import stats_days_mark_dirty_for_cases


def _rows(queryset, fields: list[str]) -> list[dict]:
    return list(queryset.values(*fields))


class ModerationProvider:
    name = "moderation"

    def export(self, user: User, *, internal: bool) -> dict[str, list[dict]]:
        sections = {
            "reports_filed": _rows(
                Report.objects.filter(reporter=user),
                ["created_at", "rule_code", "text", "target_type__model", "target_id", "status"],
            ),
            "appeals": _rows(
                Appeal.objects.filter(appellant=user),
                ["created_at", "decision_id", "text", "status", "outcome_reason", "reviewed_at"],
            ),
            "feedback": _rows(
                Feedback.objects.filter(author=user),
                ["created_at", "kind", "text", "contact", "target_repr", "status", "response", "handled_at"],
            ),
            "sanctions": _rows(
                Sanction.objects.filter(account=user),
                ["starts_at", "ends_at", "rung", "rule_codes", "status", "lifted_at", "via_link"],
            ),
        }
        if internal:
            sections["cases_about"] = [
                {
                    "id": case.pk,
                    "target": case.target_repr,
                    "target_kind": case.target_type.model,
                    "target_id": case.target_id,
                    "status": case.status,
                    "opened_at": case.opened_at,
                    "decided_at": case.decided_at,
                    "snapshot_reported": case.snapshot_reported,
                    "snapshot_decided": case.snapshot_decided,
                    "check_matches": case.check_matches,
                    "decision": _decision(case),
                }
                for case in Case.objects.filter(target_owner=user).select_related("target_type", "decision")
            ]
            sections["account_links"] = _rows(
                AccountLink.objects.filter(account_a=user) | AccountLink.objects.filter(account_b=user),
                ["account_a_id", "account_b_id", "created_at"],
            )
        return sections

    def files(self, user: User) -> Iterable[str]:
        return []

    def close(self, user: User, *, remove: bool) -> None:
        """Kept as they are for the retention period: the User row they point at is marked deleted."""

    def purge(self, cutoff: datetime) -> dict[str, int]:
        window = timezone.now() - timedelta(days=sanction_policy().repeat_window_days)
        before = min(cutoff, window)
        in_force = Sanction.objects.filter(decision__case=OuterRef("pk"), status=Sanction.Status.ACTIVE).exclude(
            ends_at__lte=timezone.now()
        )
        appealing = Appeal.objects.filter(decision__case=OuterRef("pk"), status=Appeal.Status.PENDING)
        old = (
            Case.objects.filter(status=Case.Status.DECIDED, decided_at__lt=before)
            .annotate(in_force=Exists(in_force), appealing=Exists(appealing))
            .filter(in_force=False, appealing=False)
        )
        ids = list(old.values_list("pk", flat=True))
        # The statistics count what is left: the days these cases counted in are computed again.
        stats_days_mark_dirty_for_cases(case_ids=ids)
        Case.objects.filter(pk__in=ids).delete()
        return {"cases": len(ids)}


def _decision(case: Case) -> dict | None:
    decision = getattr(case, "decision", None)
    if decision is None:
        return None
    return {
        "action": decision.action,
        "rule_codes": decision.rule_codes,
        "reason": decision.reason,
        "moderator_id": decision.moderator_id,
        "rung": decision.rung,
        "created_at": decision.created_at,
        "overturned_at": decision.overturned_at,
    }
