"""Each evasion variant kind the engine reads (issue 13 item 2), and the lookalikes it must not read."""

from __future__ import annotations

import pytest

from moderation.engine import Engine, Term, load_lexicon, term_key, term_problem


def reasons(engine: Engine, text: str) -> list[tuple[str, str | None]]:
    return [(e.reason, e.params.get("variant")) for e in engine.scan(text).evidence]


def found(engine: Engine, text: str, reason: str) -> list[str]:
    """The original text of each piece of evidence with that reason."""
    return [text[e.start : e.end] for e in engine.scan(text).evidence if e.reason == reason]


# --- homophones and pinyin abbreviations ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("今晚六和彩开奖，加我微信", "六合彩开奖"),  # 和 for 合
        ("陆合彩资料，私聊", "六合彩资料"),  # 陆 reads liu as well as lu
        ("代开发飘，电话 13812345678", "代开发票"),
    ],
)
def test_homophone_of_a_term_is_read_beside_intent(engine: Engine, text: str, term: str) -> None:
    ev = [e for e in engine.scan(text).evidence if e.kind == "term" and e.params["variant"] == "homophone"]
    assert [e.params["term"] for e in ev] == [term]


def test_homophone_alone_does_not_count(engine: Engine) -> None:
    # A running date is not a hook-up: without any intent evidence a same-sounding spelling is left alone, unless it
    # is a disguise (below): 同城约跑 reads as well as 同城约炮 to jieba.
    r = engine.scan("周末同城约跑，十公里配速六分，有兴趣的一起。")
    assert r.verdict in ("pass", "flag")
    assert not [e for e in r.evidence if e.params.get("variant") == "homophone"]


@pytest.mark.parametrize(
    ("text", "spelling", "term"),
    [
        ("代开发飘，点数优惠，全国各地都能开", "代开发飘", "代开发票"),  # 代开|发|飘 against 代开|发票
        ("六盒彩内部资料，期期都准", "六盒彩", "六合彩"),
        ("外闱女模，高端服务，全国可约", "外闱女", "外围女"),
    ],
)
def test_a_disguised_spelling_of_a_long_term_counts_alone(engine: Engine, text: str, spelling: str, term: str) -> None:
    # No contact, no call to action: the spelling itself, which the text reads better without, is the intent.
    r = engine.scan(text)
    (ob,) = [e for e in r.evidence if e.reason == "obfuscation.homophone"]
    assert (text[ob.start : ob.end], ob.params["term"], ob.intent) == (spelling, term, True)
    assert [e.params["term"] for e in r.evidence if e.params.get("variant") == "homophone"] == [term]
    assert r.verdict == "hold"  # a block term read through a homophone holds for a moderator, never blocks


def test_a_disguise_counts_beside_intent_too() -> None:
    engine = Engine([Term("代开发票", "3.1", "hold", kind="intent")])
    r = engine.scan("代开发飘，电话 13812345678")
    assert [e.reason for e in r.evidence if e.kind == "obfuscation"] == ["obfuscation.homophone"]


@pytest.mark.parametrize(
    ("term", "action", "text"),
    [
        # Two characters, one of them swapped: a coincidence too often (毒资 in a drug report for 赌资).
        ("裸聊", "block", "一对一罗聊，妹子在线等你"),
        # A term only flagged is not worth a disguise's alarm.
        ("代开发票", "flag", "代开发飘，点数优惠"),
        # The spelling reads as well as the term (better: 使用 is the commoner word): no disguise.
        ("免费试用", "hold", "酒店的客人都可以免费使用健身房"),
    ],
)
def test_what_a_spelling_alone_does_not_count_as(term: str, action: str, text: str) -> None:
    engine = Engine([Term(term, "3.1", action, kind="intent")])
    assert engine.scan(text).evidence == []


def test_reads_better_is_the_noisy_channel_test() -> None:
    from moderation.engine.segment import CHANNEL_MARGIN, reads_better

    assert CHANNEL_MARGIN > 0
    assert reads_better("专业代开发飘，点数优惠", 2, 6, "代开发票")
    assert reads_better("代写论闻，包过", 0, 4, "代写论文")
    assert not reads_better("周末同城约跑，十公里", 2, 6, "同城约炮")
    assert not reads_better("都可以免费使用健身房", 3, 7, "免费试用")


