"""The C passes of moderation/engine/_textscan.c (built by setup.py) give what the numpy and regex code gives, for any
text: the folded text, the contact level and its offset map, and never a False from the automaton's prefilter where
the automaton matches."""

import importlib
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.engine import Engine, prefilter
from moderation.engine.fold import fold_bmp, fold_reference, fold_state, fold_wide, may_have_astral

# The package exports functions of these names: the modules themselves.
fold_module = importlib.import_module("moderation.engine.fold")
norm_module = importlib.import_module("moderation.engine.normalise")

pytestmark = pytest.mark.skipif(
    norm_module._native is None and os.environ.get("REQUIRE_SERVICES") != "1",
    reason="the C extension was not built here",
)

# What folding and deletion act on: CJK (traditional, simplified, a phrase OpenCC reads as a whole, astral), Latin in
# both cases and widths, digits of several forms, the noise classes (symbols, spaces, invisible characters, emoji),
# the sentinel and a lone surrogate.
PIECES = list("發票六合彩加微信乾坤乾隆书書中自有千鍾粟abcXYZ019_-. ，。！（）Ａｂ１é❶①★【】·\t　😀") + [
    "\u200b",
    "\u3164",
    "\u0301",
    "\U000e0001",
    "𠻺",
    "\U0002fa1f",
    "İ",
    "Σ",
    "\uffff",
    "\ud800",
    "乾坤",
    "書中自有千鍾粟",
    "嗰",  # folds out of the BMP: the UTF-16 table's sentinel, the code-point table's business
    "(ā)",
    "（ǎ）",
    "( Ü )",
]
TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
ANY = st.one_of(TEXT, st.text(max_size=120))


def test_the_extension_is_built_where_the_suite_must_run_everything():
    assert norm_module._native is not None, "moderation/engine/_textscan.c was not built: run `make setup` (needs gcc)"
    assert prefilter.may_match is not None


@settings(max_examples=400, deadline=None)
@given(ANY)
def test_the_c_lookup_equals_the_numpy_tables_and_the_reference(text):
    marker, lut, ac = fold_state()
    out = fold_module._native.fold(text)
    numpy = fold_wide(text) if may_have_astral(text) else fold_bmp(text, lut, ac)
    assert numpy == fold_reference(text)
    if out is not None:  # None: a sentinel or a phrase, left to the paths above
        assert out == numpy
    assert fold_module.fold(text) == numpy


def test_a_lone_surrogate_beside_a_traditional_character_is_folded_around():
    # OpenCC reads UTF-8, which cannot hold one (a JSON "\ud800" read by scan --jsonl): the slow path converts the
    # pieces around it instead of failing the scan.
    assert fold_module.fold("發\ud800票") == "发\ud800票"
    assert Engine.default().scan("加微信\ud800發票").verdict != "pass"


def test_a_phrase_opencc_reads_as_a_whole_is_left_to_the_slow_path():
    # 乾 alone is 干; in 乾坤 it stays: the table alone would write 干坤.
    assert fold_module._native.fold("天地乾坤") is None
    assert fold_module.fold("天地乾坤") == fold_reference("天地乾坤") == "天地乾坤"
    assert fold_module._native.fold("乾杯") == "干杯"


@settings(max_examples=400, deadline=None)
@given(text=ANY)
def test_the_c_deletions_equal_the_regex_and_the_reference(monkeypatch_native, text):
    native = norm_module.normalise(text)
    with monkeypatch_native():
        regex = norm_module.normalise(text)
    assert (native.folded, native.contact) == (regex.folded, regex.contact)
    assert native.contact_dels == regex.contact_dels == norm_module._noise_deletions_reference(native.folded)
    if native.contact_map is None:
        assert regex.contact_map is None
    else:
        n, r = native.contact_map, regex.contact_map
        assert (n.at, n.cum, n.run_lens) == (r.at, r.cum, r.run_lens)
    # The contact level is canonical (str equality and hashing rely on the narrowest kind).
    rebuilt = "".join(list(native.contact))
    assert native.contact == rebuilt
    assert hash(native.contact) == hash(rebuilt)


