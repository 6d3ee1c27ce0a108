"""The fast folding path (one table lookup per character) is the step-by-step folding, OpenCC included."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from moderation.engine.fold import fold, fold_reference, fold_state, fold_wide, wide_state
from moderation.engine.t2s import T2S_PHRASES, dump_t2s_phrases, t2s_tables


def _phrases() -> list[str]:
    return [ln for ln in T2S_PHRASES.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]


def test_the_fast_path_is_on_for_the_installed_opencc() -> None:
    # The phrase list was dumped from this OpenCC: if this fails after an upgrade, regenerate the file with
    # moderation.engine.t2s.dump_t2s_phrases() (folding stays exact meanwhile, only slower).
    _marker, lut, _ac = fold_state()
    assert lut is not None


def test_the_phrase_list_is_the_installed_dictionary() -> None:
    import opencc

    if not (Path(opencc.__file__).resolve().parent / "clib" / "bin" / "opencc_dict").exists():
        pytest.skip("this OpenCC build ships no opencc_dict")
    assert dump_t2s_phrases() == T2S_PHRASES.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text",
    [
        "書中自有千鍾粟",  # a phrase OpenCC reads as a whole
        "憑藉發票報銷",
        "ΣΑΣ ΟΔΟΣ",  # final sigma depends on the neighbour
        "İstanbul 發票",  # a lower case of two code points
        "豈有此理",  # a compatibility ideograph
        "⼀⾔為定",  # radicals that fold into ideographs
        "ＡＢＣ１２３發票",
        "❶❸❽ 微信",
        "\ud83d 孤立的代理项",
        "佢哋喺度傾偈𡃉",  # a character above U+FFFF
        "嗰個人講乜嘢",  # OpenCC writes 嗰 as a character above U+FFFF
        "書中自有千鍾粟𠻺",  # a phrase in a text above the BMP
        "𝐀𝐁𝐂 ＡＢ 發票 🈶",  # mathematical letters and an enclosed ideograph
        "\U000e0041 標籤字符",  # above the table's code points
    ],
)
def test_fast_folding_equals_the_reference_on_what_the_table_cannot_say(text: str) -> None:
    assert fold(text) == fold_reference(text)


def test_fast_folding_equals_the_reference_on_mixed_text() -> None:
    _cc, _re, table = t2s_tables()
    rng = random.Random(13)
    trad = sorted(chr(c) for c in table)
    pool = trad[::3] + list("发票微信加我ΣσİIAbＡｂ１２①⑴⼀豈更。，（）(ā) ") + [chr(c) for c in range(0xF900, 0xF90A)]
    phrases = _phrases()
    for _ in range(3000):
        parts = [
            rng.choice(phrases) if rng.random() < 0.3 else "".join(rng.choices(pool, k=rng.randint(1, 6)))
            for _ in range(rng.randint(1, 6))
        ]
        text = "".join(parts)
        assert fold(text) == fold_reference(text), text


def test_the_code_point_table_is_on_for_the_installed_opencc() -> None:
    assert wide_state() is not None


def test_the_code_point_table_equals_the_reference_on_mixed_text() -> None:
    # Texts the UTF-16 table cannot fold: characters above U+FFFF (Cantonese, the CJK extension planes, emoji,
    # mathematical letters), mixed with traditional characters, phrases and what the tables send to the reference.
    _cc, _re, table = t2s_tables()
    rng = random.Random(17)
    trad = sorted(chr(c) for c in table)
    astral = [chr(rng.randrange(0x20000, 0x2FA20)) for _ in range(400)] + [chr(c) for c in range(0x1D400, 0x1D420)]
    astral += list("𡃉𠻺𨋢𠹺𡁵🈶😀🉐") + [chr(c) for c in range(0x2F800, 0x2F810)]
    pool = trad[::3] + astral + list("嗰喺佢哋发票微信ΣσİAbＡ１①⼀豈。，（）") + [chr(0xE0041)]
    phrases = _phrases()
    for _ in range(3000):
        parts = [
            rng.choice(phrases) if rng.random() < 0.2 else "".join(rng.choices(pool, k=rng.randint(1, 6)))
            for _ in range(rng.randint(1, 6))
        ]
        text = "".join(parts)
        assert fold(text) == fold_reference(text), text
        assert fold_wide(text) == fold_reference(text), text


def test_the_code_point_table_agrees_with_the_reference_character_by_character() -> None:
    # Every code point the table maps elsewhere than the sentinel, alone and beside a traditional character
    # (with which the reference runs OpenCC on the whole text).
    lut = wide_state()
    changed = [cp for cp in range(0x30000) if lut[cp] != cp and lut[cp] != 0xFFFF]
    for cp in changed:
        c = chr(cp)
        assert fold_wide(c) == fold_reference(c), hex(cp)
        assert fold_wide("發" + c) == fold_reference("發" + c), hex(cp)
