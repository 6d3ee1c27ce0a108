"""Each evidence rule of the default policy (issue 13 item 1), on the default lexicon."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.engine import Context, Engine, Policy


def kinds(engine: Engine, text: str) -> set[str]:
    return {e.reason for e in engine.scan(text).evidence}


@pytest.mark.parametrize(
    "text",
    [
        "开发票的时候记得写公司抬头",  # 发票 on every mention was a flag
        "买了一台电脑，发票齐全，5000元",
        "这本书讲了传销的内幕，受益匪浅",
    ],
)
def test_a_topic_word_of_low_weight_alone_passes(engine: Engine, text: str) -> None:
    assert engine.scan(text).verdict == "pass"


def test_a_topic_word_alone_is_at_most_a_flag(engine: Engine) -> None:
    r = engine.scan("好似六合彩噉")
    assert r.verdict == "flag"
    assert r.explanation["reason"] == "flag.no_intent"


def test_a_call_to_action_makes_a_topic_word_an_offer(engine: Engine) -> None:
    r = engine.scan("六合彩资料，有需要的朋友私聊")
    assert r.verdict in ("hold", "block")
    assert "cta" in kinds(engine, "六合彩资料，有需要的朋友私聊")


def test_calls_to_action_and_money_alone_are_at_most_a_flag(engine: Engine) -> None:
    r = engine.scan("有需要的朋友私信，名额有限，先到先得，返现")
    assert r.verdict in ("pass", "flag")
    assert r.explanation["reason"] in ("flag.support_only", "flag.score", "pass.below_flag")


def test_money_is_evidence(engine: Engine) -> None:
    assert {"money"} <= kinds(engine, "兼职刷单，日结500元一次")


def test_an_intent_block_term_blocks(engine: Engine) -> None:
    r = engine.scan("同城约炮")
    assert (r.verdict, r.explanation["reason"]) == ("block", "block.term")


def test_a_block_term_with_a_contact_blocks(engine: Engine) -> None:
    assert engine.scan("六合彩开奖，加微信 abc12345").verdict == "block"


def test_a_report_or_warning_names_a_scheme_without_offering_it(engine: Engine) -> None:
    for text in (
        "警方提醒：信用卡套现属于违法行为，已有多人被追究刑事责任。",
        "提醒大家：凡是要你先垫钱的刷单兼职都是诈骗，千万别信。",
        "个体户也可以去税务局代开发票，带上营业执照。",
        "据报道，该团伙以刷单返利为诱饵，骗取多名受害人的钱财。",  # a news report's own words (engine 2.3)
        "有人说能帮你把花呗额度变现，都是套路，不要信。",
    ):
        r = engine.scan(text)
        assert r.verdict in ("pass", "flag"), text
        assert "context.report" in {e.reason for e in r.evidence}
        assert all(not e.intent for e in r.evidence if e.kind == "term")


def test_the_words_of_a_report_alone_are_no_evidence(engine: Engine) -> None:
    # given news in the words of a report with nothing else in it, then there is nothing for them to discount
    for kwargs in ({}, {"fingerprint": True}, {"context": Context(account_age_days=400)}):
        r = engine.scan("市公安局通报：民警依法查处一起刑事案件。", **kwargs)
        assert (r.verdict, r.evidence) == ("pass", []), kwargs
    # but beside a term, in the same field or the title, they still make it a topic word and lower the score
    for text, title in (("警方提醒：信用卡套现属于违法行为。", ""), ("警方提醒：不要轻信。", "信用卡套现")):
        kinds = [(e.kind, e.reason) for e in engine.scan(text, title=title).evidence]
        assert kinds == [("term", "term.topic"), ("context", "context.report")], (text, title)


def test_a_warning_does_not_hide_a_contact_detail(engine: Engine) -> None:
    assert engine.scan("谨防诈骗！代开发票请加微信 abc12345").verdict in ("hold", "block")


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("花呗额度可以变现，手续费很低", "cashout"),
        ("出售实名微信号，满一年老号", "accounts"),
        ("代注册海外平台账号，当天交付", "accounts"),
        ("寂寞的哥哥看过来，可以一对一视频，先付后看", "video_chat"),
        # engine 2.3
        ("白条里的额度帮你转出来，当天到账", "cashout"),
        ("收购个人支付宝和银行卡，价格好谈", "accounts"),
        ("批发抖音成品号，直接可以开播", "accounts"),
        ("穿女仆装和你视频，半小时两百，先转", "video_chat"),
        ("本科毕业证都能做，学信网可查", "certificate"),
        ("叉车证不用考试直接拿证", "certificate"),
        ("这期走势稳了，跟着计划倍投就行", "tips"),
        ("连中八期的计划，明天继续带单", "tips"),
        ("借呗用不完？帮你转出来，秒到", "cashout"),
        ("专业查通话记录和开房记录，保密", "goods"),
        ("有货：仿真枪配件，顺丰包邮", "goods"),
        ("钢珠和弓弩配件，保密发货", "goods"),  # the goods first, the shipping after
    ],
)
def test_offers_without_a_listed_term(engine: Engine, text: str, category: str) -> None:
    r = engine.scan(text)
    assert category in {e.params.get("category") for e in r.evidence}
    assert r.verdict in ("hold", "block")


@pytest.mark.parametrize(
    "text",
    [
        "信用卡额度提升了，银行说要按时还款",
        "视频教程讲得很清楚，价格也便宜",
        "这个账号是我的",
        "注册账号要实名认证",
        "笔记本带摄像头和蓝牙，价格实惠",  # a camera beside a price is a laptop, not a video call
        "驾驶证到期了，去车管所换证",
        "银行卡丢了要马上挂失",
        "这本书讲股票走势和计划，很实用",
        "这款手表提供定位功能，孩子走丢也不怕",
        "商家提供发票和保修",
        "钢珠轴承很耐用，京东包邮，第二天就到",  # a bearing's steel balls, shipped free by every shop
    ],
)
def test_offer_lookalikes(engine: Engine, text: str) -> None:
    assert engine.scan(text).verdict == "pass"


def test_near_duplicates_report_the_nearest_few(engine: Engine) -> None:
    from moderation.engine import fingerprint

    body = "本公司推出全新智能扫地机器人，采用激光导航技术，清扫覆盖率高达百分之九十八，欢迎大家前来选购。" * 2
    fp = fingerprint(body)
    recent = [(fp ^ 1, "a"), (fp, "b"), (fp ^ 0b111, "c"), (fp ^ ((1 << 40) - 1), "far")]
    r = engine.scan(body, recent=recent)
    (dup,) = [e for e in r.evidence if e.kind == "near_duplicate"]
    assert [n["ref"] for n in dup.params["nearest"]] == ["b", "a", "c"]
    assert r.fingerprint is not None
    assert (r.fingerprint ^ fp) & ((1 << 64) - 1) == 0


PITCH = "本公司推出全新智能扫地机器人，采用激光导航技术，清扫覆盖率高达百分之九十八，支持手机远程控制，欢迎选购。" * 2


def test_a_near_duplicate_alone_is_at_most_a_flag(engine: Engine) -> None:
    # A text that recurs (a speech quoted in two reports, a review posted twice) is no offer by itself.
    from moderation.engine import fingerprint

    r = engine.scan(PITCH, recent=[(fingerprint(PITCH), "other")])
    assert r.verdict == "flag"
    assert r.explanation["reason"] == "flag.duplicate_only"
    assert r.explanation["intent"] is False


def test_a_near_duplicate_beside_topic_words_only_is_at_most_a_flag(engine: Engine) -> None:
    from moderation.engine import fingerprint

    report = "据报道，当地警方昨日捣毁一个地下六合彩窝点，现场查获大量投注单据和赌资，多名涉案人员已被刑事拘留。" * 2
    r = engine.scan(report, recent=[(fingerprint(report), "wire")])
    assert {"near_duplicate", "term.topic"} <= {e.reason for e in r.evidence}
    assert r.verdict == "flag"


def test_a_near_duplicate_beside_a_call_to_action_is_intent(engine: Engine) -> None:
    # The same offer posted by several accounts: the call to action alone is at most a flag, with the copies a hold.
    from moderation.engine import fingerprint

    text = PITCH + "有需要的朋友私聊。"
    assert engine.scan(text).verdict == "flag"
    r = engine.scan(text, recent=[(fingerprint(text), "other")])
    assert r.verdict == "hold"
    assert r.explanation["reason"] == "hold.intent"


def test_fingerprint_is_computed_once_and_returned(engine: Engine) -> None:
    from moderation.engine import fingerprint

    text = "一段正文，用来检查指纹只计算一次，并随结果返回给调用者，足够长才会参与近似重复的比较。" * 2
    assert engine.scan(text, fingerprint=True).fingerprint == fingerprint(text)
    assert engine.scan(text).fingerprint is None


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("一段干净的正文，没有要折叠或删除的字符，也没有任何词表里的词，足够长才会参与近似重复的比较。" * 2, True),
        ("一段要折叠的正文：ＡＢＣ全角字母、雨后的彩虹，长到参与近似重复的比较，对吧对吧对吧。" * 2, False),
    ],
)
def test_a_clean_body_is_fingerprinted_and_compared_like_any_other(engine: Engine, text: str, clean: bool) -> None:
    # given a body that is (or is not) clean: nothing to fold, delete or find, so the scan may skip it
    from moderation.engine import fingerprint

    assert engine._clean(text) is clean
    # then its fingerprint is the one `fingerprint` gives, and a copy posted by another account is found
    assert engine.scan(text, fingerprint=True).fingerprint == fingerprint(text)
    found = engine.scan(text, recent=[(fingerprint(text), "other")])
    assert [ev.kind for ev in found.evidence] == ["near_duplicate"]


def test_account_record_adds_to_content_evidence(engine: Engine) -> None:
    text = "六合彩资料，私聊"
    plain = engine.scan(text)
    new = engine.scan(text, context=Context(account_age_days=0.5, prior_sanctions=1))
    assert new.score > plain.score
    assert engine.scan("今天天气不错", context=Context(account_age_days=0.5, prior_sanctions=3)).verdict == "pass"


def test_policy_weights_are_applied_per_kind(engine: Engine) -> None:
    text = "薇信：abc12345"
    assert engine.scan(text).verdict == "hold"
    lenient = Policy.from_dict({"weights": {"contact": 0.5}})
    assert engine.scan(text, policy=lenient).verdict == "flag"


def test_symbols_inside_a_term_are_evidence_of_evasion(engine: Engine) -> None:
    r = engine.scan("私❤信❤我❤拿❤资❤源")
    (ob,) = [e for e in r.evidence if e.kind == "obfuscation"]
    assert ob.intent
    assert ob.params["text"] == "私❤信❤我"
    assert r.verdict == "hold"
    assert not [e for e in engine.scan("私信我拿资源").evidence if e.kind == "obfuscation"]


def test_obfuscation_is_read_in_the_text_beside_a_contact_detail(engine: Engine) -> None:
    # The check reads the field's own text, not the value of the last contact detail found before it.
    r = engine.scan("私❤信❤我，微信 abc12345")
    (ob,) = [e for e in r.evidence if e.kind == "obfuscation"]
    assert ob.params["text"] == "私❤信❤我"


_OFFER_PIECES = [
    *"证书学历档案都能做包过免考拿办代卖出售提供监听窃听仿真枪弓弩全国发货保密一每次晚套张单元块r500两百 ，。",
    "不用考试",
    "学信网可查",
    "和真的一模一样",
    "通话记录",
    "定位找人",
    "针孔摄像",
    "隐私包装",
    "一次",
    "\n",
    "\u3000",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_OFFER_PIECES), max_size=16).map("".join))
def test_an_offer_finder_is_asked_wherever_its_regex_can_match(text: str) -> None:
    # The finders run only where the automaton saw one of their trigger literals (a forgery's words, not 证; the
    # goods, not 提供; 一次 with an amount after it, not 一次): a text the regex matches always holds one.
    from moderation.engine.detectors.words import PRICE_RE, PRICE_TRIGGERS
    from moderation.engine.offers import CERTIFICATE_RE, GOODS_RE, TRIGGERS

    for category, rx in (("certificate", CERTIFICATE_RE), ("goods", GOODS_RE)):
        if rx.search(text):
            assert any(lit in text for lit in TRIGGERS[category]), (category, text)
    m = PRICE_RE.search(text)
    if m is not None and m.group()[0] in "一每" and m.group()[1] in "单次晚夜张套":
        assert any(lit in text for lit in PRICE_TRIGGERS), text


def test_the_everyday_words_of_an_offer_start_no_finder(engine: Engine) -> None:
    for text in ("我的驾驶证到期了，下周去换证", "商家提供的说明书很详细", "第一次来这家店，一次性买了很多"):
        assert engine.lexicon.find_all(text)[2] == {}, text
    assert engine.lexicon.find_all("叉车证不用考试直接拿证")[2].keys() == {"certificate"}
    assert "price" in engine.lexicon.find_all("一次500，包夜另谈")[2]
