import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "username": "newbie",
    "email": "newbie@example.com",
    "display_name": "新人",
    "password1": "s7rong-Passw0rd!",
    "password2": "s7rong-Passw0rd!",
}


def test_registration_creates_an_account_and_logs_in(client):
    response = client.post(reverse("accounts:register"), GOOD, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    user = User.objects.get(username="newbie")
    assert user.signup_ip == "10.1.2.3"
    assert user.device_id  # the browser's device cookie is recorded for linked-account suggestions
    assert client.get("/").context["user"].is_authenticated


def test_taken_username_is_a_form_error(client):
    UserFactory(username="Newbie")
    response = client.post(reverse("accounts:register"), GOOD)
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert User.objects.filter(username__iexact="newbie").count() == 1


def test_weak_password_is_a_form_error(client):
    response = client.post(reverse("accounts:register"), {**GOOD, "password1": "123456", "password2": "123456"})
    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert not User.objects.filter(username="newbie").exists()


def test_bad_email_is_a_form_error(client):
    response = client.post(reverse("accounts:register"), {**GOOD, "email": "not-an-email"})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
