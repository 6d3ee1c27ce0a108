"""The demo accounts log in with the printed password, and may comment at once: their addresses are verified."""

import pytest
from allauth.account.models import EmailAddress

from accounts.policy import write_refusal
from cms.demo import DEMO_ACCOUNTS, demo_accounts

pytestmark = pytest.mark.django_db
DEMO_PASSWORD = "demo-Passw0rd-for-tests"


def test_demo_accounts_log_in_with_the_demo_password_and_may_write(client):
    accounts = demo_accounts(password=DEMO_PASSWORD)
    assert set(accounts) == {name for name, *_ in DEMO_ACCOUNTS}
    for username, user in accounts.items():
        assert EmailAddress.objects.get(user=user, primary=True).verified, username
        assert write_refusal(user) is None, username
    response = client.post("/accounts/login/", {"login": "moderator", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"].username == "moderator"
    client.post("/accounts/logout/")
    response = client.post("/accounts/login/", {"login": "editor@example.com", "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_running_the_demo_twice_keeps_one_address_per_account():
    demo_accounts(password=DEMO_PASSWORD)
    demo_accounts(password=DEMO_PASSWORD)
    assert EmailAddress.objects.count() == len(DEMO_ACCOUNTS)