def test_homophone_that_is_a_word_is_that_word(engine: Engine) -> None:
    # 保养 sounds like 包养 but is a dictionary word: never generated as a spelling.
    assert not [e for e in engine.lexicon.entries + engine.lexicon.variant_entries if e.key == "保养"]


def test_generated_spellings_are_searched_apart_from_the_terms(engine: Engine) -> None:
    # They count only beside intent evidence or as a disguise, so they live in an automaton of their own, searched
    # only then: the main automaton holds the terms alone (and stays small enough to be a DFA).
    assert len(engine.lexicon.entries) == engine.lexicon.n_terms
    assert engine.lexicon.variant_entries
    assert {e.variant for e in engine.lexicon.variant_entries} == {"homophone", "pinyin_abbr"}
    # Those that may count alone are in the prefilter's tables (a text holding one is read, see quiet).
    lone = [e for e in engine.lexicon.variant_entries if e.alone_for]
    assert lone
    assert all(e.variant == "homophone" and len(e.key) >= 3 and e.term.action in ("hold", "block") for e in lone)
    assert engine.lexicon.may_lone("代开发飘")
    assert not engine._clean("代开发飘")


def test_pinyin_abbreviation_needs_intent(engine: Engine) -> None:
    assert ("term.intent", "pinyin_abbr") in reasons(engine, "dkfp，加我微信详聊")
    assert engine.scan("dkfp 是什么意思").verdict == "pass"


def test_pinyin_initials_beside_an_offer_are_evidence_of_evasion() -> None:
    # A topic word alone beside a call to action is a flag (套现 in a warning next to 当面); written as its initials
    # beside one, the disguise itself is evidence, and the three together reach a hold.
    engine = Engine([Term("套现", "3.4", "hold")])
    plain = engine.scan("套现秒到，费率低")
    assert plain.verdict == "flag"
    assert not [e for e in plain.evidence if e.kind == "obfuscation"]
    r = engine.scan("tx秒到，费率低")
    (ob,) = [e for e in r.evidence if e.kind == "obfuscation"]
    assert (ob.reason, ob.params["text"], ob.params["term"]) == ("obfuscation.abbreviation", "tx", "套现")
    assert ob.intent
    assert r.verdict == "hold"
    # Without an offer beside them the initials are not read at all.
    assert engine.scan("tx 是什么意思").evidence == []


def test_variants_can_be_switched_off() -> None:
    engine = Engine([Term("六合彩", "1.8", "block")], variants=False)
    assert not [e for e in engine.scan("六和彩，加我微信 abc12345").evidence if e.kind == "term"]


# --- pinyin annotations, symbols, traditional ---------------------------------------------------------------------


def test_pinyin_annotation_inside_a_term(engine: Engine) -> None:
    text = "專業發(fā)票代開，加我"
    ev = [e for e in engine.scan(text).evidence if e.kind == "term"]
    assert ("发票代开", "annotated") in [(e.params["term"], e.params["variant"]) for e in ev]
    assert "發(fā)票代開" in [text[e.start : e.end] for e in ev]


def test_pinyin_annotation_followed_by_a_space(engine: Engine) -> None:
    ev = [e for e in engine.scan("代开發(fā) 票，加我").evidence if e.kind == "term"]
    assert ("代开发票", "annotated") in [(e.params["term"], e.params["variant"]) for e in ev]


def test_brackets_that_are_not_pinyin_stay(engine: Engine) -> None:
    assert engine.scan("发(见附件)票").evidence == []


