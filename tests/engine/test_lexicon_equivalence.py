"""The engine's lexicon path (one search on the contact level, collapsed windows only around
repeated key characters) gives exactly the matches of the straightforward reading: search the
fully collapsed text and map every hit back."""

from __future__ import annotations

import random

import pytest

from moderation.engine import Engine, Term
from moderation.engine.model import Match
from moderation.engine.normalise import normalise
from moderation.engine.reading import _all_cjk
from moderation.engine.segment import confirm


def reference_lexicon_matches(engine: Engine, text: str) -> list[tuple[str, int, int]]:
    """Search the fully collapsed text; a key that itself repeats a character (妹妹) is searched on the contact
    level, where repeats are intact (collapsing the text could never produce it)."""
    norm = normalise(text)
    hits = [h for h in engine.lexicon.find(norm.text) if not h.entry.doubled]
    allows = [(h.start, h.end) for h in hits if h.entry.allowed]
    out = []
    for h in engine.lexicon.find(norm.contact):
        if h.entry.doubled and not h.entry.allowed and confirm(norm.contact, h.start, h.end):
            s, e = norm.span(h.start, h.end, "contact")
            out.append((h.entry.term.term, s, e))
    for h in hits:
        if h.entry.allowed or any(a <= h.start and h.end <= b for a, b in allows):
            continue
        if h.entry.cjk_len >= 2 and _all_cjk(h.entry.key):
            cs, ce = norm.text_to_contact(h.start, h.end)
            ok = (
                confirm(norm.contact, cs, ce)
                if norm.contact[cs:ce] == h.entry.key
                else confirm(norm.text, h.start, h.end)
            )
            if not ok:
                continue
        s, e = norm.span(h.start, h.end)
        out.append((h.entry.term.term, s, e))
    return sorted(out)


def engine_lexicon_matches(engine: Engine, text: str) -> list[tuple[str, int, int]]:
    norm = normalise(text)
    matches: list[Match] = [m for m, _term, _variant in engine._lexicon_matches(norm, "body")]
    return sorted((m.term, m.start, m.end) for m in matches)


TERMS = [
    ("六合彩", "block"),
    ("合彩", "flag"),
    ("彩开奖", "hold"),
    ("发票", "hold"),
    ("开发票务", "allow"),
    ("代开发票", "block"),
    ("刷单", "block"),
    ("日结", "hold"),
    ("加wx", "hold"),
    ("casino", "block"),
    ("sb", "hold"),
    ("妹妹", "flag"),
    ("约妹", "block"),
    ("a货", "flag"),
    ("pk10", "block"),
    ("google", "allow"),
]
PIECES = list("六合彩开奖发票务代刷单日结约妹大的了我们a货") + [
    "六六",
    "彩彩彩",
    "合合",
    "casssino",
    "caaaasino",
    "caaassinooo",
    "wwwwx",
    "wxxx",
    "加wxxxx",
    "www",
    "pppkk10",
    "casino",
    "wwwx",
    "加wwwx",
    "加wx",
    "sb",
    "sssb",
    "pk10",
    "ppk10",
    "google",
    "gooogle",
    "哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈",
    "★",
    ".",
    " ",
    "，",
    "\n",
    "😀",
    "開",
    "ＡＢ",
    "\u200b",
]


@pytest.fixture(scope="module")
def small_engine() -> Engine:
    return Engine(Term(t, "1.1", a) for t, a in TERMS)


@pytest.mark.parametrize("seed", range(6))
def test_windowed_lexicon_equals_reference(small_engine: Engine, seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(400):
        text = "".join(rng.choices(PIECES, k=rng.randint(1, 40)))
        assert engine_lexicon_matches(small_engine, text) == reference_lexicon_matches(small_engine, text), text


def test_long_text_with_many_repeats(small_engine: Engine) -> None:
    rng = random.Random(99)
    text = "".join(rng.choices(PIECES, k=3000))
    assert engine_lexicon_matches(small_engine, text) == reference_lexicon_matches(small_engine, text)


def test_key_helpers() -> None:
    from moderation.engine.lexicon import _cjk_lengths, _encode_all

    keys = ["六合彩", "pk10", "北京赛车pk10", "a货", "\u0a0a\u0a00", "𠀀x"]
    assert _cjk_lengths(keys) == [3, 0, 4, 1, 0, 1]
    assert _cjk_lengths([]) == []
    assert _encode_all(keys) == [k.encode("utf-16-be", "surrogatepass") for k in keys]
    odd = ["\u0a00\u0a00", "六"]  # bytes 0a 00 0a 00: a b"\\0\\n" straddling the two characters
    assert _encode_all(odd) == [k.encode("utf-16-be", "surrogatepass") for k in odd]
