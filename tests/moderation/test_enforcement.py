import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import PERMANENT
from accounts.policy import appeal_token_user_id, may_write
from accounts.services import AccountError, profile_update
from core.models import AuditLog
from moderation import selectors, services
from moderation.models import Appeal, Rung
from moderation.services import ModerationError
from tests.factories import PASSWORD, UserFactory
from tests.moderation.conftest import decide, report_user

pytestmark = pytest.mark.django_db


def _sanctioned(offender, reporter, moderator, code="2.6", **kwargs):
    return decide(
        report_user(reporter=reporter, target=offender, rule_code=code).case,
        moderator=moderator,
        rule_codes=[code],
        **kwargs,
    )


def test_done_when_5_a_mute_ends_by_itself_at_its_end_time(rules, offender, reader, moderator):
    _sanctioned(offender, reader, moderator)
    offender.refresh_from_db()
    assert not may_write(offender)
    with pytest.raises(AccountError, match="禁言"):
        profile_update(user=offender, display_name="新名字", bio="")
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        assert may_write(offender)
        profile_update(user=offender, display_name="新名字", bio="")
        assert selectors.sanctions_active(account=offender) == []


def test_a_muted_account_may_still_report_and_see_its_status(client, rules, offender, reader, moderator):
    _sanctioned(offender, reader, moderator)
    offender.refresh_from_db()
    report_user(reporter=offender, target=UserFactory(username="someone"))
    client.force_login(offender)
    page = client.get(reverse("moderation:account_status")).content.decode()
    assert "禁言至" in page
    assert "R1 禁言 1 天" in page


def test_a_permanent_mute_is_r4(rules, offender, reader, moderator):
    _sanctioned(offender, reader, moderator, rung=Rung.R4, rung_reason="屡教不改")
    offender.refresh_from_db()
    assert offender.muted_until == PERMANENT


def test_done_when_4_banned_session_refused_login_refused_with_appeal_link_and_appeal_reviewed(
    client, rules, offender, reader, moderator, moderator2
):
    # given the offender is logged in
    client.force_login(offender)
    assert client.get("/").status_code == 200
    # when a moderator bans the account (first 1.11 → R5)
    decision = _sanctioned(offender, reader, moderator, code="1.11")
    assert decision.rung == Rung.R5
    offender.refresh_from_db()
    assert offender.is_banned
    # then its open session is refused at its next request
    response = client.get("/")
    assert response.status_code == 403
    assert "封停" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # and login is refused, showing the rule and the appeal link
    response = client.post("/accounts/login/", {"login": "offender", "password": PASSWORD})
    assert response.status_code == 403
    body = response.content.decode()
    assert "1.11" in body
    # (the token is signed with the time: the page's is found in it and read back, not rebuilt here)
    prefix = reverse("moderation:appeal_banned", args=["x"])[: -len("x/")]
    token = re.search(re.escape(prefix) + r"([^/\"]+)/", body).group(1)
    assert appeal_token_user_id(token) == offender.pk
    token_url = prefix + token + "/"
    # the banned (logged-out) account appeals through the token
    page = client.get(token_url)
    assert page.status_code == 200
    client.post(token_url, {"decision": decision.pk, "text": "账号被盗用"})
    appeal = Appeal.objects.get(decision=decision)
    assert appeal.appellant == offender
    # and another moderator reviews it: overturned lifts the ban
    services.appeal_review(appeal=appeal, reviewer=moderator2, outcome=Appeal.Status.OVERTURNED, reason="核实被盗")
    offender.refresh_from_db()
    assert not offender.is_banned
    assert client.post("/accounts/login/", {"login": "offender", "password": PASSWORD}).status_code == 302


def test_a_bad_appeal_token_is_refused(client, rules):
    response = client.get(reverse("moderation:appeal_banned", args=["nonsense"]))
    assert response.status_code == 404