# --- contact handles ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("有需要的朋友加薇心 lily8866，备注来意", "wechat:lily8866"),
        ("歪信：kk_66998 可以先看货", "wechat:kk_66998"),
        ("绿泡泡：abc12345", "wechat:abc12345"),
        ("有需要 V . X ：liu_8866 找我", "wechat:liu_8866"),
        ("W e C h a t ：lucky_8899", "wechat:lucky_8899"),
        ("加🛰️ yb_886612 一起发财", "wechat:yb_886612"),
        ("扣 扣 12345678", "qq:12345678"),
        ("🐧🐧：3306571824 进群", "qq:3306571824"),
        ("扣扣：17 83 45 62 09 备注来意", "qq:1783456209"),
        ("纸飞机搜索 @hk_jiaoyi88 ，担保交易", "telegram:hk_jiaoyi88"),
    ],
)
def test_contact_handle_spellings(engine: Engine, text: str, value: str) -> None:
    r = engine.scan(text)
    assert value in [m.term for m in r.matches if m.source == "contact"]
    assert r.verdict in ("hold", "block")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("微 ❤ 号在个性签名里，有兴趣自己来", "微号"),  # the account first, then where it is
        ("看我名字就是我的卫星号，直接搜", "卫星号"),  # where it is first, then the account
        ("看我主页签名，那里有我的绿色软件号", "绿色软件号"),
        ("点我头像，vx号就在那", "vx号"),
    ],
)
def test_an_account_kept_in_the_profile_is_a_contact_detail(engine: Engine, text: str, value: str) -> None:
    # No ID in the text (no filter reads a profile): the account named and the reader sent to the profile for it.
    r = engine.scan(text)
    (ev,) = [e for e in r.evidence if e.reason == "contact.profile"]
    assert (ev.params["value"], ev.intent) == (value, True)
    assert r.verdict == "hold"


@pytest.mark.parametrize(
    "text",
    [
        "我换了名字，微信号没变",  # the account and a profile word, but nobody is sent anywhere
        "手机信号在地下室很差，看主页也打不开",  # 信号 is a signal
        "看主页。我的微信号换了",  # another sentence
        "公众号在主页可以找到",  # 公众号 is no contact detail
    ],
)
def test_what_is_not_an_account_in_the_profile(engine: Engine, text: str) -> None:
    assert not [e for e in engine.scan(text).evidence if e.reason == "contact.profile"]


@pytest.mark.parametrize(
    "text",
    [
        "他很有威信，大家都服他",
        "维新变法发生在1898年",
        "卫星发射成功 2024",
        "download wechat for friends",
        "这是绿色软件，版本 20240101 免安装",
    ],
)
def test_handle_lookalikes(engine: Engine, text: str) -> None:
    assert [m for m in engine.scan(text).matches if m.source == "contact"] == []


# --- digits ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["联系电话 138。1234。5678 随时在", "手机：1 3 9 - 2 8 6 7 - 5 5 2 1", "电话⑴⑶⑻⑴⑵⑶⑷⑸⑹⑺⑻", "电话 138，1234，5678"],
)
def test_phone_with_any_separator(engine: Engine, text: str) -> None:
    assert [m.term for m in engine.scan(text).matches if m.source == "contact"][0].startswith("phone:1")


@pytest.mark.parametrize(
    "text",
    [
        "服务器地址是 183.136.217.60，端口 8080",  # an IP address
        "市值 1,380,000,000 元",  # a grouped amount
        "价格 138.12345678",  # a decimal
        "订单号 13812345678901",  # an order number
        "2024.10.01 开始",  # a date
    ],
)
def test_numbers_that_are_not_phones(engine: Engine, text: str) -> None:
    assert [m for m in engine.scan(text).matches if m.source == "contact"] == []


# --- links ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("访问 t点cn/abcd 领取", "shortener:t.cn"),
        ("bit．ly/x2y3", "shortener:bit.ly"),
        ("兼职报名 https://s.u.jd.com/I3ZxY9", "affiliate:u.jd.com"),  # a subdomain of a listed host
        ("新网址 xyz888点com", "spelled:xyz888.com"),
        ("域名：ty888 dian com", "spelled:ty888.com"),
        ("下载地址 www，kx5566，com", "spelled:www.kx5566.com"),
        ("https://item.taobao.com/item.htm?id=1&ali_trackid=2:mm_11223344_0_0", "affiliate:item.taobao.com"),
        ("复制￥AbCd1234￥打开淘宝", "taokouling:AbCd1234"),
    ],
)
def test_links_written_to_escape_a_filter(engine: Engine, text: str, value: str) -> None:
    assert value in [m.term for m in engine.scan(text).matches if m.source == "link"]