@pytest.fixture(scope="module")
def monkeypatch_native():
    from contextlib import contextmanager

    @contextmanager
    def off():
        saved = norm_module._native
        norm_module._native = None
        try:
            yield
        finally:
            norm_module._native = saved

    return off


@pytest.fixture(scope="module")
def default_lexicon():
    return Engine.default().lexicon


UNITS = st.sampled_from(list("价格红包加微信发票乾坤ab") + ["😀", "𠻺", "\ud83d", "\ude00", "\uffff", "\x00"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(UNITS, min_size=1, max_size=5).map("".join), min_size=1, max_size=12), st.data())
def test_the_prefilter_never_says_no_where_an_automaton_matches(patterns, data):
    # Any patterns (one unit, two, longer; astral characters, whose surrogates an automaton over UTF-16 sees as two
    # units; lone surrogates), and text made of their characters, where a false "no" would hide.
    import ahocorasick_rs

    ac = ahocorasick_rs.BytesAhoCorasick([p.encode("utf-16-be", "surrogatepass") for p in patterns])
    gates, slots = prefilter.tables(patterns)
    text = data.draw(st.lists(st.one_of(UNITS, st.sampled_from(patterns)), max_size=40).map("".join))
    matched = bool(ac.find_matches_as_indexes(text.encode("utf-16-be", "surrogatepass"), overlapping=True))
    assert prefilter.may_match(text, gates, slots) or not matched
    if any(p in text for p in patterns):
        assert prefilter.may_match(text, gates, slots)


def test_the_prefilter_reads_across_its_window_of_an_astral_text():
    # A text holding an astral character is read in windows of 60 units: a pattern across their edge is still seen.
    gates, slots = prefilter.tables(["加微信"])
    for k in range(50, 70):
        assert prefilter.may_match("😀" + "文" * k + "加微信", gates, slots), k
        assert not prefilter.may_match("😀" + "文" * k + "加微", gates, slots), k


def test_the_lexicon_asks_the_automaton_only_where_the_prefilter_says_so(default_lexicon):
    lexicon = default_lexicon
    for e in lexicon.entries:
        for text in (e.key, "前" + e.key, "😀" + e.key + "后", "x" * 70 + e.key):
            assert lexicon.may_match(text), (e.key, text)
    assert not lexicon.may_match("今天天气很好，我们一起去公园散步。")
    assert lexicon.find_all("今天天气很好，我们一起去公园散步。") == ([], [], {}, 0)


# Text near every edge quiet() decides on: digits of both kinds with separators between them (up to four), letters in
# both widths, brackets, invisible characters, symbols between CJK, traditional characters and phrases, lexicon
# terms and triggers whole and in pieces, astral characters.
QUIET_PIECES = (
    PIECES
    + list("0123456789一二三四五六七八九零〇两壹 ，、,丨丶-.。:")
    + [
        "加微信",
        "发票",
        "代开发票",
        "价格",
        "红包",
        "账号",
        "百家乐",
        "警方",
        "提醒",
        "赌",
        "（",
        "(",
        "ｑｑ",
        "Ｖ",
        # Spellings of a long term that may count alone (代开发飘 for 代开发票, 六盒彩 for 六合彩), and their pieces.
        "代开发飘",
        "飘",
        "六盒彩",
        "盒",
        # An account sent to the profile for (微号在个签, 看主页…鹅号) and its pieces.
        "微号",
        "鹅号",
        "卫星",
        "号",
        "在",
        "看",
        "主页",
        "个签",
    ]
    # What the detectors that read Latin letters start from: application names and their pieces, IDs, dots written
    # every way, top-level domains, 淘口令 signs and tokens.
    + ["vx", "v", "x", "w", "e", "i", "n", "q", "t", "g", "d", "o", "@", "=", ".", "．", "点", "dot", "dian", "com"]
    + ["cn", "￥", "¥", "《", "/", ")", "）", "AbCd1234", "abcdefgh", "ling ling", "薇", "芯", "号", "：", ":", "❤"]
    + ["纸飞机", "绿泡泡", "扣扣", "企鹅", "t.cn", "http://", "www", "telegram", "wechat", "weixin", "和", "iphone"]
)
QUIET_TEXT = st.lists(st.sampled_from(QUIET_PIECES), max_size=30).map("".join)


