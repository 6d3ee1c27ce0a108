"""The fast (regex/C-level) normalisation agrees with the plain-Python statement of the rules."""

from __future__ import annotations

import random

import pytest

from moderation.engine.normalise import (
    _DELETION_RE,
    _DELETION_RE_BMP,
    _delete,
    _noise_deletions_reference,
    fold,
    may_have_astral,
    normalise,
    split_deletions,
)

ALPHABET = list("六合彩加微信ab1２３ＡＢc 　\t.-★【】，。😀\u200b\u3164\u0301xx") + ["𠀀", "_", "İ", "開", "①"]


def _random_texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(ALPHABET, k=rng.randint(0, 14))) for _ in range(count)]


@pytest.mark.parametrize("seed", range(4))
def test_deletions_match_reference(seed: int) -> None:
    for t in _random_texts(seed, 3000):
        t = fold(t)
        expected = _noise_deletions_reference(t)
        for rx in (_DELETION_RE, _DELETION_RE_BMP) if not may_have_astral(t) else (_DELETION_RE,):
            contact, dmap = split_deletions(rx, t)
            got = dmap.positions() if dmap else []
            assert got == expected, (t, rx is _DELETION_RE)
            assert contact == _delete(t, expected)
            for i in range(len(contact)):
                assert t[dmap.to_source(i) if dmap else i] == contact[i]


def test_may_have_astral_never_misses() -> None:
    for t in ["", "a", "😀", "a" * 100 + "😀", "中" * 50 + "𠀀", "中文" * 100]:
        if any(ord(c) > 0xFFFF for c in t):
            assert may_have_astral(t)
    assert not may_have_astral("中文" * 100)
    assert not may_have_astral("plain ascii text, long enough")


@pytest.mark.parametrize("seed", range(2))
def test_contact_level_offsets_round_trip(seed: int) -> None:
    for t in _random_texts(seed + 10, 2000):
        n = normalise(t)
        for i, ch in enumerate(n.contact):
            assert n.folded[n.contact_to_orig(i)] == ch


def _reference_fold(text: str) -> str:
    from moderation.engine.fold import _FOLD_RE, FOLD_TABLE
    from moderation.engine.t2s import to_simplified

    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    low = _FOLD_RE.sub(lambda m: m.group().translate(FOLD_TABLE), low)
    return to_simplified(low)


def test_fold_shortcut_never_skips_a_change() -> None:
    # Every BMP character, one at a time inside otherwise clean text: the one-scan shortcut
    # must never return a text that lowering, folding or t2s would have changed.
    pad = "我们的产品" * 3
    for cp in range(0x20, 0x10000):
        if 0xD800 <= cp < 0xE000:
            continue
        t = pad + chr(cp) + pad
        assert fold(t) == _reference_fold(t), hex(cp)


@pytest.mark.parametrize("seed", range(3))
def test_one_pass_normalise_equals_fold_then_delete(seed: int) -> None:
    rng = random.Random(50 + seed)
    extra = ["我们", "产品", "。", "❶", "Ａ", "開", "K", "ß", "☆", "…", "“", "（", "www", "35"]
    for _ in range(3000):
        t = "".join(rng.choices(ALPHABET + extra, k=rng.randint(0, 16)))
        n = normalise(t)
        folded = fold(t)
        contact, dmap = split_deletions(_DELETION_RE, folded)
        assert n.folded == folded, t
        assert n.contact == contact, t
        assert n.contact_dels == (dmap.positions() if dmap else []), t
