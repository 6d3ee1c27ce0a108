"""The rule codes the detectors cite come from the caller (the rules data), with defaults for standalone use."""

from __future__ import annotations

import pytest

from moderation.engine import DEFAULT_DETECTOR_RULES, Engine, fingerprint

BODY = "合作请加微信 abc12345，价格私聊。这是一段足够长的正文，用来检测近似重复的内容，不会因为太短而被忽略掉的文字。"
MAPPING = {"contact": "13.1", "link": "13.4", "duplicate": "13.2", "clickbait": "17.1"}


def test_detectors_cite_the_rules_they_are_given() -> None:
    # given an engine told which rule each detector cites
    engine = Engine([], detector_rules=MAPPING)
    # when it finds contact details and a link, a clickbait title, and (separately) a near-duplicate
    found = engine.scan("请加微信 abc12345，详情见 http://bit.ly/x1", title="震惊！99%的人都不知道").matches
    found += engine.scan(BODY, recent=[(fingerprint(BODY), "other")]).matches
    # then every detector match cites the given code (a call to action cites the contact detector's)
    assert {m.source: m.rule for m in found} == {
        "contact": "13.1",
        "cta": "13.1",
        "link": "13.4",
        "clickbait": "17.1",
        "duplicate": "13.2",
    }


def test_an_engine_without_a_mapping_uses_the_defaults() -> None:
    result = Engine([]).scan("请加微信 abc12345")
    assert {m.rule for m in result.matches} == {DEFAULT_DETECTOR_RULES["contact"]}


@pytest.mark.parametrize(
    "mapping",
    [{k: v for k, v in MAPPING.items() if k != "link"}, {**MAPPING, "contact": ""}, {**MAPPING, "weather": "1.1"}],
)
def test_an_incomplete_or_unknown_mapping_is_refused(mapping: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="detector rules"):
        Engine([], detector_rules=mapping)
