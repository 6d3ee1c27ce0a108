"""Two moderators deciding one case at once end with exactly one decision and one sanction (two real connections)."""

import threading

import pytest
from django.db import connection

from moderation import services
from moderation.models import Case, Decision, Sanction
from moderation.services import ModerationError
from tests.moderation.conftest import report_user

pytestmark = [pytest.mark.postgres]


@pytest.mark.django_db(transaction=True)
def test_two_moderators_deciding_at_once_make_one_decision_and_one_sanction(
    roles_granted, rules, offender, reader, moderator, moderator2
):
    case = report_user(reporter=reader, target=offender).case
    barrier = threading.Barrier(2)
    outcomes: list = []

    def decide_as(mod):
        try:
            barrier.wait(timeout=10)
            services.case_decide(case=case, moderator=mod, action="sanction", rule_codes=["2.6"], reason="辱骂")
            outcomes.append("ok")
        except ModerationError as exc:
            outcomes.append(str(exc))
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=decide_as, args=(m,)) for m in (moderator, moderator2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes, key=lambda o: o != "ok") == ["ok", "该案件已经处理完毕，不能重复处理。"]
    assert Decision.objects.count() == 1
    assert Sanction.objects.count() == 1
    assert Case.objects.get().status == Case.Status.DECIDED


@pytest.mark.django_db(transaction=True)
def test_two_first_reports_at_once_open_one_case(roles_granted, rules, offender, readers):
    barrier = threading.Barrier(2)
    errors: list = []

    def report_as(reader):
        try:
            barrier.wait(timeout=10)
            report_user(reporter=reader, target=offender)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=report_as, args=(r,)) for r in readers[:2]]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    case = Case.objects.get()
    assert case.reports.count() == 2


@pytest.mark.django_db(transaction=True)
def test_thirty_parallel_reports_from_one_account_stop_at_the_limit(rules, reader):
    """The report limit (20 an hour) is counted under a lock on the reporter in the inserting transaction: 30
    reports sent at once, each about a different account, make exactly 20; the rest are refused with a 429."""
    from django.conf import settings

    from tests.factories import UserFactory

    targets = [UserFactory(username=f"parallel-target{n}") for n in range(30)]
    allowed = int(settings.RATELIMITS["report"].split("/")[0])
    barrier = threading.Barrier(len(targets))
    refused: list[int] = []
    errors: list = []

    def report_one(target):
        try:
            barrier.wait(timeout=20)
            report_user(reporter=reader, target=target)
        except ModerationError as exc:
            refused.append(exc.status)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=report_one, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    from moderation.models import Report

    assert errors == []
    assert Report.objects.filter(reporter=reader).count() == allowed
    assert refused == [429] * (len(targets) - allowed)
