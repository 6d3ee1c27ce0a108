"""Contact, link, clickbait and near-duplicate detectors."""

from __future__ import annotations

import pytest

from moderation.engine import Engine, fingerprint, hamming
from moderation.engine.findings import DUPLICATE_MAX_DISTANCE


def _found(engine: Engine, text: str, source: str, title: str = "") -> list[tuple[str, str]]:
    r = engine.scan(text, title=title)
    out = []
    for m in r.matches:
        if m.source == source:
            src = title if m.field == "title" else text
            out.append((m.term, src[m.start : m.end]))
    return out


@pytest.mark.parametrize(
    ("text", "term", "span"),
    [
        ("加我微信abc123", "wechat:abc123", "微信abc123"),
        ("微信：xiaoming_88", "wechat:xiaoming88", "微信：xiaoming_88"),
        ("薇信 hello2024", "wechat:hello2024", "薇信 hello2024"),
        ("威信号是 kefu666", "wechat:kefu666", "威信号是 kefu666"),
        ("VX: abc12345", "wechat:abc12345", "VX: abc12345"),
        ("wx：shop8888", "wechat:shop8888", "wx：shop8888"),
        ("加V wxid_abc123", "wechat:wxidabc123", "加V wxid_abc123"),
        ("+v：meimei520", "wechat:meimei520", "+v：meimei520"),
        ("有事V：zhang3feng", "wechat:zhang3feng", "V：zhang3feng"),
        ("微★信：abc123", "wechat:abc123", "微★信：abc123"),
        ("ＶＸ：ａｂｃ１２３", "wechat:abc123", "ＶＸ：ａｂｃ１２３"),
    ],
)
def test_wechat(engine: Engine, text: str, term: str, span: str) -> None:
    assert (term, span) in _found(engine, text, "contact")


@pytest.mark.parametrize(
    ("text", "term", "span"),
    [
        ("QQ:12345678", "qq:12345678", "QQ:12345678"),
        ("扣扣 987654321", "qq:987654321", "扣扣 987654321"),
        ("企鹅号：55667788", "qq:55667788", "企鹅号：55667788"),
        ("qq群 123456", "qq:123456", "qq群 123456"),
        ("扣扣：九八七六五四三", "qq:9876543", "扣扣：九八七六五四三"),
    ],
)
def test_qq(engine: Engine, text: str, term: str, span: str) -> None:
    assert (term, span) in _found(engine, text, "contact")


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("电话13812345678咨询", "13812345678"),
        ("电话 138 1234 5678 咨询", "138 1234 5678"),
        ("电话138-1234-5678", "138-1234-5678"),
        ("电话138.1234.5678", "138.1234.5678"),
        ("电话１３８１２３４５６７８", "１３８１２３４５６７８"),
        ("电话一三八一二三四五六七八", "一三八一二三四五六七八"),
        ("电话壹叁捌壹贰叁肆伍陆柒捌", "壹叁捌壹贰叁肆伍陆柒捌"),
        ("电话①③⑧①②③④⑤⑥⑦⑧", "①③⑧①②③④⑤⑥⑦⑧"),
        ("电话❶❸❽❶❷❸❹❺❻❼❽", "❶❸❽❶❷❸❹❺❻❼❽"),
        ("电话幺三八幺二三四五六七八", "幺三八幺二三四五六七八"),
        ("电话13888888888", "13888888888"),
    ],
)
def test_mobile_numbers(engine: Engine, text: str, span: str) -> None:
    found = _found(engine, text, "contact")
    assert [s for _, s in found] == [span]
    assert found[0][0].startswith("phone:1")


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        # any symbol or emoji the normaliser counts as noise may split the digits, not only dots and dashes
        ("薇信同号 185 ▪ 6677 ▪ 8899", "18566778899"),
        ("热线：1５6 ＊ 0909 ＊ 1212", "15609091212"),
        ("微信：134 ♡ 5566 ♡ 7788", "13455667788"),
        ("电话 (186) 0000-1111", "18600001111"),
        ("电话 187丨6655丨4433", "18766554433"),
        ("打 139🌟0011🌟2233", "13900112233"),
    ],
)
def test_mobile_numbers_split_by_any_symbol(engine: Engine, text: str, digits: str) -> None:
    assert [t for t, _ in _found(engine, text, "contact")] == [f"phone:{digits}"]
    assert engine.scan(text).verdict in ("hold", "block")


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Q裙 812736459 ，进裙改备注", "qq:812736459"),  # one Q and a group (裙 for 群)
        ("q群：123456 拉你", "qq:123456"),
        ("Ｑ Ｑ 群：６０２８３１９４７ 入群即送", "qq:602831947"),  # group word before the colon, letters spaced
    ],
)
def test_qq_groups(engine: Engine, text: str, term: str) -> None:
    assert term in [t for t, _ in _found(engine, text, "contact")]


