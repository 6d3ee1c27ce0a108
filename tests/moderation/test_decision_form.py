"""The decision form (issue 11, item 6): a refused submit keeps every choice with the error beside its field, the
rule picker is pre-filled from the automatic check and needs no Ctrl-click, a claim by another shows first."""

import re

import pytest
from django.urls import reverse

from moderation import services
from moderation.models import Case, Decision
from tests.factories import UserFactory
from tests.moderation.conftest import report_user
from tests.moderation.factories import ContentCheckFactory

pytestmark = pytest.mark.django_db


def _checked(page: str, name: str) -> set[str]:
    """The values of the checked inputs named `name`."""
    found = set()
    for tag in re.findall(r"<input[^>]*>", page):
        if f'name="{name}"' in tag and " checked" in tag:
            found.add(re.search(r'value="([^"]*)"', tag).group(1))
    return found


def _field_block(page: str, field_id: str) -> str:
    """The form row that holds the input `field_id` (what the moderator sees next to it)."""
    at = page.index(f'id="{field_id}"')
    return page[page.rindex('<div class="field', 0, at) : at]


def test_a_missing_reason_keeps_action_rules_and_rung_and_says_so_beside_the_reason(
    client, rules, offender, reader, moderator
):
    case = report_user(reporter=reader, target=offender).case
    client.force_login(moderator)
    response = client.post(
        reverse("moderation_staff:decide", args=[case.pk]),
        {"action": "sanction", "rule_codes": ["2.6", "2.1"], "reason": "", "rung": "3", "rung_reason": "屡教不改"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert _checked(page, "action") == {"sanction"}
    assert _checked(page, "rule_codes") == {"2.6", "2.1"}
    assert re.search(r'<option value="3" selected>', page)
    assert "屡教不改" in page
    assert "必填" in _field_block(page, "id_reason") or "请填写" in _field_block(page, "id_reason")
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN


def test_a_refusal_from_the_service_comes_back_beside_its_field_with_the_choices_kept(
    client, rules, offender, reader, moderator
):
    case = report_user(reporter=reader, target=offender).case
    client.force_login(moderator)
    # a rung other than the proposal without saying why
    response = client.post(
        reverse("moderation_staff:decide", args=[case.pk]),
        {"action": "sanction", "rule_codes": ["2.6"], "reason": "辱骂", "rung": "4", "rung_reason": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert _checked(page, "action") == {"sanction"}
    assert _checked(page, "rule_codes") == {"2.6"}
    assert "请写明理由" in _field_block(page, "id_rung_reason")
    assert not Decision.objects.exists()


def test_a_decision_without_a_rule_is_refused_beside_the_rule_picker(client, rules, offender, reader, moderator):
    case = report_user(reporter=reader, target=offender).case
    client.force_login(moderator)
    response = client.post(
        reverse("moderation_staff:decide", args=[case.pk]), {"action": "remove", "rule_codes": [], "reason": "x"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert _checked(page, "action") == {"remove"}
    assert "至少一条规则" in _field_block(page, "id_rule_codes")


def test_the_form_is_never_preset_to_dismiss(client, rules, offender, reader, moderator):
    case = report_user(reporter=reader, target=offender).case
    client.force_login(moderator)
    page = client.get(reverse("moderation_staff:case", args=[case.pk])).content.decode()
    assert _checked(page, "action") == set()


def test_the_rule_picker_is_checkboxes_prefilled_from_the_automatic_check(client, rules, moderator):
    target = UserFactory(username="spammer", bio="加我微信 abc123 领福利")
    check = ContentCheckFactory(
        target=target,
        matches=[
            {"term": "wechat:abc123", "rule": "3.1", "action": "hold", "start": 2, "end": 10, "source": "contact"}
        ],
    )
    case = services.case_open_for_check(check=check, target=target)
    client.force_login(moderator)
    page = client.get(reverse("moderation_staff:case", args=[case.pk])).content.decode()
    assert 'type="checkbox" name="rule_codes"' in page
    assert '<select name="rule_codes"' not in page
    assert _checked(page, "rule_codes") == {"3.1"}


def test_a_case_claimed_by_another_moderator_says_so_instead_of_offering_the_form(
    client, rules, offender, reader, moderator, moderator2
):
    case = report_user(reporter=reader, target=offender).case
    services.case_claim(case=case, moderator=moderator)
    client.force_login(moderator2)
    page = client.get(reverse("moderation_staff:case", args=[case.pk])).content.decode()
    assert "已认领该案件" in page
    assert 'class="decision-form"' not in page
