"""Lexicon matching: whole words for Latin, allow-wins, loading, scale."""

from __future__ import annotations

import random

import pytest

from moderation.engine import DEFAULT_LEXICON, Engine, Term, load_lexicon, normalise


def _terms(engine: Engine, text: str) -> list[str]:
    return [m.term for m in engine.scan(text).matches if m.source == "lexicon"]


@pytest.mark.parametrize("text", ["你是SB吧", "sb", "SB!", "你是 sb 吧", "你是ＳＢ吧"])
def test_latin_term_fires_as_whole_word(make_engine, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _terms(make_engine(("sb", "9.1", "hold")), text) == ["sb"]


@pytest.mark.parametrize("text", ["usb", "/usr/sbin", "Disbursement", "USB接口", "sbin", "dbsb2"])
def test_latin_term_not_inside_words(make_engine, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _terms(make_engine(("sb", "9.1", "hold")), text) == []


def test_allow_covering_hit_wins(make_engine) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(("发票", "3.5", "hold", "intent"), ("开发票务", "0", "allow"))
    assert engine.scan("开发票务").verdict == "pass"
    assert engine.scan("代开发票").verdict == "hold"


def test_longer_blocked_term_beats_shorter_allow(make_engine) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(("发票", "3.5", "hold"), ("开发票务", "0", "allow"), ("代开发票务", "3.5", "block", "intent"))
    r = engine.scan("我们代开发票务")
    assert r.verdict == "block"
    assert [m.term for m in r.matches] == ["代开发票务"]


def test_allow_and_block_same_term_allow_wins(make_engine) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(("彩虹", "1.8", "block"), ("彩虹", "0", "allow"))
    assert engine.scan("彩虹").verdict == "pass"


def test_overlapping_terms_are_deduplicated(make_engine) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(("六合彩", "1.8", "block"), ("合彩", "1.8", "flag"), ("彩开奖", "1.8", "hold"))
    r = engine.scan("六合彩开奖")
    assert sorted(m.term for m in r.matches) == ["六合彩", "彩开奖"]


def test_term_normalisation_applies_to_lexicon(make_engine) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(("ＣＡＳＩＮＯ", "1.8", "block"), ("開發票", "3.5", "hold"))
    assert _terms(engine, "casino") == ["ＣＡＳＩＮＯ"]
    assert _terms(engine, "开发票") == ["開發票"]


def test_default_lexicon_loads() -> None:
    terms = load_lexicon(DEFAULT_LEXICON)
    assert len(terms) >= 300
    actions = {t.action for t in terms}
    assert actions <= {"block", "hold", "flag", "allow"}
    assert {"六合彩", "时时彩", "百家乐", "网赌", "casino", "刷单", "日结", "套现", "代开发票", "约炮", "援交"} <= {
        t.term for t in terms
    }


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("我们开发票务系统", "pass"),
        ("六合彩虹小区", "pass"),
        ("南京六合区的彩虹", "pass"),
        ("代开发票，价格优惠", "block"),
        ("今晚六合彩开奖", "flag"),  # a topic word alone (news reports the draw) is at most a flag
        ("今晚六合彩开奖，加我微信", "block"),
        ("同城约炮", "block"),
        ("加入我们打击刷单诈骗", "pass"),
        ("本文介绍产品的新功能和使用方法。", "pass"),
    ],
)
def test_default_lexicon_cases(engine: Engine, text: str, verdict: str) -> None:
    assert engine.scan(text).verdict == verdict


def test_invalid_action_rejected() -> None:
    with pytest.raises(ValueError, match="unknown action"):
        Term("x", "1", "delete")


def test_empty_engine_passes() -> None:
    assert Engine([]).scan("六合彩").verdict == "pass"


def test_an_engine_with_100k_terms_finds_any_of_them() -> None:
    # The speed of this build is measured by bench/scan.py, not asserted here.
    rng = random.Random(7)
    pool = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    terms = [Term("".join(rng.choices(pool, k=rng.randint(2, 4))), "1.8", "block") for _ in range(100_000)]
    engine = Engine(terms)
    assert len(engine.lexicon) > 90_000
    key = normalise(terms[12345].term).text
    assert any(h.entry.key == key for h in engine.lexicon.find(f"前文{key}后文"))
