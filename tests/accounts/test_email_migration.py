"""Migration accounts/0004: existing e-mail addresses become allauth EmailAddress rows; when accounts share an
address (in any letter case), the one that registered first keeps it and the later ones have theirs cleared."""

import importlib
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.utils import timezone

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
migration = importlib.import_module("accounts.migrations.0004_email_addresses")


def old_account(username, email, days_ago):
    user = UserFactory(username=username, email=email, email_verified=False)
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=days_ago))
    return user


def test_existing_addresses_become_unverified_primary_rows_lower_cased():
    alice = old_account("alice", "Alice@Example.com", 30)
    migration.forwards(apps, None)
    address = EmailAddress.objects.get(user=alice)
    assert (address.email, address.primary, address.verified) == ("alice@example.com", True, False)
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"


def test_a_shared_address_stays_with_the_oldest_account():
    later = old_account("later", "shared@example.com", 5)
    first = old_account("first", "SHARED@example.com", 50)
    third = old_account("third", "shared@example.com ", 1)
    migration.forwards(apps, None)
    assert list(EmailAddress.objects.values_list("user__username", flat=True)) == ["first"]
    for user in (later, third):
        user.refresh_from_db()
        assert user.email == ""
    first.refresh_from_db()
    assert first.email == "shared@example.com"


def test_accounts_without_an_address_get_no_row_and_a_rerun_changes_nothing():
    UserFactory(username="noaddress", email="", email_verified=False)
    old_account("bob", "bob@example.com", 3)
    migration.forwards(apps, None)
    migration.forwards(apps, None)
    assert list(EmailAddress.objects.values_list("email", flat=True)) == ["bob@example.com"]