@settings(max_examples=1500, deadline=None)
@given(text=st.one_of(QUIET_TEXT, st.text(max_size=80)))
def test_quiet_says_nothing_is_there_only_where_the_engine_finds_nothing(engine, text):
    # quiet() is the engine's shortcut past everything; a True where a detector or the lexicon finds something would
    # let that text pass unread.  (False is always safe: the text is then read in full.)
    from moderation.engine.evidence import Policy
    from moderation.engine.prefilter import quiet_ready

    assert quiet_ready()
    if engine._clean(text):
        assert engine._scan_field(text, "body", Policy.default())[1] == [], text
    # A field scanned alone is passed over with the words of a report in it, which alone are no evidence.
    if prefilter.quiet(text, *engine._alone_tables):
        assert engine.scan(text).evidence == [], text


def test_quiet_reads_past_what_the_normaliser_deletes_and_folds(engine):
    assert engine._clean("今天天气很好，我们一起去公园散步。")
    for text in (
        "１３８ ００１３ ８０００",
        "1。3。8。0。0。1。3。8。0。0。0",
        "扣扣 12345",
        "企鹅号：1 2 3 4 5",
        "加★微★信",
        "發(fā)票",
        "Ｖ信：ｌｉｎｇｌｉｎｇ",
        "扣\u200b扣",
        "天地乾坤",
        "百家樂",
        "t.cn/abc",
        "abc点com",
        "淘宝￥AbCd1234￥",
        "纸飞机 @abcdef",
        "威❤芯❤号 a b c d e",
        "(bai)家乐",
    ):
        assert not engine._clean(text), text


def test_quiet_lets_latin_words_through_unread_where_no_detector_can_start(engine):
    # English words and model numbers in a review start no contact, link or token detector: one C call decides.
    for text in ("我买了iPhone，很好用", "Windows系统 good", "ThinkPad x1的键盘", "型号ABC-123很好", "good job"):
        assert engine._clean(text), text
    # Nor do version numbers, or bracketed words that cannot end in a top-level domain.
    for text in ("as2.0的功能", "一点flash基础", "（e-mail联系）", "(calculus)"):
        assert engine._clean(text), text


def test_quiet_reads_a_run_of_digits_only_as_a_mobile_number_or_after_an_applications_name(engine):
    # Five digits or more are a contact detail as eleven (a mobile number) or after 微信 / QQ and their spellings:
    # years, dates and order numbers are passed over.
    for text in ("1917--1960年那段史实", "订单号 20240101 已发货", "电话1380013800"):
        assert engine._clean(text), text
    for text in ("138 0013 8000", "微信 12345678", "扣扣 12345", "q q 123456", "薇：1 2 3 4 5"):
        assert not engine._clean(text), text


def test_folding_keeps_a_taokouling_token_and_its_signs_apart():
    # quiet() reads 淘口令 on the folded text: exact only while folding maps each letter or digit of the half-width
    # text (find_taokouling reads that) to a-z 0-9, and no opening or closing sign to one.
    from moderation.engine.detectors.links import TOKEN_CLOSE, TOKEN_OPEN
    from moderation.engine.fold import HALF_WIDTH, fold

    for cp in range(0x10000):
        c = chr(cp)
        if 0xD800 <= cp <= 0xDFFF:
            continue
        if c.translate(HALF_WIDTH).isascii() and c.translate(HALF_WIDTH).isalnum():
            assert fold(c) in set("abcdefghijklmnopqrstuvwxyz0123456789"), c
    for sign in TOKEN_OPEN + TOKEN_CLOSE:
        for c in {sign, chr(ord(sign) + 0xFEE0) if "!" <= sign <= "~" else sign}:
            assert not (fold(c).isascii() and fold(c).isalnum()), c


def test_the_stand_in_for_an_astral_ideograph_is_in_none_of_quiets_classes(engine):
    # quiet() reads the letters of a text with astral ideographs (Cantonese 𡃉) putting 龥 in their place.
    from array import array

    probe, first, follows = array("H"), array("I"), array("I")
    probe.frombytes(prefilter.probe_table())
    tables = prefilter.name_tables()
    first.frombytes(tables[0])
    follows.frombytes(tables[1])
    assert (probe[0x9FA5], first[0x9FA5], follows[0x9FA5]) == (0, 0, 0)
    assert engine._clean("佢啲 signal 係一 Group 一 Group 𡃉 .")
    assert not engine._clean("加我vx abcdef 𡃉")


