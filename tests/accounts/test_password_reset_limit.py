"""Issue 11 item 14: password-reset mails are limited per address and per IP, and the limit answers 429 with a
page (14 mails to one address within a minute were possible)."""

import pytest
from django.core import mail

from core.ratelimits import rate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
RESET = "/accounts/password/reset/"


def test_mails_to_one_address_are_limited_whatever_the_ip(client):
    UserFactory(username="alice", email="alice@example.com")
    allowed, _ = rate("password_reset_email")
    for n in range(allowed):
        response = client.post(RESET, {"email": "alice@example.com"}, REMOTE_ADDR=f"10.1.0.{n + 1}")
        assert response.status_code == 302
    response = client.post(RESET, {"email": "ALICE@example.com "}, REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 429
    assert "操作过于频繁" in response.content.decode()
    assert len(mail.outbox) == allowed


def test_requests_from_one_ip_are_limited_whatever_the_address(client):
    allowed, _ = rate("password_reset_ip")
    for n in range(allowed):
        assert client.post(RESET, {"email": f"u{n}@example.com"}, REMOTE_ADDR="10.2.0.1").status_code == 302
    response = client.post(RESET, {"email": "another@example.com"}, REMOTE_ADDR="10.2.0.1")
    assert response.status_code == 429
    assert client.post(RESET, {"email": "another@example.com"}, REMOTE_ADDR="10.2.0.2").status_code == 302


def test_the_reset_page_itself_is_not_limited(client):
    allowed, _ = rate("password_reset_ip")
    for _ in range(allowed + 2):
        assert client.get(RESET).status_code == 200
