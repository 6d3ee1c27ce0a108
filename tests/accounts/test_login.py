import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def test_login_with_the_right_password(client):
    UserFactory(username="alice")
    response = client.post(LOGIN, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"].username == "alice"


def test_wrong_password_is_a_form_error(client):
    UserFactory(username="alice")
    response = client.post(LOGIN, {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_ten_failures_lock_the_account_and_ip_pair_out_even_with_the_right_password(client):
    UserFactory(username="alice")
    for _ in range(10):
        client.post(LOGIN, {"username": "alice", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(LOGIN, {"username": "alice", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    assert "15 分钟" in response.content.decode()
    assert not client.session.get("_auth_user_id")


def test_lockout_is_per_pair_another_ip_may_still_log_in(client):
    UserFactory(username="alice")
    for _ in range(10):
        client.post(LOGIN, {"username": "alice", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(LOGIN, {"username": "alice", "password": PASSWORD}, REMOTE_ADDR="10.0.0.10")
    assert response.status_code == 302


def test_nine_failures_do_not_lock(client):
    UserFactory(username="alice")
    for _ in range(9):
        client.post(LOGIN, {"username": "alice", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(LOGIN, {"username": "alice", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 302


def test_banned_account_is_refused_with_rule_and_appeal_link(client):
    UserFactory(username="bob", banned_at=timezone.now(), sanction_rule="1.11 网络欺凌未成年人")
    response = client.post(LOGIN, {"username": "bob", "password": PASSWORD})
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


def test_password_reset_sends_an_email(client, mailoutbox):
    UserFactory(username="alice", email="alice@example.com")
    response = client.post(reverse("accounts:password_reset"), {"email": "alice@example.com"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/reset/" in mailoutbox[0].body


def test_password_change(client):
    user = UserFactory(username="alice")
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "An0ther-good-one", "new_password2": "An0ther-good-one"},
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
