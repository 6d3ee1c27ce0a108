"""The login form asks for a captcha after 3 failed logins from one IP, or for one account from anywhere
(django-simple-captcha: an image the site draws itself, no outside service)."""

import pytest
from django.test import override_settings

from tests.accounts.captcha import solved, wrong
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def fail(client, login="alice", ip="10.3.0.1", times=3):
    for _ in range(times):
        response = client.post(LOGIN, {"login": login, "password": "wrong", **solved()}, REMOTE_ADDR=ip)
        assert response.status_code == 200


def test_no_captcha_before_any_failure(client):
    UserFactory(username="alice")
    assert 'name="captcha_1"' not in client.get(LOGIN, REMOTE_ADDR="10.3.0.1").content.decode()
    assert client.post(LOGIN, {"login": "alice", "password": PASSWORD}, REMOTE_ADDR="10.3.0.1").status_code == 302


def test_two_failures_ask_for_no_captcha(client):
    UserFactory(username="alice")
    fail(client, times=2)
    assert 'name="captcha_1"' not in client.get(LOGIN, REMOTE_ADDR="10.3.0.1").content.decode()


def test_three_failures_from_an_ip_ask_for_a_captcha_there(client):
    UserFactory(username="alice")
    UserFactory(username="bob")
    fail(client, login="alice", times=2)
    fail(client, login="nobody", times=1)  # whichever names were tried: 3 from this IP
    page = client.get(LOGIN, REMOTE_ADDR="10.3.0.1").content.decode()
    assert 'name="captcha_1"' in page
    assert '<img src="/accounts/captcha/image/' in page
    # even the right password of another account needs it now
    response = client.post(LOGIN, {"login": "bob", "password": PASSWORD}, REMOTE_ADDR="10.3.0.1")
    assert response.status_code == 200
    assert "captcha" in response.context["form"].errors
    assert not client.session.get("_auth_user_id")


def test_a_wrong_captcha_refuses_and_counts_no_password_failure(client):
    from axes.models import AccessAttempt

    UserFactory(username="alice")
    fail(client)
    before = sum(AccessAttempt.objects.values_list("failures_since_start", flat=True))
    response = client.post(LOGIN, {"login": "alice", "password": PASSWORD, **wrong()}, REMOTE_ADDR="10.3.0.1")
    assert response.status_code == 200
    assert "captcha" in response.context["form"].errors
    assert sum(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == before
    assert not client.session.get("_auth_user_id")


def test_the_answered_captcha_lets_the_right_password_in(client):
    UserFactory(username="alice")
    fail(client)
    response = client.post(LOGIN, {"login": "alice", "password": PASSWORD, **solved()}, REMOTE_ADDR="10.3.0.1")
    assert response.status_code == 302


def test_three_failures_for_an_account_ask_for_a_captcha_from_any_ip(client):
    UserFactory(username="alice", email="alice@example.com")
    fail(client, login="alice", ip="10.3.0.1", times=1)
    fail(client, login="ALICE@example.com", ip="10.3.0.2", times=1)
    fail(client, login="Alice", ip="10.3.0.3", times=1)
    # a fresh IP, the right password: still asked, because the account is under attack
    response = client.post(LOGIN, {"login": "alice", "password": PASSWORD}, REMOTE_ADDR="10.3.0.4")
    assert response.status_code == 200
    assert "captcha" in response.context["form"].errors
    # other accounts from that fresh IP are not
    UserFactory(username="carol")
    assert client.post(LOGIN, {"login": "carol", "password": PASSWORD}, REMOTE_ADDR="10.3.0.4").status_code == 302


@override_settings(CAPTCHA_LOGIN_AFTER_FAILURES=0)
def test_the_login_captcha_can_be_switched_off(client):
    UserFactory(username="alice")
    fail(client, times=4)
    assert client.post(LOGIN, {"login": "alice", "password": PASSWORD}, REMOTE_ADDR="10.3.0.1").status_code == 302
