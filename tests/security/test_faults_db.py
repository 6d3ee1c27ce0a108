"""The database connection dropped in the middle of a moderation decision: nothing half-applied survives.

`case_decide` writes the Decision, then the Sanction, then the account's sanction state, in one transaction. The test
kills its own backend (`pg_terminate_backend` from a second connection) right after the Decision row is written and
before the Sanction: the error must surface as a database error, and the database must show no Decision, no Sanction,
an unchanged account and an open case. After reconnecting, the same decision goes through exactly once.
"""

import psycopg2
import pytest
from django.db import DatabaseError, connection

from accounts.models import User
from moderation import services
from moderation.models import Case, Decision, Sanction
from moderation.services import decisions
from tests.factories import UserFactory
from tests.moderation.conftest import report_user

pytestmark = pytest.mark.postgres


def _terminate_backend(pid: int) -> None:
    """From a second, independent connection, as an operator or a failover would."""
    db = connection.settings_dict
    other = psycopg2.connect(
        dbname=db["NAME"],
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
    )
    try:
        other.autocommit = True
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            assert cursor.fetchone()[0] is True
    finally:
        other.close()


@pytest.fixture
def people(committed_db, roles_granted):
    from accounts.roles import MODERATOR

    services.ruleset_load()
    offender = UserFactory(username="fault-offender")
    reporter = UserFactory(username="fault-reporter")
    moderator = UserFactory(username="fault-moderator", roles=[MODERATOR])
    report_user(reporter=reporter, target=offender, rule_code="2.6")
    case = Case.objects.get(target_id=offender.pk, status=Case.Status.OPEN)
    return offender, moderator, case


def test_connection_dropped_mid_decision_rolls_back_everything(people, monkeypatch):
    offender, moderator, case = people
    muted_before = User.objects.get(pk=offender.pk).muted_until
    real_sanction_apply = decisions.sanction_apply
    calls = {"killed": 0}

    def dying_sanction_apply(*, decision, **kwargs):
        # Inside case_decide's transaction: the Decision row is written, the Sanction is not yet.
        assert Decision.objects.filter(pk=decision.pk).exists()
        if not calls["killed"]:
            calls["killed"] += 1
            _terminate_backend(connection.connection.info.backend_pid)
        return real_sanction_apply(decision=decision, **kwargs)

    monkeypatch.setattr(decisions, "sanction_apply", dying_sanction_apply)
    with pytest.raises(DatabaseError):
        services.case_decide(case=case, moderator=moderator, action="sanction", rule_codes=["2.6"], reason="辱骂他人")
    assert calls["killed"] == 1

    # Reconnect, as the next request would.
    connection.close()
    assert not Decision.objects.filter(case=case).exists()
    assert not Sanction.objects.filter(account=offender).exists()
    offender.refresh_from_db()
    assert offender.muted_until == muted_before
    assert not offender.is_muted()
    assert offender.sanction_decision_id is None
    assert offender.sanction_rule == ""
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
    assert case.decided_at is None

    # The retry goes through exactly once.
    decision = services.case_decide(
        case=case, moderator=moderator, action="sanction", rule_codes=["2.6"], reason="辱骂他人"
    )
    assert Decision.objects.filter(case=case).count() == 1
    assert Sanction.objects.filter(account=offender).count() == 1
    assert Sanction.objects.get(account=offender).decision_id == decision.pk
    offender.refresh_from_db()
    assert offender.is_muted()
    assert offender.sanction_decision_id == decision.pk
    case.refresh_from_db()
    assert case.status == Case.Status.DECIDED