@pytest.mark.parametrize(
    "text", ["他的QQ群很活跃，每天都有人聊天", "Q群里讨论了 2024 年的计划", "有问题的可以加群8757013咨询"]
)
def test_a_qq_group_without_a_number_is_no_contact(engine: Engine, text: str) -> None:
    assert _found(engine, text, "contact") == []


@pytest.mark.parametrize("text", ["视频会议号 123 ▪ 456 ▪ 789，密码 8866", "比分 1 ♡ 3，第 88 ★ 66 分钟"])
def test_symbol_separated_numbers_that_are_not_phones(engine: Engine, text: str) -> None:
    assert _found(engine, text, "contact") == []


@pytest.mark.parametrize(
    "text",
    [
        "订单号123456789012345",  # too long for a mobile number
        "价格12345元",
        "2024年10月1日",
        "电话010-12345678",  # landline, not mobile
        "微信支付很方便",
        "download wechat for friends",
        "一二三四五六七八九十",
        "我们的qq音乐",
    ],
)
def test_no_contact(engine: Engine, text: str) -> None:
    assert _found(engine, text, "contact") == []


def test_contact_rule_and_action(engine: Engine) -> None:
    (m,) = [m for m in engine.scan("电话13812345678").matches if m.source == "contact"]
    assert (m.rule, m.action) == ("3.1", "hold")


def test_wechat_with_phone_is_one_match(engine: Engine) -> None:
    found = _found(engine, "微信：13812345678", "contact")
    assert len(found) == 1


@pytest.mark.parametrize(
    ("text", "span", "kind"),
    [
        ("领券 https://s.click.taobao.com/t?e=abc 快", "https://s.click.taobao.com/t?e=abc", "affiliate"),
        ("https://uland.taobao.com/coupon/edetail?e=x", "https://uland.taobao.com/coupon/edetail?e=x", "affiliate"),
        ("京东 https://u.jd.com/AbCdEf 下单", "https://u.jd.com/AbCdEf", "affiliate"),
        ("拼多多 https://p.pinduoduo.com/xyz", "https://p.pinduoduo.com/xyz", "affiliate"),
        ("点击 t.cn/A6abcDE 查看", "t.cn/A6abcDE", "shortener"),
        ("http://dwz.cn/abc", "http://dwz.cn/abc", "shortener"),
        ("see https://bit.ly/3xYz", "https://bit.ly/3xYz", "shortener"),
        ("https://tinyurl.com/y6abc", "https://tinyurl.com/y6abc", "shortener"),
        ("http://url.cn/5abc", "http://url.cn/5abc", "shortener"),
        ("suo.im/4abc", "suo.im/4abc", "shortener"),
        ("ＨＴＴＰＳ://ＢＩＴ.ＬＹ/ａｂｃ", "ＨＴＴＰＳ://ＢＩＴ.ＬＹ/ａｂｃ", "shortener"),
    ],
)
def test_links(engine: Engine, text: str, span: str, kind: str) -> None:
    found = _found(engine, text, "link")
    assert [s for _, s in found] == [span]
    assert found[0][0].startswith(kind)
    m = next(m for m in engine.scan(text).matches if m.source == "link")
    assert (m.rule, m.action) == ("3.4", "hold")


