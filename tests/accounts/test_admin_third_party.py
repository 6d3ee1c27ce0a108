"""allauth's admin classes write without an audit row: in this site's admin they are read-only (addresses,
authenticators, social accounts) or absent (social apps and tokens, which settings configure)."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import NoReverseMatch, reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_admin_may_look_at_an_address_but_not_change_or_delete_it(client, admin_user):
    reader = UserFactory(username="reader9", email="reader9@example.com")
    address = EmailAddress.objects.get(user=reader)
    client.force_login(admin_user)
    assert client.get(reverse("admin:account_emailaddress_changelist")).status_code == 200
    url = reverse("admin:account_emailaddress_change", args=[address.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"user": reader.pk, "email": "someone-else@example.com", "verified": "on"})
    assert response.status_code == 403
    delete = reverse("admin:account_emailaddress_delete", args=[address.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    address.refresh_from_db()
    assert address.email == "reader9@example.com"


def test_social_apps_and_tokens_are_not_in_the_admin():
    for name in ("admin:socialaccount_socialapp_changelist", "admin:socialaccount_socialtoken_changelist"):
        with pytest.raises(NoReverseMatch):
            reverse(name)
