"""The sanction ladder's required examples: first 2.6 → R1; a second 2.x within 180 days → R2; first 4.1 → R2;
first 8.1 → R3; first 1.11 → R5; an overturned sanction no longer counts."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from moderation import services
from moderation.models import Appeal, Rung, SanctionPolicy
from tests.moderation.conftest import decide, report_user

pytestmark = pytest.mark.django_db


def _sanction(offender, reporter, moderator, code):
    report = report_user(reporter=reporter, target=offender, rule_code=code)
    return decide(report.case, moderator=moderator, rule_codes=[code])


@pytest.mark.parametrize(
    ("code", "rung"), [("2.6", Rung.R1), ("4.1", Rung.R2), ("8.1", Rung.R3), ("1.11", Rung.R5), ("1.1", Rung.R3)]
)
def test_first_violation_proposes_the_base_rung_plus_aggravation(rules, offender, code, rung):
    assert services.sanction_propose(account=offender, rule_codes=[code]).rung == rung


def test_first_2_6_is_r1_with_an_explanation_in_words(rules, offender):
    proposal = services.sanction_propose(account=offender, rule_codes=["2.6"])
    assert proposal.rung == Rung.R1
    assert "基础档位 R1" in proposal.explanation
    assert "不友善" in proposal.explanation


def test_first_1_11_is_r3_plus_two_for_minors(rules, offender):
    proposal = services.sanction_propose(account=offender, rule_codes=["1.11"])
    assert proposal.rung == Rung.R5
    assert "加重" in proposal.explanation


def test_second_2_x_within_180_days_is_r2(rules, offender, reader, moderator):
    with time_machine.travel(timezone.now() - timedelta(days=100)):
        first = _sanction(offender, reader, moderator, "2.6")
    assert first.rung == Rung.R1
    second = _sanction(offender, reader, moderator, "2.3")
    assert second.proposed_rung == Rung.R2
    assert second.rung == Rung.R2
    assert "180 天内有 1 次" in second.proposal_explanation


def test_a_sanction_older_than_180_days_does_not_count(rules, offender, reader, moderator):
    with time_machine.travel(timezone.now() - timedelta(days=181)):
        _sanction(offender, reader, moderator, "2.6")
    assert services.sanction_propose(account=offender, rule_codes=["2.6"]).rung == Rung.R1


def test_an_overturned_sanction_no_longer_counts(rules, offender, reader, moderator, moderator2):
    first = _sanction(offender, reader, moderator, "2.6")
    appeal = services.appeal_file(decision=first, appellant=offender, text="误判")
    services.appeal_review(appeal=appeal, reviewer=moderator2, outcome=Appeal.Status.OVERTURNED, reason="确属误判")
    assert services.sanction_propose(account=offender, rule_codes=["2.6"]).rung == Rung.R1


def test_a_reduced_sanction_still_counts(rules, offender, reader, moderator, moderator2):
    first = _sanction(offender, reader, moderator, "4.1")
    appeal = services.appeal_file(decision=first, appellant=offender, text="太重")
    services.appeal_review(
        appeal=appeal, reviewer=moderator2, outcome=Appeal.Status.REDUCED, reason="情节较轻", reduced_to=Rung.R1
    )
    assert services.sanction_propose(account=offender, rule_codes=["2.6"]).rung == Rung.R2


def test_registration_cheating_aggravates(rules, offender):
    offender.registration_cheating = True
    offender.save()
    proposal = services.sanction_propose(account=offender, rule_codes=["2.6"])
    assert proposal.rung == Rung.R3
    assert "注册时作弊" in proposal.explanation


def test_the_ladder_is_capped_at_r5(rules, offender, reader, moderator):
    for code in ("1.1", "1.2", "1.3"):
        _sanction(offender, reader, moderator, code)
    assert services.sanction_propose(account=offender, rule_codes=["1.11"]).rung == Rung.R5


def test_the_policy_is_data_an_admin_edit_changes_the_proposal(rules, offender, admin_user):
    services.sanction_policy_update(actor=admin_user, base_rungs={**SanctionPolicy().base_rungs, "2": 2})
    assert services.sanction_propose(account=offender, rule_codes=["2.6"]).rung == Rung.R2


def test_a_moderator_may_choose_another_rung_only_with_a_reason(rules, offender, reader, moderator):
    report = report_user(reporter=reader, target=offender)
    with pytest.raises(services.ModerationError, match="理由"):
        decide(report.case, moderator=moderator, rung=Rung.R3)
    decision = decide(report.case, moderator=moderator, rung=Rung.R3, rung_reason="多次辱骂多人")
    assert decision.proposed_rung == Rung.R1
    assert decision.rung == Rung.R3
    assert decision.rung_reason == "多次辱骂多人"