@pytest.mark.parametrize(
    "text",
    [
        "官网 https://www.example.com/article/1",
        "https://www.taobao.com/item/123",
        "https://item.jd.com/100012.html",
        "访问 https://t.cnn.com/news",
        "https://github.com/bit.ly/x",
        "文件名 report.t.cn.txt",
    ],
)
def test_ordinary_links_pass(engine: Engine, text: str) -> None:
    assert _found(engine, text, "link") == []


@pytest.mark.parametrize(
    ("title", "span"),
    [
        ("震惊！这款产品", "震惊"),
        ("万万没想到，结局是这样", "万万没想到"),
        ("99%的人都不知道的技巧", "99%的人都不知道"),
        ("看完惊呆了", "惊呆了"),
        ("速看：最新政策", "速看"),
        ("太好用了!!!", "!!!"),
        ("太好用了！！！！", "！！！！"),
        ("震驚！", "震驚"),
    ],
)
def test_clickbait_titles(engine: Engine, title: str, span: str) -> None:
    r = engine.scan("正文内容", title=title)
    found = [(m, title[m.start : m.end]) for m in r.matches if m.source == "clickbait"]
    assert span in [s for _, s in found]
    assert all(m.rule == "7.1" and m.action == "flag" and m.field == "title" for m, _ in found)
    assert r.verdict == "flag"


def test_clickbait_only_in_title(engine: Engine) -> None:
    assert engine.scan("震惊！！！万万没想到", title="产品介绍").verdict == "pass"


def test_title_is_scanned_for_lexicon(engine: Engine) -> None:
    r = engine.scan("正文", title="六合彩开奖")
    (m,) = r.matches
    assert (m.field, m.start, m.end) == ("title", 0, 5)


ARTICLE = (
    "本公司推出全新智能扫地机器人，采用激光导航技术，清扫覆盖率高达百分之九十八。"
    "支持手机远程控制，可以设置定时清扫，回家就能享受干净的地面。电池续航长达三个小时，"
    "适合一百五十平米以内的住宅使用。现在购买还赠送两年质保和配件套装，欢迎选购。"
    "我们的客服团队全年无休，随时解答您在使用过程中遇到的任何问题。产品通过了国家质量认证，安全可靠。"
)


def test_fingerprint_near_duplicates() -> None:
    a = fingerprint(ARTICLE)
    b = fingerprint(ARTICLE.replace("欢迎选购", "欢迎大家选购") + "！")
    c = fingerprint("今天我们来聊一聊如何在家里种植番茄，从选种、育苗到施肥浇水，每一步都有讲究。" * 2)
    assert hamming(a, b) <= DUPLICATE_MAX_DISTANCE
    assert hamming(a, c) > 2 * DUPLICATE_MAX_DISTANCE
    assert -(1 << 63) <= a < (1 << 63)  # fits a signed BIGINT column


def test_fingerprint_ignores_formatting() -> None:
    assert fingerprint(ARTICLE) == fingerprint(ARTICLE.replace("，", ", ").replace("。", "。\n\n"))


def test_hamming() -> None:
    assert hamming(0, 0) == 0
    assert hamming(0b1011, 0b0001) == 2
    assert hamming(-1, 0) == 64


def test_duplicate_match(engine: Engine) -> None:
    ref = object()
    recent = [(fingerprint("完全不同的一段文字，讲的是别的事情。" * 5), "other"), (fingerprint(ARTICLE), ref)]
    r = engine.scan(ARTICLE + "\n", recent=recent)
    (m,) = [m for m in r.matches if m.source == "duplicate"]
    assert (m.rule, m.action, m.ref, m.start, m.end) == ("3.2", "hold", ref, 0, len(ARTICLE) + 1)
    assert r.verdict == "flag"  # a near-duplicate alone (see test_evidence_rules)


def test_short_texts_are_not_duplicates(engine: Engine) -> None:
    assert engine.scan("谢谢分享", recent=[(fingerprint("谢谢分享"), 1)]).verdict == "pass"


def test_no_recent_no_duplicate(engine: Engine) -> None:
    assert engine.scan(ARTICLE).verdict == "pass"
