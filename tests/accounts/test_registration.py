"""Registration through allauth: a unique e-mail in any letter case, a captcha, the verification mail, and what
an account may do before it clicks the link."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import User
from tests.accounts.captcha import solved, wrong
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "username": "newbie",
    "email": "newbie@example.com",
    "display_name": "新人",
    "password1": "s7rong-Passw0rd!",
    "password2": "s7rong-Passw0rd!",
}


def register(client, data=None, **extra):
    return client.post(reverse("accounts:register"), {**GOOD, **solved(), **(data or {})}, **extra)


def test_registration_creates_an_account_logs_in_and_sends_the_verification_mail(client, mailoutbox):
    response = register(client, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    user = User.objects.get(username="newbie")
    assert user.signup_ip == "10.1.2.3"
    assert user.display_name == "新人"
    assert user.device_id  # the browser's device cookie is recorded for linked-account suggestions
    assert client.get("/").context["user"].is_authenticated
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == ("newbie@example.com", False, True)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["newbie@example.com"]
    assert "/accounts/confirm-email/" in mailoutbox[0].body


def test_the_old_and_the_allauth_path_are_one_sign_up(client):
    response = client.post(reverse("account_signup"), {**GOOD, **solved()})
    assert response.status_code == 302
    assert User.objects.filter(username="newbie").exists()


def test_the_verification_link_verifies_the_address(client, mailoutbox):
    register(client)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[0].body).group(0)
    page = client.get(link)
    assert page.status_code == 200  # a page with a button: a mail scanner's GET confirms nothing
    assert not EmailAddress.objects.get(email="newbie@example.com").verified
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="newbie@example.com").verified


@pytest.mark.parametrize("email", ["taken@example.com", "Taken@Example.com", " TAKEN@EXAMPLE.COM "])
def test_an_email_in_use_in_any_letter_case_is_refused(client, email):
    UserFactory(username="first", email="taken@example.com")
    response = register(client, {"email": email})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert not User.objects.filter(username="newbie").exists()


def test_an_unverified_email_in_use_is_refused_too(client):
    UserFactory(username="first", email="pending@example.com", email_verified=False)
    EmailAddress.objects.create(user=User.objects.get(username="first"), email="pending@example.com", primary=True)
    response = register(client, {"email": "PENDING@example.com"})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors


def test_taken_username_is_a_form_error(client):
    UserFactory(username="Newbie")
    response = register(client)
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert User.objects.filter(username__iexact="newbie").count() == 1


def test_weak_password_is_a_form_error(client):
    response = register(client, {"password1": "123456", "password2": "123456"})
    assert response.status_code == 200
    assert "password1" in response.context["form"].errors
    assert not User.objects.filter(username="newbie").exists()


def test_bad_email_is_a_form_error(client):
    response = register(client, {"email": "not-an-email"})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors


def test_registration_asks_for_the_captcha(client):
    page = client.get(reverse("accounts:register"))
    assert 'name="captcha_1"' in page.content.decode()
    assert '<img src="/accounts/captcha/image/' in page.content.decode()
    without = client.post(reverse("accounts:register"), GOOD)
    assert "captcha" in without.context["form"].errors
    wrongly = client.post(reverse("accounts:register"), {**GOOD, **wrong()})
    assert "captcha" in wrongly.context["form"].errors
    assert not User.objects.filter(username="newbie").exists()


def test_the_captcha_image_is_drawn_by_the_site(client):
    key = solved()["captcha_0"]
    response = client.get(reverse("captcha-image", kwargs={"key": key}))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
