"""Issue 11 item 15: whatever is typed into the login form answers with the form, never a 500 (a username longer
than axes' 255-character column used to fail the insert of the failed attempt on PostgreSQL). The login form is
allauth's now (one `login` field for a username or an e-mail address)."""

import pytest
from axes.models import AccessAttempt

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


@pytest.mark.parametrize("username", ["u" * 151, "u" * 256, "用" * 300, "x" * 5000])
def test_an_overlong_username_is_a_form_error(client, username):
    response = client.post(LOGIN, {"login": username, "password": "whatever"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "login" in errors
    assert "150" in errors["login"][0]


def test_an_overlong_email_is_a_form_error(client):
    response = client.post(LOGIN, {"login": "a" * 250 + "@example.com", "password": "whatever"})
    assert response.status_code == 200
    assert "254" in response.context["form"].errors["login"][0]


def test_an_overlong_username_counts_no_failed_attempt(client):
    client.post(LOGIN, {"login": "u" * 300, "password": "whatever"})
    assert not AccessAttempt.objects.exists()


def test_a_username_at_the_limit_still_logs_in(client):
    UserFactory(username="a" * 150, display_name="长名")
    response = client.post(LOGIN, {"login": "a" * 150, "password": PASSWORD})
    assert response.status_code == 302


def test_the_admin_login_is_the_sites_login(client):
    # The admin's own form would take a password alone: it sends to the site's login (lockout, captcha, TOTP).
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/?next=%2Fadmin%2F")
    response = client.post("/admin/login/", {"username": "u" * 3000, "password": "whatever", "next": "/admin/"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