@pytest.mark.parametrize(
    "text", ["我用的是iphone，com口坏了", "官网 www.example.com", "型号 (ABC12345) 很好用", "github.com/bit.ly/x"]
)
def test_link_lookalikes(engine: Engine, text: str) -> None:
    assert [m for m in engine.scan(text).matches if m.source == "link"] == []


def test_link_hosts_are_data() -> None:
    from moderation.engine.detectors import AFFILIATE_HOSTS, LINK_HOSTS, SHORTENER_HOSTS, load_link_hosts

    assert LINK_HOSTS.name == "link-hosts.csv"
    affiliate, shortener, params = load_link_hosts()
    assert (affiliate, shortener) == (AFFILIATE_HOSTS, SHORTENER_HOSTS)
    assert "s.click.taobao.com" in affiliate
    assert "t.cn" in shortener
    assert "ali_trackid=" in params


# --- lexicon terms are never mangled (item 3) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "key"), [("色色", "色色"), ("扣扣", "扣扣"), ("斗牛牛", "斗牛牛"), ("ＳＢ", "sb"), ("六★合彩", "六合彩")]
)
def test_term_keys_keep_doubled_characters(term: str, key: str) -> None:
    assert term_key(term) == key


def test_a_doubled_term_does_not_match_its_single_character() -> None:
    engine = Engine([Term("色色", "4.1", "flag")], variants=False)
    assert engine.scan("颜色很好看").evidence == []
    assert [m.term for m in engine.scan("色色的图").matches] == ["色色"]


@pytest.mark.parametrize("term", ["色", " 色 ", "A", "★"])
def test_a_term_shorter_than_two_characters_is_refused(term: str) -> None:
    assert "shorter than 2" in (term_problem(term) or "")


def test_load_lexicon_names_the_line_of_a_short_term(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "t.csv"
    path.write_text("term,rule,action\n六合彩,1.8,block\n色,4.1,flag\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 3"):
        load_lexicon(path)


def test_lexicon_csv_optional_columns(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "t.csv"
    path.write_text(
        "term,rule,action,kind,weight,category\n代开发票,3.5,block,intent,,fraud\n赌博,1.8,hold,topic,0.5,\n"
    )
    a, b = load_lexicon(path)
    assert (a.kind, a.score, a.category) == ("intent", 6.0, "fraud")
    assert (b.kind, b.score) == ("topic", 0.5)


def test_a_spaced_out_id(engine: Engine) -> None:
    r = engine.scan("＋Ｖ： ｌ ｉ ｎ ｇ ｌ ｉ ｎ ｇ ６ ６ 免费领取")
    assert "wechat:lingling66" in [m.term for m in r.matches if m.source == "contact"]


# --- the spellings a held-out set found missing (engine 2.3) ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("有意者胃芯：tutu_5566 详谈", "wechat:tutu_5566"),  # any character read wei, then one read xin
        ("q裙 765432198 每晚八点开课", "qq:765432198"),  # 群 and its homophone after q
        ("Ｑ Ｑ 群：５５６６７７８８９ 资料免费", "qq:556677889"),  # a colon after 群
        ("资料找我 wei：lele_7788", "wechat:lele_7788"),  # the app's first syllable and a colon
        ("v x／mimi_2233 带你入门", "wechat:mimi_2233"),  # a slash for the colon
        ("🅦🅧：nana6060 每天更新", "wechat:nana6060"),  # negative circled letters fold to letters
        ("💚💬：dudu_1212 领资料", "wechat:dudu_1212"),  # an emoji between the name and its colon
        ("扣号 2938475610 拉你进群", "qq:2938475610"),
        ("绿色软件搜 popo_3344 送资料", "wechat:popo_3344"),  # a nickname of the green app
        ("扣扣 贰 8 - 3746 - 五一 入群", "qq:28374651"),  # Chinese numerals and " - " between the digits
    ],
)
def test_more_handle_spellings(engine: Engine, text: str, value: str) -> None:
    assert value in [m.term for m in engine.scan(text).matches if m.source == "contact"]


@pytest.mark.parametrize(
    "text",
    [
        "订单号为：1442083355，书少了一本",  # 为 is a wei character, but 为： is an ordinary word
        "把硬盘模式改为：IDE-Native 就好",
        "尾号为 20931 的快递到了",
        "维新：1868 年的改革",
    ],
)
def test_wei_words_that_are_not_the_app(engine: Engine, text: str) -> None:
    assert [m for m in engine.scan(text).matches if m.source == "contact"] == []


