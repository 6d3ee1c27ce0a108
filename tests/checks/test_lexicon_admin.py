"""Lexicon edits in the admin go through the lexicon services: validated against the current rules, audited, and
followed by a new lexicon version."""

import pytest

from core.models import AuditLog
from moderation.models import LexiconTerm
from moderation.selectors.lexicon import lexicon_version

pytestmark = pytest.mark.django_db
ADD = "/admin/moderation/lexiconterm/add/"


def test_a_term_citing_a_rule_the_current_version_lacks_is_refused_beside_the_field(admin_client, rules):
    # when an admin adds a term citing rule 10.1, which the current rules do not have
    data = {"term": "蓝鲸游戏", "rule": "10.1", "action": "block", "kind": "topic", "source": ""}
    response = admin_client.post(ADD, data)
    # then the form comes back with the error beside the rule, and nothing is written
    assert response.status_code == 200
    assert "10.1" in str(response.context["adminform"].form.errors["rule"])
    assert not LexiconTerm.objects.exists()
    assert not AuditLog.objects.filter(action="lexicon.add").exists()


def test_an_allowed_word_may_cite_no_rule(admin_client, rules):
    data = {"term": "开发票务", "rule": "-", "action": "allow", "kind": "topic", "source": ""}
    response = admin_client.post(ADD, data)
    assert response.status_code == 302
    assert LexiconTerm.objects.filter(term="开发票务", action="allow").exists()


def test_changing_a_term_records_before_and_after(admin_client, rules, django_capture_on_commit_callbacks):
    term = LexiconTerm.objects.create(term="蓝鲸游戏", rule="1.12", action="hold")
    before = lexicon_version()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/moderation/lexiconterm/{term.pk}/change/",
            {"term": "蓝鲸游戏", "rule": "1.12", "action": "block", "kind": "topic", "source": "手工添加"},
        )
    assert response.status_code == 302
    entry = AuditLog.objects.get(action="lexicon.change")
    assert (entry.before["action"], entry.after["action"]) == ("hold", "block")
    assert lexicon_version() != before


def test_deleting_terms_is_audited_and_bumps_the_version(admin_client, rules, django_capture_on_commit_callbacks):
    # given three terms: one deleted from its page, two through the changelist's bulk delete
    one = LexiconTerm.objects.create(term="蓝鲸游戏", rule="1.12", action="block")
    others = [LexiconTerm.objects.create(term=t, rule="1.7", action="block") for t in ("六合彩", "赌球")]
    before = lexicon_version()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/moderation/lexiconterm/{one.pk}/delete/", {"post": "yes"})
        admin_client.post(
            "/admin/moderation/lexiconterm/",
            {"action": "delete_selected", "_selected_action": [t.pk for t in others], "post": "yes"},
        )
    # then all are gone, each deletion has its audit row, and the engine will rebuild
    assert not LexiconTerm.objects.exists()
    single, bulk = AuditLog.objects.filter(action="lexicon.delete").order_by("id")
    assert (single.target_repr, single.before["term"]) == (str(one), "蓝鲸游戏")
    assert sorted(bulk.before["terms"]) == sorted(["六合彩", "赌球"])
    assert lexicon_version() != before


def test_a_term_the_engine_cannot_use_is_refused_beside_the_field(admin_client, rules):
    response = admin_client.post(ADD, {"term": "色", "rule": "4.1", "action": "flag", "kind": "topic", "source": ""})
    assert response.status_code == 200
    assert "色" in str(response.context["adminform"].form.errors["term"])
    assert not LexiconTerm.objects.exists()


def test_an_admin_sets_a_terms_kind_weight_and_category(admin_client, rules):
    data = {"term": "代开发票", "rule": "3.5", "action": "block", "kind": "intent", "weight": "4.5"}
    response = admin_client.post(ADD, {**data, "category": "fraud", "source": ""})
    assert response.status_code == 302
    term = LexiconTerm.objects.get(term="代开发票")
    assert (term.kind, term.weight, term.category) == ("intent", 4.5, "fraud")
    assert AuditLog.objects.get(action="lexicon.add").after["kind"] == "intent"
