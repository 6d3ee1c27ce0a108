"""Conflicts of interest (issue 11, items 7 and 8): nobody reviews the appeal of a decision that sanctioned them
(directly or through linked accounts), nobody decides a case they reported, sanctioned staff do no staff work, and
the account a case is about never sees who reported it, whatever its role."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import MODERATOR
from moderation import services
from moderation.models import Appeal, Case, Decision
from moderation.services import ModerationError
from tests.factories import UserFactory
from tests.moderation.conftest import decide, report_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator3(db):
    return UserFactory(username="moderator3", roles=[MODERATOR])


def _mute(account, days=7):
    account.muted_until = timezone.now() + timedelta(days=days)
    account.sanction_rule = "2.6"
    account.save(update_fields=["muted_until", "sanction_rule"])


# --- item 7: appeals ------------------------------------------------------------------------------------------------


def test_a_moderator_sanctioned_through_a_link_cannot_review_the_appeal(
    rules, offender, reader, moderator, moderator2, moderator3
):
    # offender and moderator2 are linked; a 3.3 (multi-account) sanction reaches both
    services.account_link(account=offender, other=moderator2, moderator=moderator, reason="同一设备")
    case = report_user(reporter=reader, target=offender, rule_code="3.3").case
    decision = decide(case, moderator=moderator, action="sanction", rule_codes=["3.3"], reason="多账号刷量")
    assert decision.sanctions.filter(account=moderator2).exists()
    appeal = services.appeal_file(decision=decision, appellant=offender, text="不是我")
    # the mute lifts when it ends; even unmuted, moderator2 may not review what sanctioned them
    moderator2.muted_until = None
    moderator2.save(update_fields=["muted_until"])
    with pytest.raises(ModerationError, match="有关"):
        services.appeal_review(appeal=appeal, reviewer=moderator2, outcome="overturned", reason="撤销")
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.PENDING
    services.appeal_review(appeal=appeal, reviewer=moderator3, outcome="upheld", reason="证据充分")


def test_an_account_linked_to_the_appellant_cannot_review_the_appeal(rules, offender, reader, moderator, moderator2):
    decision = decide(report_user(reporter=reader, target=offender).case, moderator=moderator)
    appeal = services.appeal_file(decision=decision, appellant=offender, text="不服")
    services.account_link(account=offender, other=moderator2, moderator=moderator, reason="同一注册 IP")
    with pytest.raises(ModerationError, match="关联账号"):
        services.appeal_review(appeal=appeal, reviewer=moderator2, outcome="overturned", reason="撤销")


def test_the_reporter_cannot_review_the_appeal_of_the_case_they_reported(rules, offender, moderator, moderator2):
    decision = decide(report_user(reporter=moderator2, target=offender).case, moderator=moderator)
    appeal = services.appeal_file(decision=decision, appellant=offender, text="不服")
    with pytest.raises(ModerationError, match="举报"):
        services.appeal_review(appeal=appeal, reviewer=moderator2, outcome="upheld", reason="维持")


def test_the_appeal_page_says_why_before_the_form(client, rules, offender, moderator, moderator2):
    decision = decide(report_user(reporter=moderator2, target=offender).case, moderator=moderator)
    appeal = services.appeal_file(decision=decision, appellant=offender, text="不服")
    client.force_login(moderator2)
    page = client.get(reverse("moderation_staff:appeal", args=[appeal.pk])).content.decode()
    assert "不能复核自己" in page
    assert 'name="outcome"' not in page


# --- item 7: cases --------------------------------------------------------------------------------------------------


def test_nobody_decides_or_claims_a_case_they_reported(client, rules, offender, moderator):
    case = report_user(reporter=moderator, target=offender).case
    with pytest.raises(ModerationError, match="举报的案件"):
        decide(case, moderator=moderator)
    with pytest.raises(ModerationError, match="举报的案件"):
        services.case_claim(case=case, moderator=moderator)
    client.force_login(moderator)
    page = client.get(reverse("moderation_staff:case", args=[case.pk])).content.decode()
    assert "举报的案件" in page
    assert 'class="decision-form"' not in page


def test_nobody_dismisses_in_bulk_a_case_they_reported(client, rules, offender, moderator):
    case = report_user(reporter=moderator, target=offender).case
    client.force_login(moderator)
    client.post(reverse("moderation_staff:bulk_dismiss"), {"case": [case.pk], "reason": "无效举报"})
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN


def test_nobody_decides_a_case_reported_by_an_account_linked_to_them(rules, offender, reader, moderator, moderator2):
    services.account_link(account=reader, other=moderator, moderator=moderator2, reason="同一设备")
    case = report_user(reporter=reader, target=offender).case
    with pytest.raises(ModerationError, match="举报的案件"):
        decide(case, moderator=moderator)


def test_nobody_decides_a_case_about_an_account_linked_to_them(rules, offender, reader, moderator, moderator2):
    services.account_link(account=offender, other=moderator, moderator=moderator2, reason="同一设备")
    case = report_user(reporter=reader, target=offender).case
    with pytest.raises(ModerationError, match="关联账号"):
        decide(case, moderator=moderator)
    with pytest.raises(ModerationError, match="关联账号"):
        services.case_claim(case=case, moderator=moderator)


@pytest.mark.parametrize("work", ["claim", "decide", "review", "link"])
def test_a_muted_moderator_does_no_staff_work(rules, offender, reader, moderator, moderator2, work):
    case = report_user(reporter=reader, target=offender).case
    other_case = report_user(reporter=reader, target=UserFactory(username="someone")).case
    appeal = services.appeal_file(
        decision=decide(other_case, moderator=moderator2), appellant=other_case.target_owner, text="不服"
    )
    _mute(moderator)
    actions = {
        "claim": lambda: services.case_claim(case=case, moderator=moderator),
        "decide": lambda: decide(case, moderator=moderator, action="dismiss", rule_codes=["2.6"]),
        "review": lambda: services.appeal_review(appeal=appeal, reviewer=moderator, outcome="upheld", reason="维持"),
        "link": lambda: services.account_link(account=offender, other=reader, moderator=moderator),
    }
    with pytest.raises(ModerationError, match="禁言") as refused:
        actions[work]()
    assert refused.value.status == 403
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
    assert case.claimed_by is None
    assert Decision.objects.filter(moderator=moderator).count() == 0


def test_a_muted_moderator_sees_why_on_the_case_page(client, rules, offender, reader, moderator):
    case = report_user(reporter=reader, target=offender).case
    _mute(moderator)
    client.force_login(moderator)
    page = client.get(reverse("moderation_staff:case", args=[case.pk])).content.decode()
    assert "禁言" in page
    assert 'class="decision-form"' not in page
    response = client.post(
        reverse("moderation_staff:decide", args=[case.pk]),
        {"action": "dismiss", "rule_codes": ["2.6"], "reason": "无违规"},
    )
    assert response.status_code == 403
    assert "禁言" in response.content.decode()


# --- item 8: reporters are never shown to the account reported ---------------------------------------------------


def test_a_reported_moderator_cannot_open_the_case_about_themselves(client, rules, readers, moderator):
    for reader in readers:
        report_user(reporter=reader, target=moderator, text="滥用职权")
    case = Case.objects.get(target_id=moderator.pk)
    client.force_login(moderator)
    response = client.get(reverse("moderation_staff:case", args=[case.pk]))
    assert response.status_code == 403
    body = response.content.decode()
    for reader in readers:
        assert reader.username not in body
        assert reader.display_name not in body
    response = client.post(
        reverse("moderation_staff:decide", args=[case.pk]),
        {"action": "dismiss", "rule_codes": ["2.6"], "reason": "无违规"},
    )
    assert response.status_code == 403
    assert readers[0].username not in response.content.decode()


def test_a_moderator_linked_to_the_reported_account_does_not_see_the_reporters(
    client, rules, offender, readers, moderator, moderator2
):
    services.account_link(account=offender, other=moderator, moderator=moderator2, reason="同一设备")
    report_user(reporter=readers[0], target=offender)
    case = Case.objects.get(target_id=offender.pk)
    client.force_login(moderator)
    response = client.get(reverse("moderation_staff:case", args=[case.pk]))
    assert response.status_code == 403
    assert readers[0].username not in response.content.decode()


def test_the_admin_never_lists_reports_about_oneself(client, rules, readers, admin_user):
    report_user(reporter=readers[0], target=admin_user)
    report_user(reporter=readers[1], target=UserFactory(username="other"))
    client.force_login(admin_user)
    page = client.get(reverse("admin:moderation_report_changelist")).content.decode()
    assert readers[0].username not in page
    assert readers[1].username in page
