"""The engine reads a text as a reader sees it: invisible characters and full-width forms change nothing.

Metamorphic tests: the same evasion written with a zero-width space between every character, or in full-width forms,
gets the same verdict and the same kinds of evidence as the plain spelling, with every span in the original text.
"""

from __future__ import annotations

import re

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


def _between_chinese(text: str, sep: str) -> str:
    return re.sub(r"(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])", sep, text)


@pytest.mark.parametrize("sep", [" ", "❤"])
@pytest.mark.parametrize(
    "text",
    ["卫星：zhang_0618，懂的来", "威芯号：a18829903 同手机", "有意者扣扣联系：2851466390", "纸飞机搜索 @hk_jiaoyi88"],
)
def test_a_handle_named_with_spaces_or_symbols_between_its_characters(engine: Engine, text: str, sep: str) -> None:
    # 卫 星：, 威❤芯❤号: the app's name broken up as any word is.  (Read on the contact level, the ID comes without
    # the symbols between its characters, as find_contacts gives it: hk_jiaoyi88 -> hkjiaoyi88.)
    plain = [e.params["value"].replace("_", "") for e in engine.scan(text).evidence if e.kind == "contact"]
    assert plain
    broken = _between_chinese(text, sep)
    assert [e.params["value"] for e in engine.scan(broken).evidence if e.kind == "contact"] == plain


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("微信：ssk二零二五，免费送资料", "ssk2025"),
        ("威信 hx七七八八一 备注", "hx77881"),
        ("薇芯：a一五九二零四七八", "a15920478"),
    ],
)
def test_an_id_with_its_digits_in_chinese(engine: Engine, text: str, value: str) -> None:
    assert [e.params["value"] for e in engine.scan(text).evidence if e.kind == "contact"] == [value]


def test_a_single_chinese_numeral_after_an_id_is_a_word(engine: Engine) -> None:
    assert [e.params["value"] for e in engine.scan("微信 abc123一起玩").evidence if e.kind == "contact"] == ["abc123"]


@pytest.mark.parametrize(
    ("text", "value"),
    [("百度搜 hg八八六八点com 注册就送", "spelled:hg8868.com"), ("地址是 bet三六五 點 com", "spelled:bet365.com")],
)
def test_a_spelled_host_with_chinese_digits(engine: Engine, text: str, value: str) -> None:
    assert value in [m.term for m in engine.scan(text).matches if m.source == "link"]


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("４月２０日买的，４７００转让，联系１３５０１９０７１２０", True),  # a writer who types full width
        ("４月２０日买的，联系13501907120", True),  # ASCII, as written
        ("ｗｅｉｘｉｎ：ｔａｏ８８９ 拿货价", False),  # full width only in the contact detail
        ("4月20日买的，联系１３５０１９０７１２０", False),  # full width where the writer types ASCII
        ("有问题找我，qq\u00a0383161223", True),  # a no-break space (a pasted page's &nbsp;) is a space
    ],
)
def test_a_contact_detail_in_full_width_is_plain_only_for_a_full_width_writer(
    engine: Engine, text: str, plain: bool
) -> None:
    (ev,) = [e for e in engine.scan(text).evidence if e.kind == "contact"]
    assert bool(ev.params.get("plain")) is plain
