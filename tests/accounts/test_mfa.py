"""TOTP two-factor (allauth.mfa) with recovery codes; required for editors, moderators and admins when
MFA_REQUIRED_FOR_STAFF is on (the default when DEBUG is off). Codes are computed from the secret with pyotp, as an
authenticator app would."""

import pyotp
import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.test import override_settings
from django.urls import reverse

from accounts.roles import EDITOR, MODERATOR
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
ACTIVATE = "/accounts/2fa/totp/activate/"
AUTHENTICATE = "/accounts/2fa/authenticate/"
required = override_settings(MFA_REQUIRED_FOR_STAFF=True)


def reauthenticated_get(client, path):
    """allauth asks for the password again before an authenticator is added, even right after login."""
    response = client.get(path)
    if response.status_code == 302 and response.headers["Location"].startswith("/accounts/reauthenticate/"):
        client.post(response.headers["Location"], {"password": PASSWORD})
        response = client.get(path)
    return response


def with_totp(user) -> str:
    secret = pyotp.random_base32()
    TOTP.activate(user, secret)
    return secret


@required
@pytest.mark.parametrize(
    "kind", [{"roles": [MODERATOR]}, {"roles": [EDITOR]}, {"is_superuser": True, "is_staff": True}]
)
def test_staff_without_totp_are_sent_to_set_it_up_first(client, kind):
    staff = UserFactory(username="staffer", **kind)
    response = client.post(LOGIN, {"login": "staffer", "password": PASSWORD})
    assert response.status_code == 302
    for path in ("/", "/moderation/", "/admin/", reverse("accounts:profile")):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"] == ACTIVATE, path
    assert reauthenticated_get(client, ACTIVATE).status_code == 200  # the way out stays open
    assert not Authenticator.objects.filter(user=staff).exists()


@required
def test_readers_are_not_asked_for_totp(client):
    UserFactory(username="reader")
    client.post(LOGIN, {"login": "reader", "password": PASSWORD})
    assert client.get("/").status_code == 200


def test_with_the_setting_off_staff_may_work_without_totp(client, settings):
    assert settings.MFA_REQUIRED_FOR_STAFF is False  # the embedded (DEBUG) default, for the printed demo logins
    UserFactory(username="mod", roles=[MODERATOR])
    client.post(LOGIN, {"login": "mod", "password": PASSWORD})
    assert client.get("/").status_code == 200


@required
def test_setting_up_totp_opens_the_site(client):
    staff = UserFactory(username="mod", roles=[MODERATOR])
    client.post(LOGIN, {"login": "mod", "password": PASSWORD})
    page = reauthenticated_get(client, ACTIVATE)
    secret = page.context["form"].secret
    assert "data:image/svg+xml" in page.content.decode()  # the QR code, inline: no outside image service
    response = client.post(ACTIVATE, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.RECOVERY_CODES).exists()
    assert client.get("/").status_code == 200


def test_an_account_with_totp_is_asked_for_the_code_at_login(client):
    staff = UserFactory(username="mod", roles=[MODERATOR])
    secret = with_totp(staff)
    response = client.post(LOGIN, {"login": "mod", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == AUTHENTICATE
    assert not client.session.get("_auth_user_id")  # the password alone logged nobody in
    wrong = client.post(AUTHENTICATE, {"code": "000000" if pyotp.TOTP(secret).now() != "000000" else "111111"})
    assert wrong.status_code == 200
    assert not client.session.get("_auth_user_id")
    response = client.post(AUTHENTICATE, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_a_recovery_code_works_once_instead_of_the_totp_code(client):
    staff = UserFactory(username="mod", roles=[MODERATOR])
    with_totp(staff)
    code = RecoveryCodes.activate(staff).get_unused_codes()[0]
    client.post(LOGIN, {"login": "mod", "password": PASSWORD})
    response = client.post(AUTHENTICATE, {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)
    client.post(reverse("accounts:logout"))
    client.post(LOGIN, {"login": "mod", "password": PASSWORD})
    again = client.post(AUTHENTICATE, {"code": code})
    assert again.status_code == 200
    assert not client.session.get("_auth_user_id")


@required
def test_the_admin_cannot_be_reached_with_a_password_alone(client):
    admin = UserFactory(username="boss", is_superuser=True, is_staff=True)
    secret = with_totp(admin)
    response = client.post("/admin/login/", {"username": "boss", "password": PASSWORD, "next": "/admin/"})
    assert not client.session.get("_auth_user_id")
    assert client.get("/admin/").status_code == 302
    client.post(LOGIN, {"login": "boss", "password": PASSWORD})
    client.post(AUTHENTICATE, {"code": pyotp.TOTP(secret).now()})
    response = client.get("/admin/")
    assert response.status_code == 200


@required
def test_staff_whose_email_is_unverified_may_verify_it_before_setting_up_totp(client, mailoutbox):
    # allauth refuses TOTP until the address is verified: the e-mail pages stay open to the redirected account.
    staff = UserFactory(username="mod", roles=[MODERATOR], email="mod@example.com", email_verified=False)
    EmailAddress.objects.create(user=staff, email="mod@example.com", primary=True, verified=False)  # as migrated
    client.post(LOGIN, {"login": "mod", "password": PASSWORD})
    assert client.get(reverse("account_email")).status_code == 200
    response = client.post(reverse("account_email"), {"action_send": "", "email": "mod@example.com"})
    assert response.status_code == 302
    assert "/accounts/confirm-email/" in mailoutbox[-1].body