def test_folding_keeps_invisible_characters_invisible_and_makes_no_more():
    # quiet() looks for invisible characters on the folded text, not the text as written.
    from moderation.engine.charclass import _INVISIBLE_BMP, bmp_chars

    lut = fold_state()[1]
    invisible = {ord(c) for c in bmp_chars(_INVISIBLE_BMP)}
    assert all((int(lut[cp]) in invisible) == (cp in invisible) for cp in range(0x10000))


def test_every_listed_hosts_part_after_its_first_dot_begins_with_a_letter():
    # quiet() reads a dot before a digit (a version number, 2.0) as no link: exact only while this holds.
    from moderation.engine.detectors.links import AFFILIATE_HOSTS, SHORTENER_HOSTS

    assert all(h[h.index(".") + 1].isalpha() for h in AFFILIATE_HOSTS + SHORTENER_HOSTS)


# Every application name the handle and contact regexes know, its first character followed by every character the
# names are made of, written plainly, spaced, symbol-joined and doubled, and an ID after it: wherever a detector finds
# a handle, quiet() must not let the text through (contacts.NAME_STARTS is looser than the regexes, not stricter).
def _name_texts():
    from moderation.engine.detectors.contacts import _KW_FIRST, _Q_FIRST, _W_FIRST, NAME_STARTS

    firsts = sorted(set(_KW_FIRST + _W_FIRST + _Q_FIRST) - {"\ufe0f"})
    nexts = sorted({c for _f, n in NAME_STARTS for c in n} | set(firsts) | set("信x号：:星鹅机报泡色 "))
    for f in firsts:
        if ord(f) > 0xFFFF:
            continue
        for x in nexts:
            for sep in ("", " ", "❤", " . "):
                for tail in ("abcdefg", "：abcdefg", "号 abcdefg", " @abcdef", x + "abcdefg", "：dxyz1", " doted"):
                    yield f"看{f}{sep}{x}{tail}"


def test_quiet_never_passes_a_handle_the_detectors_find(engine):
    from moderation.engine.evidence import Policy

    policy = Policy.default()
    for text in _name_texts():
        if engine._clean(text):
            assert engine._scan_field(text, "body", policy)[1] == [], text


def test_quiet_never_passes_a_benchmark_case_the_engine_finds_something_in(engine):
    from moderation.engine.evidence import Policy

    policy = Policy.default()
    cases = Path(__file__).resolve().parents[2] / "bench" / "quality"
    for name in ("evasion.jsonl", "evasion-heldout.jsonl", "traps.jsonl", "traps-heldout.jsonl"):
        for line in (cases / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                text = json.loads(line)["text"]
                if engine._clean(text):
                    assert engine._scan_field(text, "body", policy)[1] == [], text


@settings(max_examples=300, deadline=None)
@given(text=QUIET_TEXT.filter(bool))
def test_a_text_quiet_lets_through_keeps_the_fingerprint_of_its_normalised_text(engine, text):
    # A quiet text is not read, but it may still fold (書 is 书) or lose symbols: its fingerprint is that of its
    # contact level, as for every other text, or the near-duplicate check would miss a traditional-script copy.
    from moderation.engine import fingerprint

    assert engine.scan(text, fingerprint=True).fingerprint == fingerprint(text)
    assert engine.scan("書" * 60, fingerprint=True).fingerprint == fingerprint("书" * 60)


def test_the_c_passes_refuse_what_is_not_their_input():
    gates, slots = prefilter.tables(["加微信"])
    for bad in (("x", b"", slots), ("x", gates, b"\0" * 24), (b"x", gates, slots), ("x", gates)):
        with pytest.raises(TypeError):
            prefilter.may_match(*bad)
        with pytest.raises(TypeError):
            prefilter.quiet(*bad)
    with pytest.raises(TypeError):
        norm_module._native.noise(b"x")
    with pytest.raises(ValueError, match="bytes"):
        norm_module._native.set_noise(b"short")
