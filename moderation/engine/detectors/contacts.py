"""Contact details: mobile numbers, WeChat / QQ / Telegram handles in all their spellings."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..fold import ASCII_ALNUM_RE, FULL_ALNUM_RE, HALF_WIDTH
from ..normalise import _SYMBOLS_ASTRAL, _SYMBOLS_BMP, Normalised

# Chinese digit forms read as digits inside contact numbers (only here: elsewhere 一 is just 一).
# Full-width digits and ①③⑧-style digits are already ASCII after folding.
_CN_DIGITS = {
    **dict.fromkeys("0零〇", "0"),
    **dict.fromkeys("1一壹幺", "1"),
    **dict.fromkeys("2二贰两", "2"),
    **dict.fromkeys("3三叁", "3"),
    **dict.fromkeys("4四肆", "4"),
    **dict.fromkeys("5五伍", "5"),
    **dict.fromkeys("6六陆", "6"),
    **dict.fromkeys("7七柒", "7"),
    **dict.fromkeys("8八捌", "8"),
    **dict.fromkeys("9九玖", "9"),
}
DIGIT_TABLE = str.maketrans(_CN_DIGITS)
_D = "0-9" + "".join(_CN_DIGITS)
_ONE = "1一壹幺"
_THREE_NINE = "3-9三四五六七八九叁肆伍陆柒捌玖"
# Between the digits of a phone number anything a person types to break it up: spaces, dashes, dots (full-width and
# ideographic full stops included), commas.  IPs, thousands and dates are told apart afterwards (_not_a_phone).
# Any symbol or emoji (the contact level's own symbol class: ▪ ♡ ❤ ★ ( ) …) and the strokes 丨 and 丶, which are
# CJK characters but written as a bar and a dot, count as well.
SEP_CLASS = rf"\s。，、,丨丶{_SYMBOLS_BMP}{_SYMBOLS_ASTRAL}"
_SEP = f"[{SEP_CLASS}]{{0,3}}"

# Each detector starts with ONE character class and tells its branches apart with look-behinds
# placed after that first character, so that CPython's ``re`` can skip ahead by first character
# (an alternation of groups cannot: scanning a long text was 15x slower).  The three first-
# character sets are disjoint, which lets CONTACT_RE scan for all three detectors in one pass.
_W_FIRST = "微薇威徽维卫vw加+➕"
_Q_FIRST = "q扣企球抠"
_P_FIRST = _ONE
_PHONE_REST = rf"{_SEP}[{_THREE_NINE}](?:{_SEP}[{_D}]){{9}}(?![{_D}])"
# WeChat: Chinese keyword (and homophones), or Latin vx/wx/weixin, or "加V"/"+V", or "V:".  Same
# matches as 微信|薇信|威信|徽信|维信|卫信|v信|微x|(?:vx|wx|weixin|wechat|vxin|weix)(?![a-z])|
# (?:加|\+|➕)\s*v(?![a-z0-9])|v(?=\s*[:：]) (the branches exclude each other at any position).
_WECHAT_KW_REST = (
    r"(?:(?<=[微薇威徽维卫])信|(?<=微)x|"
    r"(?<=v)(?:信|(?:x|xin)(?![a-z])|(?=\s*[:：]))|"
    r"(?<=w)(?:x|eixin|echat|eix)(?![a-z])|"
    r"(?<=[加+➕])\s*v(?![a-z0-9]))"
)
_WECHAT_GAP = r"\s*(?:号码?|id|账号)?\s*(?:是|为)?\s*[:：=]?\s*(?:加|搜|搜索)?\s*"
# An ID's digits may be written in Chinese (ssk二零二五), two or more in a row: 一 alone is a word (abc一起).
_CN = "".join(k for k in _CN_DIGITS if not k.isascii())
_ID_REST = rf"(?:[a-z0-9_\-]|[{_CN}](?=[{_CN}])|(?<=[{_CN}])[{_CN}])"
_ID_END = rf"(?![a-z0-9_]|[{_CN}]{{2}})"
_WECHAT_ID = rf"[a-z]{_ID_REST}{{5,19}}|[{_D}]{{5,11}}"
# QQ: same matches as qq(?![a-z])|扣扣|企鹅号?|球球|抠抠|q号
_QQ_KW_REST = r"(?:(?<=q)(?:q(?![a-z])|号)|(?<=扣)扣|(?<=企)鹅号?|(?<=球)球|(?<=抠)抠)"
_QQ_GAP = r"\s*(?:号码?|群)?\s*(?:是|为)?\s*[:：=]?\s*"

PHONE_RE = re.compile(rf"[{_P_FIRST}]{_PHONE_REST}")
WECHAT_RE = re.compile(rf"(?P<kw>[{_W_FIRST}]{_WECHAT_KW_REST})(?P<gap>{_WECHAT_GAP})(?P<id>{_WECHAT_ID}){_ID_END}")
QQ_RE = re.compile(rf"(?P<kw>[{_Q_FIRST}]{_QQ_KW_REST})(?P<gap>{_QQ_GAP})(?P<id>[{_D}]{{5,11}})(?![{_D}])")
CONTACT_RE = re.compile(
    rf"[{_W_FIRST}{_Q_FIRST}{_P_FIRST}](?:"
    rf"(?<=[{_W_FIRST}])(?P<wkw>{_WECHAT_KW_REST})(?P<wgap>{_WECHAT_GAP})(?P<wid>{_WECHAT_ID}){_ID_END}"
    rf"|(?<=[{_Q_FIRST}])(?P<qkw>{_QQ_KW_REST})(?P<qgap>{_QQ_GAP})(?P<qid>[{_D}]{{5,11}})(?![{_D}])"
    rf"|(?<=[{_P_FIRST}]){_PHONE_REST})"
)


def _contact_scan(t: str) -> tuple[list[re.Match[str]], list[re.Match[str]], list[re.Match[str]]]:
    """What ``WECHAT_RE.finditer``, ``QQ_RE.finditer`` and ``PHONE_RE.finditer`` would give, from
    one CONTACT_RE scan.  At any position at most one detector can match (disjoint first
    characters), so searching again from each match's start + 1 and dropping a match that starts
    inside the previous match of the same detector reproduces each detector's own
    leftmost, non-overlapping matches."""
    out: tuple[list[re.Match[str]], list[re.Match[str]], list[re.Match[str]]] = ([], [], [])
    nxt = [0, 0, 0]
    search = CONTACT_RE.search
    pos = 0
    while (m := search(t, pos)) is not None:
        s = m.start()
        pos = s + 1
        k = 0 if m.group("wid") is not None else 1 if m.group("qid") is not None else 2
        if s >= nxt[k]:
            nxt[k] = m.end()
            out[k].append(m)
    return out


_DIGIT_CHARS = frozenset("0123456789" + "".join(_CN_DIGITS))


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


Found = tuple[str, int, int]  # (normalised term, start, end) in ORIGINAL offsets


def find_contacts(norm: Normalised) -> Iterator[Found]:
    """WeChat IDs, QQ numbers and mobile numbers.  Runs on the contact level (noise removed,
    repeats intact) and maps spans back to the original."""
    t = norm.contact
    wechat, qq, phone = _contact_scan(t)
    for m in wechat:
        # Left boundary checked here, not in the regex: a leading look-behind would stop the
        # regex engine from skipping ahead by first character (10x slower on long texts).
        if t[m.start()] in "vwq" and m.start() > 0 and _latin(t[m.start() - 1]):
            continue
        ident = m.group("wid").translate(DIGIT_TABLE)
        gap = m.group("wgap")
        if ident[0].isalpha() and not any(ch.isdigit() for ch in ident) and not any(c in gap for c in ":：=号是为"):
            # "wechat friends": a plain English word after the keyword is not an ID
            continue
        s, e = norm.span(m.start(), m.end(), "contact")
        yield f"wechat:{ident}", s, e
    for m in qq:
        if t[m.start()] == "q" and m.start() > 0 and _latin(t[m.start() - 1]):
            continue
        s, e = norm.span(m.start(), m.end(), "contact")
        yield f"qq:{m.group('qid').translate(DIGIT_TABLE)}", s, e
    for m in phone:
        if m.start() > 0 and t[m.start() - 1] in _DIGIT_CHARS:
            continue
        digits = "".join(ch for ch in m.group().translate(DIGIT_TABLE) if ch.isdigit())
        s, e = norm.span(m.start(), m.end(), "contact")
        if _not_a_phone(norm.folded, s, e):
            continue
        yield f"phone:{digits}", s, e


_NUMBER_CHARS = frozenset("0123456789.,:，．。")
_IP_RE = re.compile(r"\d{1,3}(?:[.．。]\d{1,3}){3}(?::\d{1,5})?")
_GROUPED_RE = re.compile(r"\d{1,3}(?:[,，]\d{3})+(?:[.．]\d+)?|\d+[.．]\d+")
_MONEY_SIDE = frozenset("元块万亿%％¥￥$＄")


def _not_a_phone(folded: str, s: int, e: int) -> bool:
    """An IP address (183.136.217.60), a grouped amount (1,380,000,000) or a decimal read as a phone number: the
    whole number around the match, in the folded text, tells."""
    a, b = s, e
    while a > 0 and folded[a - 1] in _NUMBER_CHARS:
        a -= 1
    while b < len(folded) and folded[b] in _NUMBER_CHARS:
        b += 1
    token = folded[a:b].strip(".,:，．。")
    if _IP_RE.fullmatch(token) or _GROUPED_RE.fullmatch(token):
        return True
    return (b < len(folded) and folded[b] in _MONEY_SIDE) or (a > 0 and folded[a - 1] in _MONEY_SIDE)


# A contact detail written plainly, as its span in the original text reads: the app's own name (QQ, 微信, WeChat,
# Weixin) and the number or ID in ASCII with nothing between its characters, or a bare mobile number.  A plain one is
# intent only beside another sign of an offer (see evidence.Policy.decide); nicknames and homophones of the app (扣扣,
# 薇信, vx), spaced or symbol-joined letters, broken-up digits and other digit forms are not plain.
# (Any space between the parts: a no-break space from a pasted web page's &nbsp; is a space.)
_PLAIN_CONTACT = {
    "phone": re.compile("1[3-9][0-9]{9}"),
    "qq": re.compile(r"[qQ][qQ]\s*(?:号码?|群)?\s*(?:是|为)?\s*[:：=]?\s*[0-9]{5,11}"),
    "wechat": re.compile(
        r"(?:微信|[wW][eE][cC][hH][aA][tT]|[wW][eE][iI][xX][iI][nN])\s*(?:号码?|[iI][dD]|账号)?\s*(?:是|为)?\s*[:：=]?\s*"
        "(?:[A-Za-z][A-Za-z0-9_-]{5,19}|[0-9]{5,11})"
    ),
}


def written_plainly(kind: str, value: str, s: int, e: int) -> bool:
    """Is the contact detail of ``kind`` at value[s:e] (the original text) written plainly: as _PLAIN_CONTACT has
    it, or in full width by a writer who writes full width (the text's other letters and digits are full width
    too, and there are some: the 1998 newspaper's dates, a review typed so)?  Full width only in the contact
    detail, or where the writer types ASCII otherwise, is written to get past a filter."""
    plain_re = _PLAIN_CONTACT.get(kind)
    if plain_re is None:
        return False
    if plain_re.fullmatch(value, s, e) is not None:
        return True
    if FULL_ALNUM_RE.search(value, s, e) is None:
        return False
    if ASCII_ALNUM_RE.search(value, 0, s) or ASCII_ALNUM_RE.search(value, e):
        return False
    if not (FULL_ALNUM_RE.search(value, 0, s) or FULL_ALNUM_RE.search(value, e)):
        return False
    return plain_re.fullmatch(value[s:e].translate(HALF_WIDTH)) is not None


# --- the wider family of contact-handle spellings ---------------------------------------------------------------------
# Homophones and nicknames of the apps (薇心, 威芯, 绿泡泡, 扣扣, 企鹅), their Latin letters spaced out or joined by
# symbols and emoji (the contact level already removed the symbols between letters: "v❤x" reads "vx"; spaces between
# Latin letters stay, so they are allowed here), followed by an ID.  CONTACT_RE keeps the common spellings on its
# fast path; this one reads the folded text, where symbols and spaces are still as written.
# Every GB 2312 character whose default toneless reading is wei / xin (pypinyin; tests/engine pins the lists to
# pypinyin's readings), plus the near-homophones spam uses (徽 溦 崴 歪): 胃信, 维新, 威芯 all read as 微信.
_W_READ = (
    "威巍微危韦违桅围唯惟为潍维苇萎委伟伪尾纬未蔚味畏胃喂魏位渭谓尉慰卫"
    "偎诿隈圩葳薇囗帏帷嵬猥猬闱沩洧涠逶娓玮韪軎炜煨痿艉鲔"
)
_X_HOMO = "薪芯锌欣辛新忻心信衅囟馨忄昕歆鑫"
_W_HOMO = _W_READ + "徽溦崴歪"
# The ones that stand for the app alone, before 号 or a colon (薇：, 威号); 为：, 未号 and 尾号 are ordinary words.
_W_NAME = "微薇威徽溦葳崴"
_LSEP = r"[\s.．\-—_·•*~|/\U0001f000-\U0001faff\u2600-\u27bf\ufe0f]{0,3}"  # between spaced-out letters (v . x, v😘x)
_L = _LSEP.join  # "vx" -> v<sep>x
_EMO = r"[\U0001f000-\U0001faff\u2600-\u27bf]"
# The app's name: one character class first, branches told apart by look-behinds placed after it, so that CPython's
# re skips text by its first character (a top-level alternation tries every branch at every position: 10x slower).
_KW_BRANCHES = (
    (
        f"[{_W_HOMO}]",
        rf"\s*(?:{_EMO}\ufe0f?\s*)?[{_X_HOMO}]|(?<=[{_W_NAME}])\s*(?:{_EMO}\ufe0f?\s*)?(?:号|(?=\s*[:：]))"
        rf"|\s*{_EMO}\ufe0f?(?=\s*[:：])",
    ),
    ("v", rf"{_LSEP}(?:[{_X_HOMO}]|x(?:{_LSEP}i{_LSEP}n)?)|\s*(?:{_EMO}\ufe0f?)?(?=\s*[:：])"),
    (
        "w",
        rf"{_LSEP}(?:x|e{_LSEP}(?:i(?:{_LSEP}x{_LSEP}i{_LSEP}n|\s*[{_X_HOMO}]|(?=\s*[:：]))|c{_LSEP}h{_LSEP}a{_LSEP}t))",
    ),
    ("[绿💚]", rf"\s*(?:色\s*)?泡\s*泡|(?<=绿)色软件|(?<=💚)\s*(?:{_EMO}\ufe0f?\s*)?(?=\s*[:：])"),
    ("小", "绿泡"),
    ("🛰", "\ufe0f?"),
    ("🆅", ""),
    ("卫", r"星(?=\s*号?\s*[:：])"),
    (
        "[加+＋➕]",
        rf"\s*(?:[v🆅]|[{_W_NAME}](?![{_X_HOMO}号])|(?:{_EMO}\ufe0f?\s*)?信|q(?![a-z]))"
        rf"|(?<=[+＋➕])\s*{_EMO}\ufe0f?(?=\s*[:：])",
    ),
    ("q", rf"{_LSEP}q|\s*号|\s*[群裙](?=\s*(?:号码?)?\s*[:：=]?\s*[{_D}])"),
    ("[扣抠寇蔻叩]", r"\s*[扣抠寇蔻叩q号]|(?=\s*[:：])"),
    ("企", r"\s*鹅"),
    ("🐧", r"\s*🐧?"),
    ("球", r"\s*球"),
    ("秋", r"\s*秋"),
    ("纸", "飞机"),
    ("飞", "机"),
    ("✈", "\ufe0f?"),
    ("t", "g|elegram"),
    ("电", "报"),
)
# What _textscan.quiet knows of the names above and of CONTACT_RE's, to pass over a text with Latin letters unread:
# each name's first characters and the characters that may come next, past spaces and symbols (NAME_SKIP; "": the
# first character may be the whole name, ✈).  Looser than the regexes: every name they match begins so
# (tests/engine/test_textscan_native.py holds the two together).
NAME_STARTS = (
    (_W_HOMO, _X_HOMO + "号:：x"),
    ("v", _X_HOMO + "x:："),
    ("w", "xe"),
    ("绿", "色泡"),
    ("小", "绿"),
    ("✈", ""),
    ("卫", "星"),
    ("加+＋➕", f"v{_W_NAME}信q:："),
    ("q", "q号群裙"),
    ("扣抠寇蔻叩", "扣抠寇蔻叩q号:："),
    ("企", "鹅"),
    ("球", "球"),
    ("秋", "秋"),
    ("纸", "飞"),
    ("飞", "机"),
    ("t", "ge"),
    ("电", "报"),
)
NAME_SKIP = rf"\s.．\-—_·•*~|/\u2600-\u27bf{_SYMBOLS_BMP}"
_KW_FIRST = "".join(sorted({c for lb, _rest in _KW_BRANCHES for c in lb.strip("[]")}))
HANDLE_KW_RE = re.compile(
    f"[{re.escape(_KW_FIRST)}](?:" + "|".join(f"(?<={lb})(?:{rest})" for lb, rest in _KW_BRANCHES) + ")"
)
_QQ_FIRST = frozenset("q扣抠寇蔻叩企🐧球秋")
_TG_FIRST = frozenset("纸飞✈t电")
# What may stand between the app's name and the ID: 号/账号/联系/同号/同步/搜…, a colon.
_HANDLE_GAP = (
    r"\s*(?:号码?|id|账号|联系方式|联系|同号|同步|搜索|搜)?\s*(?:是|为)?\s*[:：=/／]?\s*(?:加|搜|搜索|找我|加我)?\s*"
)
# Between the digits of a spaced-out QQ number.
_SPACED_SEP = rf"[\s。，、丨丶{_SYMBOLS_BMP}{_SYMBOLS_ASTRAL}]{{0,3}}"
_SPACED_DIGITS = rf"[{_D}](?:{_SPACED_SEP}[{_D}]){{4,10}}"
_ID_RE = {
    # An ID may be spaced out letter by letter too (l i n g l i n g 6 6).
    "wechat": re.compile(
        rf"(?P<gap>{_HANDLE_GAP})(?P<id>[a-z]{_ID_REST}{{4,19}}|[{_D}]{{5,11}}|[a-z](?:\s[a-z0-9_\-]){{4,19}})"
        rf"{_ID_END}"
    ),
    "qq": re.compile(
        rf"(?P<gap>{_HANDLE_GAP}(?:[群裙峮]\s*(?:号码?)?\s*[:：=]?\s*)?)(?P<id>{_SPACED_DIGITS})(?![{_D}])"
    ),
    "telegram": re.compile(r"(?P<gap>[^@\n]{0,6})@(?P<id>[a-z][a-z0-9_]{3,31})"),
}

# Every contact detail without a Latin letter in it has at least five digits (ASCII or Chinese) in a row, with at most
# what its pattern allows between two of them: a mobile number 11 with _SEP between (contact level), a WeChat or QQ
# ID of digits five or more with nothing between (contact level, CONTACT_RE; folded level, _ID_RE), a spaced-out QQ
# number five or more with _SPACED_SEP between (folded level).  A text in which neither probe below finds such a run
# and which has no Latin letter gives find_contacts and find_handles nothing to find (a date 一九九八年一月, a list
# 一、二、三 or 三五成群 is not one).  Derived from the patterns above, so the probes follow them.
CONTACT_DIGITS_RE = re.compile(rf"[{_D}](?:{_SEP}[{_D}]){{4}}")  # on the contact level
HANDLE_DIGITS_RE = re.compile(rf"[{_D}](?:{_SPACED_SEP}[{_D}]){{4}}")  # on the folded level


def _handle_kind(kw: str) -> str:
    if kw[0] in _QQ_FIRST or (kw[0] in "加+＋➕" and kw[-1] == "q"):
        return "qq"
    if kw[0] in _TG_FIRST:
        return "telegram"
    return "wechat"


def find_handles(norm: Normalised) -> Iterator[Found]:
    """The wider family of handle spellings, on the folded text (symbols and spaces intact, so spaced-out letters
    and emoji names are seen as written; offsets are the original's): the app's name, then its ID.  When the folded
    text has none, the contact level is read too, where spaces and symbols between Chinese characters are gone
    (卫 星：, 威❤芯❤号)."""
    found = list(_handles(norm.folded))
    if not found and norm.contact_map:
        found = [(term, *norm.span(a, b, "contact")) for term, a, b in _handles(norm.contact)]
    yield from found


def _handles(t: str) -> Iterator[Found]:
    pos = 0
    while (m := HANDLE_KW_RE.search(t, pos)) is not None:
        a = m.start()
        pos = a + 1
        if t[a] in "vwqt" and a > 0 and _latin(t[a - 1]):
            continue
        kind = _handle_kind(m.group())
        idm = _ID_RE[kind].match(t, m.end())
        if idm is None:
            continue
        ident, gap = idm.group("id").translate(DIGIT_TABLE), idm.group("gap")
        plain_word = ident[0].isalpha() and not any(ch.isdigit() for ch in ident)
        if kind == "wechat" and plain_word and not any(c in gap for c in ":：=号是为"):
            continue  # "wechat friends": a plain word after the name is not an ID
        if kind == "qq" or " " in ident:
            ident = "".join(ch for ch in ident if not ch.isspace() and (kind != "qq" or ch.isalnum()))
        pos = idm.end()
        yield f"{kind}:{ident}", a, idm.end()


# --- a contact detail withheld and pointed to -------------------------------------------------------------------------
# 微信号在个性签名里, 看我主页，那里有我的绿色软件号: no ID in the text (no filter reads a profile), but the app's
# account named, in any spelling above, with 号 (微信 is the app, 微信号 the account), and the reader sent to the
# profile, in one sentence.  Read on the contact level (folded, symbols between Chinese characters gone: 微 ❤ 号).
_POINTED_APP = (
    rf"(?:[{_W_HOMO}][{_X_HOMO}]|[{_W_NAME}]|[vw]\s*x|v|卫星|绿色软件|绿?泡泡|[扣抠寇蔻叩]{{1,2}}|q{{1,2}}|企?鹅|纸?飞机"
    r"|电报|tg)号"
)
_PROFILE = "主页|个签|个性签名|签名|名字|昵称|网名|头像|简介|资料"
_TO_PROFILE = rf"(?:我的?)?(?:个人)?(?:{_PROFILE})"
_SENTENCE = r"[^。！？!?\n]"
POINTER_RE = re.compile(
    rf"(?P<app>{_POINTED_APP})(?:{_SENTENCE}){{0,3}}?(?:在|见|看|是){_TO_PROFILE}"
    rf"|(?:看|见|点|进|翻)(?:一下|下)?{_TO_PROFILE}(?:{_SENTENCE}){{0,10}}?(?P<app2>{_POINTED_APP})"
)
# The literals every match holds (the automaton's triggers: the regex runs only where one occurs): the app's name
# with 号, as the contact level writes it (v x号 is x号).
POINTER_TRIGGERS = (
    *(w + x + "号" for w in _W_HOMO for x in _X_HOMO),
    *(w + "号" for w in _W_NAME),
    *("x号", "v号", "卫星号", "软件号", "泡泡号", "q号", "鹅号", "飞机号", "电报号", "tg号"),
    *(c + "号" for c in "扣抠寇蔻叩"),
)


def find_pointers(norm: Normalised) -> Iterator[Found]:
    """An account named and the reader sent to the profile for it (``profile:卫星号``), original offsets."""
    for m in POINTER_RE.finditer(norm.contact):
        app = m.group("app") or m.group("app2")
        s, e = norm.span(m.start(), m.end(), "contact")
        yield f"profile:{app}", s, e