@pytest.mark.parametrize(
    "text",
    ["电话 139丨2233丨4455 随叫随到", "热线 158 ▪ 2468 ▪ 1357", "手机 136 ♡ 7788 ♡ 9900", "致电 (137) 2222-3333"],
)
def test_phone_split_by_symbols_and_strokes(engine: Engine, text: str) -> None:
    assert [m.term for m in engine.scan(text).matches if m.source == "contact"][0].startswith("phone:1")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("官网 www 丶 ab6677 丶 com", "spelled:www.ab6677.com"),  # the stroke 丶 for a dot
        ("上 www❤cd8899❤com", "spelled:www.cd8899.com"),  # a heart for a dot
        ("地址 ef555 D O T xyz", "spelled:ef555.xyz"),  # "dot" spaced out
        ("gh2020 点 c n 懂的来", "spelled:gh2020.cn"),  # a spaced-out top-level domain
        ("戳 dwz.win/Ab12 看详情", "shortener:dwz.win"),
        ("https://mobile.yangkeduo.com/goods.html?goods_id=1&pid=8800001_12345678", "affiliate:mobile.yangkeduo.com"),
    ],
)
def test_more_link_spellings(engine: Engine, text: str, value: str) -> None:
    assert value in [m.term for m in engine.scan(text).matches if m.source == "link"]


@pytest.mark.parametrize("text", ["我爱吃面条❤天天开心", "第三点 com 口老化了", "产品编号 pid=12 很普通"])
def test_more_link_lookalikes(engine: Engine, text: str) -> None:
    assert [m for m in engine.scan(text).matches if m.source == "link"] == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("注册就送：ｗｗｗ．ａｍ８８６６．ｎｅｔ", "am8866.net"),  # full width in a full-width text, beside an offer
        ("注册就送 https://xy5566.top/reg", "xy5566.top"),
        ("注册就送 kk9988.com", "kk9988.com"),  # a bare host with digits in it
    ],
)
def test_a_web_address_beside_an_offer_is_a_plain_link(engine: Engine, text: str, value: str) -> None:
    r = engine.scan(text)
    (ev,) = [e for e in r.evidence if e.reason == "link.web"]
    assert (ev.params["value"], ev.params["plain"]) == (value, True)
    assert r.verdict == "hold"


@pytest.mark.parametrize(
    "text",
    [
        "官网 www.am8866.net",  # alone: an article's source, a review's download page
        "注册就送，详见 www.gov.cn 通知",  # only institutions register under gov.cn
        "注册就送，在Ctrip.com订的",  # a bare host without a digit is a brand
        "注册就送 https://s.click.taobao.com/t?e=abc",  # a listed host: its own kind, read once
    ],
)
def test_web_addresses_that_are_not_plain_links(engine: Engine, text: str) -> None:
    assert [e for e in engine.scan(text).evidence if e.reason == "link.web"] == []


def test_the_wei_and_xin_characters_are_pypinyins_readings() -> None:
    from pypinyin import lazy_pinyin

    from moderation.engine.detectors.contacts import _W_READ, _X_HOMO
    from moderation.engine.variants import _common_chars

    common = _common_chars()
    assert "".join(c for c in common if lazy_pinyin(c) == ["wei"]) == _W_READ
    assert "".join(c for c in common if lazy_pinyin(c) == ["xin"]) == _X_HOMO


def test_a_block_term_read_through_a_generated_spelling_holds_instead_of_blocking() -> None:
    # A homophone or the initials are the engine's guess: a moderator decides, however strong the rest.
    engine = Engine([Term("代开发票", "3.5", "block", kind="intent")])
    written = engine.scan("代开发票，加我微信 abc12345 详聊")
    assert written.verdict == "block"
    for text in ("代开发飘，加我微信 abc12345 详聊", "dkfp，加我微信 abc12345 详聊"):
        r = engine.scan(text)
        assert [e.params["variant"] for e in r.evidence if e.kind == "term"] in (["homophone"], ["pinyin_abbr"])
        assert r.verdict == "hold"
        assert r.explanation["capped"] is True
