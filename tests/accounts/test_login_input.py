"""Issue 11 item 15: whatever is typed into the login form answers with the form, never a 500 (a username longer
than axes' 255-character column used to fail the insert of the failed attempt on PostgreSQL)."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


@pytest.mark.parametrize("username", ["u" * 151, "u" * 256, "用" * 300, "x" * 5000])
def test_an_overlong_username_is_a_form_error(client, username):
    response = client.post(LOGIN, {"username": username, "password": "whatever"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "username" in errors
    assert "150" in errors["username"][0]


def test_an_overlong_username_counts_no_failed_attempt(client):
    from axes.models import AccessAttempt

    client.post(LOGIN, {"username": "u" * 300, "password": "whatever"})
    assert not AccessAttempt.objects.exists()


def test_a_username_at_the_limit_still_logs_in(client):
    from tests.factories import PASSWORD

    UserFactory(username="a" * 150, display_name="长名")
    response = client.post(LOGIN, {"username": "a" * 150, "password": PASSWORD})
    assert response.status_code == 302


def test_an_overlong_username_on_the_admin_login_is_a_form_error(client):
    response = client.post("/admin/login/", {"username": "u" * 3000, "password": "whatever", "next": "/admin/"})
    assert response.status_code == 200
    assert "150" in response.content.decode()
