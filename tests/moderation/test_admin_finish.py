"""The admin in the site's words: its title, the sanction policy as a form, audit actions and rules in words,
every list column in Chinese."""

import re

from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.urls import reverse
from django.utils import translation

from moderation.models import SanctionPolicy
from tests.moderation.conftest import decide, report_user


def test_the_admin_carries_the_sites_own_title(client, admin_user, settings):
    client.force_login(admin_user)
    body = client.get(reverse("admin:index")).content.decode()
    assert settings.SITE_NAME in body
    assert "Django 管理" not in body
    assert "Django administration" not in body


def test_every_list_column_is_labelled_in_chinese(db):
    untranslated = {}
    with translation.override("zh-hans"):
        for model, model_admin in admin.site._registry.items():
            for field in model_admin.list_display:
                label = str(label_for_field(field, model, model_admin))
                if not re.search(r"[\u4e00-\u9fff]", label):
                    untranslated.setdefault(model.__name__, []).append(label)
    assert untranslated == {}


def _policy_post(**overrides) -> dict:
    data = {f"base_rung_{code}": "1" for code in range(1, 10)}
    data.update(
        {
            "repeat_window_days": "180",
            "repeat_step": "1",
            "aggravating_step": "2",
            "max_rung": "5",
            "aggravating_rules": ["1.11", "8.1"],
            "multi_account_rules": ["3.3"],
        }
    )
    data.update(overrides)
    return data


def test_the_sanction_policy_is_edited_through_a_form_not_json(client, rules, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("admin:moderation_sanctionpolicy_add")).content.decode()
    assert 'name="base_rung_2"' in page
    assert 'name="base_rungs"' not in page
    response = client.post(
        reverse("admin:moderation_sanctionpolicy_add"), _policy_post(base_rung_1="3", warnings_count="on")
    )
    assert response.status_code == 302
    policy = SanctionPolicy.objects.order_by("-id").first()
    assert policy.base_rungs["1"] == 3
    assert policy.base_rungs["2"] == 1
    assert policy.aggravating_rules == ["1.11", "8.1"]
    assert policy.warnings_count is True


def test_the_policy_form_refuses_what_the_ladder_cannot_use(client, rules, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:moderation_sanctionpolicy_add")
    stored = SanctionPolicy.objects.count()
    for bad, message in (
        ({"base_rung_4": "5", "max_rung": "3"}, "高于最高档位"),
        ({"repeat_step": "9"}, "加档应在 0 到 4 档之间"),
        ({"aggravating_rules": ["99.9"]}, "99.9"),
    ):
        response = client.post(url, _policy_post(**bad))
        assert response.status_code == 200
        assert message in response.content.decode()
    assert SanctionPolicy.objects.count() == stored


def test_audit_actions_and_rules_are_shown_in_words(client, rules, admin_user, offender, reader, moderator):
    decide(report_user(reporter=reader, target=offender).case, moderator=moderator)
    client.force_login(admin_user)
    body = client.get(reverse("admin:core_auditlog_changelist")).content.decode()
    assert "删除并处罚" in body
    assert "case.sanction" not in body.split('id="changelist-filter"')[0]
    assert "2.6 " in body
    assert '["2.6"]' not in body
    decisions = client.get(reverse("admin:moderation_decision_changelist")).content.decode()
    assert '["2.6"]' not in decisions


def test_the_current_policy_opens_in_the_form_with_its_rungs(client, rules, admin_user):
    policy = SanctionPolicy.objects.create(base_rungs={"1": 4, "2": 2})
    client.force_login(admin_user)
    response = client.get(reverse("admin:moderation_sanctionpolicy_change", args=[policy.pk]))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form["base_rung_1"].value() == 4
    assert form["base_rung_2"].value() == 2


def test_escalation_steps_are_edited_in_the_admin_and_audited(client, rules, admin_user):
    from core.models import AuditLog
    from moderation.models import EscalationStep

    client.force_login(admin_user)
    response = client.post(reverse("admin:moderation_escalationstep_add"), {"after_hours": "12", "raise_by": "2"})
    assert response.status_code == 302
    assert EscalationStep.objects.filter(after_hours=12, raise_by=2).exists()
    log = AuditLog.objects.get(action="escalation.update")
    assert [12, 2] in log.after["steps"]
