"""Issue 11 item 10: a muted account editing its profile is shown the mute and gets back what it typed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_a_muted_account_editing_its_profile_gets_the_text_back_with_the_mute(client, reader):
    reader.muted_until = timezone.now() + timedelta(days=3)
    reader.sanction_rule = "2.6"
    reader.save()
    client.force_login(reader)
    response = client.post("/accounts/profile/", {"display_name": "新名字", "bio": "我写了一段新的简介"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "我写了一段新的简介" in page
    assert "禁言" in page
    assert "2.6" in page
    assert timezone.localtime(reader.muted_until).strftime("%Y-%m-%d %H:%M") in page
    assert User.objects.get(pk=reader.pk).bio == ""
