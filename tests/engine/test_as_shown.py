"""The engine reads a text as a reader sees it: invisible characters and full-width forms change nothing.

Metamorphic tests: the same evasion written with a zero-width space between every character, or in full-width forms,
gets the same verdict and the same kinds of evidence as the plain spelling, with every span in the original text.
"""

from __future__ import annotations

import pytest

from moderation.engine import Engine

# One of each kind the detectors read on the folded text (handles, links, 淘口令, annotations) and on the contact level.
EVASIONS = [
    "有意者扣扣联系：2851466390，非诚勿扰",
    "薇芯：a15920478，下单送运费险",
    "纸飞机搜索 @hk_jiaoyi88 ，担保交易，放心",
    "加 v . x : hjk2024 详细聊，价格好商量",
    "注册链接 suo.im/5qXyZ9 送188",
    "新网址 xyz888点com",
    "复制这条信息￥Ab12CdEf34￥，打开【手机淘宝】即可领券",
    "口令：$zXc9VbN8m$ 打开手机淘宝领红包",
    "百(bǎi)家(jiā)乐(lè)真人在线",
    "代开发票，电话 13812345678",
    "https://item.taobao.com/item.htm?id=6543210&ali_trackid=2:mm_11223344_0_0 楼主用的就是这个",
]
ZWSP = "\u200b"


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in text)


def _kinds(result) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted({e.reason for e in result.evidence})


@pytest.mark.parametrize("text", EVASIONS)
def test_zero_width_spaces_between_every_character_change_nothing(engine: Engine, text: str) -> None:
    plain = engine.scan(text)
    assert plain.verdict in ("hold", "block")
    hidden = ZWSP.join(text)
    r = engine.scan(hidden)
    assert (r.verdict, _kinds(r)) == (plain.verdict, _kinds(plain))
    # Spans are the original's: the hidden text's span, read without its invisible characters, is the plain span.
    spans = sorted(hidden[e.start : e.end].replace(ZWSP, "") for e in r.evidence if e.end > e.start)
    assert spans == sorted(text[e.start : e.end] for e in plain.evidence if e.end > e.start)


@pytest.mark.parametrize("text", EVASIONS)
def test_full_width_forms_change_nothing(engine: Engine, text: str) -> None:
    plain = engine.scan(text)
    r = engine.scan(_full_width(text))
    assert r.verdict == plain.verdict
    assert {e.kind for e in r.evidence} >= {e.kind for e in plain.evidence if e.kind != "cta"}


def test_a_contact_detail_with_invisible_characters_between_its_digits_is_not_plain(engine: Engine) -> None:
    # Keycap digits (1⃣3⃣8⃣…) are a digit, a variation selector and a combining keycap: read as 13812345678, but not
    # written plainly, so the number is evidence of intent of its own.
    keycaps = "".join(d + "\ufe0f\u20e3" for d in "13812345678")
    (ev,) = [e for e in engine.scan(f"📞{keycaps} 上门取件").evidence if e.kind == "contact"]
    assert ev.params["value"] == "13812345678"
    assert not ev.params.get("plain")
    assert engine.scan("电话 13812345678").evidence[0].params.get("plain")


def test_invisible_characters_in_a_title_map_back(engine: Engine) -> None:
    title = ZWSP.join("震惊！这款产品")
    r = engine.scan("正文内容", title=title)
    (m,) = [m for m in r.matches if m.source == "clickbait"]
    assert title[m.start : m.end].replace(ZWSP, "") == "震惊"
