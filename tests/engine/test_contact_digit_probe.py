"""The digit-run probes that let a text without Latin letters skip the contact detectors miss no contact detail."""

from __future__ import annotations

import random

from moderation.engine import Engine, normalise
from moderation.engine.detectors import CONTACT_DIGITS_RE, HANDLE_DIGITS_RE, find_contacts, find_handles

DIGITS = list("0123456789零〇一壹幺二贰两三叁四肆五伍六陆七柒八捌九玖")
SEPARATORS = list(" -.·—_。，、,．・/|\\~*") + ["\u3000", "★", "❤", "😀", "\u200b"]
KEYWORDS = [
    "微信",
    "薇信",
    "威信",
    "卫星:",
    "加v",
    "扣扣",
    "企鹅",
    "企鹅号",
    "球球",
    "抠抠",
    "q号",
    "绿泡泡",
    "秋秋",
    "电报",
]
PROSE = list("年月日号是为群联系方式我的：:=") + ["一九九八年", "三五成群", "十一月二十日"]


def _probed(text: str) -> bool:
    norm = normalise(text)
    return CONTACT_DIGITS_RE.search(norm.contact) is not None or HANDLE_DIGITS_RE.search(norm.folded) is not None


def test_every_contact_detail_without_latin_letters_holds_a_digit_run() -> None:
    rng = random.Random(11)
    found = 0
    for _ in range(20000):
        parts: list[str] = []
        for _ in range(rng.randint(1, 8)):
            r = rng.random()
            if r < 0.45:
                parts.append("".join(rng.choices(DIGITS, k=rng.randint(1, 12))))
            elif r < 0.7:
                parts.append("".join(rng.choices(SEPARATORS, k=rng.randint(1, 4))))
            elif r < 0.85:
                parts.append(rng.choice(KEYWORDS))
            else:
                parts.append(rng.choice(PROSE))
        text = "".join(parts)
        norm = normalise(text)
        if any("a" <= ch <= "z" for ch in norm.folded):
            continue  # with a Latin letter the detectors always run
        if list(find_contacts(norm)) or list(find_handles(norm)):
            found += 1
            assert _probed(text), text
    assert found > 1000  # the generator does make contact details


def test_numbers_written_in_chinese_in_prose_are_no_digit_run() -> None:
    for text in ("一九九八年一月二十日，新华社电", "三五成群，一二三四", "第一、二、三章", "子曰：三人行，必有我师焉"):
        assert not _probed(text), text


def test_spaced_and_broken_numbers_are_digit_runs() -> None:
    for text in ("138 0013 8000", "一三八-零零一三-八零零零", "扣扣：1 2 3 4 5", "加我 12345", "微信：一二三四五"):
        assert _probed(text), text


def test_a_text_of_chinese_numbers_is_clean_and_a_contact_is_found(engine: Engine) -> None:
    assert engine._clean("一九九八年一月二十日，新华社北京一月二十日电")
    assert engine.scan("一九九八年一月二十日，新华社北京一月二十日电").verdict == "pass"
    r = engine.scan("想了解的加我微信：一三八零零一三八零零零")
    assert any(m.source == "contact" for m in r.matches)
