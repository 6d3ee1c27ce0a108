"""The fast folding path (one table lookup per character) is the step-by-step folding, OpenCC included."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from moderation.engine import fold as fold_mod
from moderation.engine.fold import T2S_PHRASES, fold, fold_reference, fold_state, t2s_tables


def _phrases() -> list[str]:
    return [ln for ln in T2S_PHRASES.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]


def test_the_fast_path_is_on_for_the_installed_opencc() -> None:
    # The phrase list was dumped from this OpenCC: if this fails after an upgrade, regenerate the file with
    # moderation.engine.fold.dump_t2s_phrases() (folding stays exact meanwhile, only slower).
    _marker, lut, _ac = fold_state()
    assert lut is not None


def test_the_phrase_list_is_the_installed_dictionary() -> None:
    import opencc

    if not (Path(opencc.__file__).resolve().parent / "clib" / "bin" / "opencc_dict").exists():
        pytest.skip("this OpenCC build ships no opencc_dict")
    assert fold_mod.dump_t2s_phrases() == T2S_PHRASES.read_text(encoding="utf-8")


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
