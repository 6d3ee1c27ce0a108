"""The rule codes the engine's detectors cite come from the current rule-set version, and a newly published
version's mapping reaches the engine without a restart."""

import pytest

from moderation.engine import Verdict
from moderation.models import ContentCheck, RuleSet
from moderation.selectors.lexicon import current_engine
from moderation.services import rule_draft_save, ruleset_copy, ruleset_draft_update, ruleset_publish
from moderation.services.rules import RULES_V1

pytestmark = pytest.mark.django_db
CONTACT = "合作请加微信 abc12345"


def _cited(text: str) -> set[str]:
    engine, _version = current_engine()
    return {m.rule for m in engine.scan(text).matches}


def test_the_shipped_rules_name_a_rule_for_every_detector():
    import json

    from moderation.engine import DETECTORS

    detectors = json.loads(RULES_V1.read_text(encoding="utf-8"))["detectors"]
    assert set(detectors) == set(DETECTORS)


def test_publishing_a_version_with_other_detector_rules_changes_what_the_engine_cites(rules, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "x")
    assert _cited(CONTACT) == {"3.1"}
    # given a draft whose contact detector cites 3.3 instead
    draft = ruleset_copy(source=RuleSet.objects.get(is_current=True), actor=admin)
    mapping = {"contact": "3.3", "duplicate": "3.2", "link": "3.4", "clickbait": "7.1"}
    ruleset_draft_update(ruleset=draft, actor=admin, changes={"detectors": mapping})
    # when it is published
    ruleset_publish(ruleset=draft, actor=admin)
    # then the next scan cites 3.3 (the engine was rebuilt for the new version)
    assert _cited(CONTACT) == {"3.3"}


def test_a_draft_cannot_lose_a_rule_its_detectors_cite(rules, django_user_model):
    from moderation.errors import ModerationError

    admin = django_user_model.objects.create_superuser("root", "root@example.com", "x")
    draft = ruleset_copy(source=RuleSet.objects.get(is_current=True), actor=admin)
    mapping = {"contact": "3.1", "duplicate": "3.2", "link": "3.4", "clickbait": "7.1"}
    ruleset_draft_update(ruleset=draft, actor=admin, changes={"detectors": mapping})
    with pytest.raises(ModerationError):
        rule_draft_save(ruleset=draft, rules=[], deleted=[draft.rules.get(code="3.1")], actor=admin)
    assert draft.rules.filter(code="3.1").exists()


def test_the_check_verdict_is_the_engines():
    assert ContentCheck.Verdict is Verdict
    assert ContentCheck(verdict=Verdict.HOLD).get_verdict_display() == "待人工审核"
