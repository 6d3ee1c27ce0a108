"""Writes beyond their rate get the 429 page (counted in the shared cache)."""

import pytest

from moderation.models import Feedback
from tests.accounts.captcha import solved

pytestmark = pytest.mark.django_db


def register(client, n: int, ip: str = "10.9.8.7"):
    return client.post(
        "/accounts/register/",
        {
            "username": f"u{n}",
            "email": f"u{n}@example.com",
            "display_name": "",
            "password1": "s7rong-Passw0rd!",
            "password2": "s7rong-Passw0rd!",
            **solved(),  # registration asks for a captcha (issue 15); answered, so that only the rate limit refuses
        },
        REMOTE_ADDR=ip,
    )


def test_the_eleventh_registration_from_one_ip_within_an_hour_is_refused(client):
    for n in range(10):
        client.cookies.clear()  # each sign-up from a fresh browser, same address
        assert register(client, n).status_code == 302
    client.cookies.clear()
    response = register(client, 10)
    assert response.status_code == 429
    assert "操作过于频繁" in response.content.decode()
    client.cookies.clear()
    assert register(client, 11, ip="10.9.8.8").status_code == 302  # another address is not affected


def test_the_eleventh_feedback_within_an_hour_is_refused(client, reader):
    client.force_login(reader)
    for n in range(10):
        response = client.post("/feedback/", {"kind": "suggestion", "text": f"建议 {n}", "contact": ""})
        assert response.status_code in (200, 302)
    response = client.post("/feedback/", {"kind": "suggestion", "text": "再来一条", "contact": ""})
    assert response.status_code == 429
    assert Feedback.objects.filter(author=reader).count() == 10