def test_reduced_appeal_shortens_the_mute(rules, offender, reader, moderator, moderator2):
    decision = _sanctioned(offender, reader, moderator, code="4.1")
    appeal = services.appeal_file(decision=decision, appellant=offender, text="太重")
    with pytest.raises(ModerationError, match="低于原档位"):
        services.appeal_review(appeal=appeal, reviewer=moderator2, outcome="reduced", reason="x", reduced_to=Rung.R3)
    services.appeal_review(appeal=appeal, reviewer=moderator2, outcome="reduced", reason="情节较轻", reduced_to=1)
    offender.refresh_from_db()
    assert offender.muted_until == pytest.approx(decision.created_at + timedelta(days=1), abs=timedelta(seconds=5))


def test_appeal_after_30_days_is_refused(rules, offender, reader, moderator):
    decision = _sanctioned(offender, reader, moderator)
    with time_machine.travel(timezone.now() + timedelta(days=31)), pytest.raises(ModerationError, match="期限已过"):
        services.appeal_file(decision=decision, appellant=offender, text="晚了")
    assert not Appeal.objects.exists()


def test_a_second_appeal_is_refused(rules, offender, reader, moderator):
    decision = _sanctioned(offender, reader, moderator)
    services.appeal_file(decision=decision, appellant=offender, text="一")
    with pytest.raises(ModerationError, match="只能申诉一次"):
        services.appeal_file(decision=decision, appellant=offender, text="二")
    assert Appeal.objects.count() == 1


def test_only_the_affected_account_may_appeal(rules, offender, reader, moderator):
    decision = _sanctioned(offender, reader, moderator)
    with pytest.raises(ModerationError, match="与您本人有关"):
        services.appeal_file(decision=decision, appellant=reader, text="我也不服")


def test_lifting_one_sanction_recomputes_from_the_remaining_ones(rules, offender, reader, moderator, moderator2):
    first = _sanctioned(offender, reader, moderator, code="4.1")  # R2, 7 days
    second = _sanctioned(offender, UserFactory(username="r2"), moderator, code="2.6")  # R2 (repeat), 7 days
    appeal = services.appeal_file(decision=second, appellant=offender, text="第二次是误判")
    services.appeal_review(appeal=appeal, reviewer=moderator2, outcome="overturned", reason="误判")
    offender.refresh_from_db()
    assert offender.is_muted()
    assert offender.sanction_decision_id == first.pk


def test_linked_accounts_share_a_sanction_for_3_3(rules, offender, reader, moderator):
    other = UserFactory(username="alt")
    services.account_link(account=offender, other=other, moderator=moderator, reason="同一设备")
    decision = _sanctioned(offender, reader, moderator, code="3.3")
    other.refresh_from_db()
    assert other.is_muted()
    assert decision.sanctions.count() == 2
    assert decision.sanctions.get(account=other).via_link


def test_a_link_to_a_violating_account_aggravates(rules, offender, reader, moderator):
    other = UserFactory(username="alt")
    _sanctioned(other, reader, moderator, code="2.6")
    services.account_link(account=offender, other=other, moderator=moderator)
    proposal = services.sanction_propose(account=offender, rule_codes=["2.6"])
    assert proposal.rung == Rung.R3
    assert "关联账号" in proposal.explanation


def test_link_suggestions_same_device_and_same_ip_within_24_hours(rules, moderator):
    from moderation import selectors

    now = timezone.now()
    a = UserFactory(username="a", signup_ip="10.0.0.1", device_id="dev1", date_joined=now)
    b = UserFactory(username="b", device_id="dev1")
    UserFactory(username="c", signup_ip="10.0.0.1", date_joined=now - timedelta(hours=5))
    UserFactory(username="d", signup_ip="10.0.0.1", date_joined=now - timedelta(days=3))
    suggested = {u.username for u, _why in selectors.account_link_suggestions(account=a)}
    assert suggested == {"b", "c"}
    services.account_link(account=a, other=b, moderator=moderator)
    assert {u.username for u, _why in selectors.account_link_suggestions(account=a)} == {"c"}
    assert AuditLog.objects.filter(action="account.link").exists()
