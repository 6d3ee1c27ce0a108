"""Normalisation and exact offsets back into the original text."""

from __future__ import annotations

import pytest

from moderation.engine import Engine, normalise
from moderation.engine.normalise import fold


def test_fold_is_length_preserving() -> None:
    for s in ["ＡＢＣ１２３", "İstanbul", "開發票務", "①②③", "𝐂𝐀𝐒𝐈𝐍𝐎", "⼀二三", "㊙"]:
        assert len(fold(s)) == len(s)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＣＡＳＩＮＯ", "casino"),  # full-width -> half-width, case folding
        ("CaSiNo", "casino"),
        ("𝐜𝐚𝐬𝐢𝐧𝐨", "casino"),  # NFKC mathematical letters
        ("買六合彩", "买六合彩"),  # traditional -> simplified
        ("開獎", "开奖"),
        ("六★合★彩", "六合彩"),  # symbols between characters
        ("六-合-彩", "六合彩"),
        ("c.a.s.i.n.o", "casino"),
        ("加【微】信", "加微信"),
        ("六\u200b合\u200d彩", "六合彩"),  # zero-width characters
        ("六😀合🎉彩", "六合彩"),  # emoji
        ("六 合 彩", "六合彩"),  # whitespace between CJK
        ("六　合　彩", "六合彩"),  # ideographic space
        ("六六合合彩彩", "六合彩"),  # repeated characters
        ("casssino", "casino"),
        ("ｃ．ａ．ｓ．ｉ．ｎ．ｏ", "casino"),
    ],
)
def test_normalised_text(raw: str, expected: str) -> None:
    assert normalise(raw).text == expected


def test_latin_words_keep_their_spaces() -> None:
    assert normalise("hello world").text == "hello world"


def test_sentence_punctuation_is_kept() -> None:
    assert normalise("六，合，彩").text == "六，合，彩"


def test_double_latin_letters_are_kept() -> None:
    assert normalise("google").text == "google"


def test_digits_never_collapse_at_contact_level() -> None:
    n = normalise("电话13888888888")
    assert "13888888888" in n.contact


def test_traditional_only_when_needed() -> None:
    plain = "我们的产品非常好"
    assert normalise(plain).folded == plain


SPANS = [
    ("今天买六★合★彩吧", "六合彩", "六★合★彩"),
    ("来玩六-合-彩", "六合彩", "六-合-彩"),
    ("play c.a.s.i.n.o now", "casino", "c.a.s.i.n.o"),
    ("快加【微】信", "加微信", "加【微】信"),
    ("前缀六\u200b合\u200b彩后缀", "六合彩", "六\u200b合\u200b彩"),
    ("六六合合彩彩开奖了", "六合彩", "六六合合彩彩"),
    ("ＣＡＳＩＮＯ", "casino", "ＣＡＳＩＮＯ"),
    ("😀😀六😀合😀彩😀😀", "六合彩", "六😀合😀彩"),  # astral chars before the hit
    ("買六合彩", "六合彩", "六合彩"),
    ("六 合 彩", "六合彩", "六 合 彩"),
    ("a★b★c 六★合★彩 x★y", "六合彩", "六★合★彩"),
    ("彩彩彩六合彩", "六合彩", "六合彩"),
]


@pytest.mark.parametrize(("text", "term", "expected"), SPANS)
def test_span_is_exact_in_original(make_engine, text: str, term: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    engine: Engine = make_engine((term, "1.8", "block"))
    matches = [m for m in engine.scan(text).matches if m.source == "lexicon"]
    assert [text[m.start : m.end] for m in matches] == [expected]


def test_many_spans_in_one_long_text(make_engine) -> None:  # type: ignore[no-untyped-def]
    engine: Engine = make_engine(("六合彩", "1.8", "block"))
    pieces = ["六★合★彩", "六合彩", "六-合-彩", "六 合 彩", "六六合彩"]
    text = ""
    expected = []
    for i, p in enumerate(pieces * 50):
        text += f"第{i}段：这里是（普通）文字——“引号”… "
        expected.append((len(text), len(text) + len(p)))
        text += p + "。\n"
    got = [(m.start, m.end) for m in engine.scan(text).matches]
    assert got == expected
