"""Login through allauth: by username or e-mail, the axes lockout of a (username, IP) pair, the banned refusal,
logout, password reset and change. After 3 failures the form also asks for a captcha (tests/accounts/test_captcha.py);
the lockout tests answer it, as a person would, so that each attempt really checks a password."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.accounts.captcha import solved
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def attempt(client, login, password, ip="10.0.0.9"):
    return client.post(LOGIN, {"login": login, "password": password, **solved()}, REMOTE_ADDR=ip)


def test_login_with_the_right_password(client):
    UserFactory(username="alice")
    response = client.post(LOGIN, {"login": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"].username == "alice"


def test_login_by_email_in_any_letter_case(client):
    UserFactory(username="alice", email="alice@example.com")
    response = client.post(LOGIN, {"login": "Alice@Example.COM", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"].username == "alice"


def test_wrong_password_is_a_form_error(client):
    UserFactory(username="alice")
    response = client.post(LOGIN, {"login": "alice", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not client.session.get("_auth_user_id")


def test_ten_failures_lock_the_account_and_ip_pair_out_even_with_the_right_password(client):
    UserFactory(username="alice")
    for _ in range(10):
        attempt(client, "alice", "wrong")
    response = attempt(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert "15 分钟" in response.content.decode()
    assert not client.session.get("_auth_user_id")


def test_failures_by_email_and_by_username_count_against_one_lockout(client):
    UserFactory(username="alice", email="alice@example.com")
    for n in range(10):
        attempt(client, "ALICE@example.com" if n % 2 else "Alice", "wrong")
    assert attempt(client, "alice", PASSWORD).status_code == 429


def test_lockout_is_per_pair_another_ip_may_still_log_in(client):
    UserFactory(username="alice")
    for _ in range(10):
        attempt(client, "alice", "wrong")
    response = attempt(client, "alice", PASSWORD, ip="10.0.0.10")
    assert response.status_code == 302


def test_nine_failures_do_not_lock(client):
    UserFactory(username="alice")
    for _ in range(9):
        attempt(client, "alice", "wrong")
    response = attempt(client, "alice", PASSWORD)
    assert response.status_code == 302


def test_banned_account_is_refused_with_rule_and_appeal_link(client):
    UserFactory(username="bob", banned_at=timezone.now(), sanction_rule="1.11 网络欺凌未成年人")
    response = client.post(LOGIN, {"login": "bob", "password": PASSWORD})
    assert response.status_code == 403
    body = response.content.decode()
    assert "1.11" in body
    assert "/feedback/appeal/" in body
    assert not client.session.get("_auth_user_id")


def test_logout_is_a_post(client):
    user = UserFactory(username="alice")
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert not client.session.get("_auth_user_id")


def test_password_reset_sends_an_email_with_a_working_link(client, mailoutbox):
    user = UserFactory(username="alice", email="alice@example.com")
    response = client.post(reverse("accounts:password_reset"), {"email": "alice@example.com"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link = next(word for word in mailoutbox[0].body.split() if "/accounts/password/reset/key/" in word)
    # allauth moves the key into the session and shows the form at a key-less URL
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0], {"password1": "An0ther-good-one", "password2": "An0ther-good-one"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("An0ther-good-one")


def test_an_old_reset_link_asks_for_a_new_mail(client):
    response = client.get("/accounts/reset/MQ/set-password/")
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("account_reset_password")


def test_password_change(client):
    user = UserFactory(username="alice")
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"oldpassword": PASSWORD, "password1": "An0ther-good-one", "password2": "An0ther-good-one"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("An0ther-good-one")


def test_profile_page_saves_display_name_and_bio(client):
    user = UserFactory(username="alice")
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"display_name": "爱丽丝", "bio": "做增长的"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.bio) == ("爱丽丝", "做增长的")
