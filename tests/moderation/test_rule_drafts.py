"""A draft rule-set version is edited in the admin through the draft services: every change audited as rule.change;
a published version cannot be changed."""

import json

import pytest

from core.models import AuditLog
from moderation import services
from moderation.models import RuleSet

pytestmark = pytest.mark.django_db
DETECTORS = {"contact": "3.1", "duplicate": "3.2", "link": "3.4", "clickbait": "7.1"}


@pytest.fixture
def draft(rules, admin_user):
    return services.ruleset_copy(source=rules, actor=admin_user)


def _change_form_data(ruleset: RuleSet, **texts) -> dict:
    """What the admin's change form posts for `ruleset`, with its rules inline, unchanged unless told."""
    data = {
        "name": ruleset.name,
        "preamble": ruleset.preamble,
        "legal_basis": ruleset.legal_basis,
        "penalties": ruleset.penalties,
        "appeals": ruleset.appeals,
        "detectors": json.dumps(DETECTORS),
        **texts,
    }
    rules = list(ruleset.rules.select_related("category").order_by("position"))
    data.update({"rules-TOTAL_FORMS": len(rules), "rules-INITIAL_FORMS": len(rules), "rules-MIN_NUM_FORMS": 0})
    data["rules-MAX_NUM_FORMS"] = 1000
    for i, rule in enumerate(rules):
        prefix = f"rules-{i}-"
        data.update(
            {
                prefix + "id": rule.pk,
                prefix + "ruleset": ruleset.pk,
                prefix + "position": rule.position,
                prefix + "code": rule.code,
                prefix + "category": rule.category_id,
                prefix + "title": rule.title,
                prefix + "gloss": rule.gloss,
            }
        )
        if rule.aggravating:
            data[prefix + "aggravating"] = "on"
    return data


def test_editing_a_rule_of_a_draft_is_audited(admin_client, draft):
    # when an admin rewrites the title of rule 2.1 in the draft
    data = _change_form_data(draft)
    index = next(i for i in range(int(data["rules-TOTAL_FORMS"])) if data[f"rules-{i}-code"] == "2.1")
    data[f"rules-{index}-title"] = "新的条文"
    response = admin_client.post(f"/admin/moderation/ruleset/{draft.pk}/change/", data)
    # then the rule is changed and one rule.change entry records before and after
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert draft.rules.get(code="2.1").title == "新的条文"
    entry = AuditLog.objects.get(action="rule.change", after__has_key="rules")
    assert entry.rule_codes == ["2.1"]
    assert entry.after["rules"][0]["title"] == "新的条文"


def test_deleting_a_rule_a_detector_cites_is_refused_in_the_form(admin_client, admin_user, draft):
    # given a draft whose contact detector cites 3.1
    services.ruleset_draft_update(ruleset=draft, actor=admin_user, changes={"detectors": DETECTORS})
    # when an admin deletes 3.1 in the rules inline
    data = _change_form_data(draft)
    index = next(i for i in range(int(data["rules-TOTAL_FORMS"])) if data[f"rules-{i}-code"] == "3.1")
    data[f"rules-{index}-DELETE"] = "on"
    response = admin_client.post(f"/admin/moderation/ruleset/{draft.pk}/change/", data)
    # then the form says why and the rule stays
    assert response.status_code == 200
    assert "3.1" in str(response.context["inline_admin_formsets"][0].formset.non_form_errors())
    assert draft.rules.filter(code="3.1").exists()


def test_a_detector_mapping_that_misses_a_detector_is_refused_in_the_form(admin_client, draft):
    before = dict(draft.detectors)
    data = _change_form_data(draft, detectors='{"contact": "3.1"}')
    response = admin_client.post(f"/admin/moderation/ruleset/{draft.pk}/change/", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["detectors"]
    draft.refresh_from_db()
    assert draft.detectors == before


def test_deleting_a_draft_is_audited(admin_client, draft):
    response = admin_client.post(f"/admin/moderation/ruleset/{draft.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not RuleSet.objects.filter(pk=draft.pk).exists()
    assert AuditLog.objects.filter(action="rule.change", after={"deleted": True}).exists()


def test_a_published_version_cannot_be_changed(admin_user, rules):
    with pytest.raises(services.ModerationError):
        services.ruleset_draft_update(ruleset=rules, actor=admin_user, changes={"name": "改名"})
