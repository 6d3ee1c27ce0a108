"""Pattern detectors: contact details, affiliate/shortener links, clickbait titles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from .normalise import _SYMBOLS_ASTRAL, _SYMBOLS_BMP, Normalised

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
_SEP = rf"[\s\-.·—_。，、,．・/|\\~*丨丶{_SYMBOLS_BMP}{_SYMBOLS_ASTRAL}]{{0,3}}"

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
_WECHAT_ID = rf"[a-z][a-z0-9_\-]{{5,19}}|[{_D}]{{5,11}}"
# QQ: same matches as qq(?![a-z])|扣扣|企鹅号?|球球|抠抠|q号
_QQ_KW_REST = r"(?:(?<=q)(?:q(?![a-z])|号)|(?<=扣)扣|(?<=企)鹅号?|(?<=球)球|(?<=抠)抠)"
_QQ_GAP = r"\s*(?:号码?|群)?\s*(?:是|为)?\s*[:：=]?\s*"

PHONE_RE = re.compile(rf"[{_P_FIRST}]{_PHONE_REST}")
WECHAT_RE = re.compile(rf"(?P<kw>[{_W_FIRST}]{_WECHAT_KW_REST})(?P<gap>{_WECHAT_GAP})(?P<id>{_WECHAT_ID})(?![a-z0-9_])")
QQ_RE = re.compile(rf"(?P<kw>[{_Q_FIRST}]{_QQ_KW_REST})(?P<gap>{_QQ_GAP})(?P<id>[{_D}]{{5,11}})(?![{_D}])")
CONTACT_RE = re.compile(
    rf"[{_W_FIRST}{_Q_FIRST}{_P_FIRST}](?:"
    rf"(?<=[{_W_FIRST}])(?P<wkw>{_WECHAT_KW_REST})(?P<wgap>{_WECHAT_GAP})(?P<wid>{_WECHAT_ID})(?![a-z0-9_])"
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


LINK_HOSTS = Path(__file__).resolve().parent.parent / "data" / "link-hosts.csv"


def load_link_hosts(path: Path = LINK_HOSTS) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(affiliate hosts, shortener hosts, affiliate query-parameter regexes) from the maintained ``host,kind`` list
    (``#`` lines are comments)."""
    affiliate: list[str] = []
    shortener: list[str] = []
    params: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line or line.startswith("#") or line == "host,kind":
                continue
            host, _sep, kind = line.rpartition(",")
            kind = kind.strip()
            if kind == "param":
                params.append(host.strip())
            else:
                (affiliate if kind == "affiliate" else shortener).append(host.strip().lower())
    return tuple(affiliate), tuple(shortener), tuple(params)


AFFILIATE_HOSTS, SHORTENER_HOSTS, AFFILIATE_PARAMS = load_link_hosts()
AFFILIATE_PARAM_RE = re.compile(
    r"https?://(?P<host>[a-z0-9.\-]+)[^\s<>\"'，。！？；、（）【】“”]*?(?:" + "|".join(AFFILIATE_PARAMS) + ")", re.I
)


def _host_alt(hosts: tuple[str, ...]) -> str:
    return "|".join(re.escape(h) for h in sorted(hosts, key=len, reverse=True))


# Scheme optional; without a scheme a path is required so that "t.cn" in prose is not a link.
_PATH = r"[^\s<>\"'，。！？；、（）()【】\[\]{}“”]*"
_HOSTS_ONLY = tuple(h for h in AFFILIATE_HOSTS + SHORTENER_HOSTS if "/" not in h)
_HOSTS_PATH = tuple(h for h in AFFILIATE_HOSTS + SHORTENER_HOSTS if "/" in h)
# A host with a path in the list (mobile.yangkeduo.com/duo_coupon_landing) may go on with anything (.html?...).
LINK_RE = re.compile(
    rf"(?:(?P<scheme>https?://)(?:www\.)?(?P<h1>(?:{_host_alt(_HOSTS_PATH)})|(?:{_host_alt(_HOSTS_ONLY)})"
    rf"(?![a-z0-9.\-]))(?:[/?#.]{_PATH})?"
    rf"|(?:www\.)?(?P<h2>(?:{_host_alt(_HOSTS_PATH)})|(?:{_host_alt(_HOSTS_ONLY)})(?=[/?#][a-z0-9])){_PATH})"
)

# Pre-check: every link holds one of the hosts, and every host holds a dot.  The probe starts
# with a literal "." (CPython's ``re`` finds it with a plain character scan) and checks the rest
# of the host around it; LINK_RE itself (an alternation) cannot skip ahead and is run only when
# the probe finds a host.
_HOST_PROBE_RE = re.compile(
    r"\.(?:"
    + "|".join(
        f"{re.escape(h[h.index('.') + 1 :])}(?<={re.escape(h)})"
        for h in sorted(AFFILIATE_HOSTS + SHORTENER_HOSTS, key=len, reverse=True)
    )
    + ")"
)

CLICKBAIT_RE = re.compile(
    r"震惊|万万没想到|万万想不到|(?:99|90|95)\s*[%％]\s*的人(?:都)?不知道|惊呆了|速看|速速围观|赶紧看|"
    r"不看后悔|看哭了|吓死了|太可怕了|绝对想不到|删前速看|[!！]{3,}"
)

_DIGIT_CHARS = frozenset("0123456789" + "".join(_CN_DIGITS))
_URL_LEFT = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-/@")
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-")


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
        ident = m.group("wid")
        gap = m.group("wgap")
        if ident[0].isalpha() and not any(ch.isdigit() for ch in ident) and not any(c in gap for c in ":：=号是为"):
            # "wechat friends": a plain English word after the keyword is not an ID
            continue
        s, e = norm.span(m.start(), m.end(), "contact")
        yield f"wechat:{ident.translate(DIGIT_TABLE)}", s, e
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


def find_links(norm: Normalised) -> Iterator[Found]:
    """Affiliate links and URL shorteners/redirectors (folded level: offsets are the original's)."""
    t = norm.folded
    for m in LINK_RE.finditer(t) if _HOST_PROBE_RE.search(t) is not None else ():
        start = m.start()
        if start > 0 and t[start - 1] == ".":
            # A subdomain of a listed host (c.tb.cn/x) counts, unless the host sits in a path (github.com/bit.ly/x)
            # or an e-mail address.
            a = start - 1
            while a > 0 and t[a - 1] in _HOST_CHARS:
                a -= 1
            if a > 0 and t[a - 1] in "/@\\" and not t.endswith("://", 0, a):
                continue
            start = a - 3 if t.endswith("://", 0, a) else a
            while start > 0 and t[start - 1].isalpha() and t[start - 1].isascii():
                start -= 1  # the scheme belongs to the link
        elif start > 0 and t[start - 1] in _URL_LEFT:
            continue  # part of a longer host or path (report.t.cn.txt, xbit.ly)
        host = m.group("h1") or m.group("h2")
        kind = "affiliate" if host in AFFILIATE_HOSTS else "shortener"
        yield f"{kind}:{host}", start, m.end()
    if "=" in t:
        for m in AFFILIATE_PARAM_RE.finditer(t):
            yield f"affiliate:{m.group('host')}", m.start(), m.end()


def find_clickbait(norm: Normalised) -> Iterator[Found]:
    for m in CLICKBAIT_RE.finditer(norm.folded):
        yield m.group(), m.start(), m.end()


# --- intent: calls to action and money ------------------------------------------------------------------------------
# A call to action asks the reader to get in touch or act (加我, 私聊, 详聊, 咨询…); money is an earning promise or a
# price for a unit of a service.  Each alone is ordinary (a shop says 欢迎咨询, a review 好评返现), so they are
# supporting evidence: they add to a term or a contact detail, never make a verdict alone.  They are literals, found
# by the lexicon's automaton in the same search as the terms (see Engine), on the contact level.
CTA_WORDS = (
    "加我",
    "加微",
    "加薇",
    "加威",
    "加v",
    "加vx",
    "加wx",
    "加q",
    "加扣",
    "加好友",
    "加群",
    "加一下",
    "加个v",
    "速加",
    "v我",
    "私聊",
    "私信我",
    "私信",
    "私我",
    "滴我",
    "点我头像",
    "主页有",
    "详聊",
    "详谈",
    "详询",
    "咨询我",
    "欢迎咨询",
    "滴滴我",
    "戳我",
    "扫码进",
    "扫码加",
    "扫描二维码",
    "进群",
    "拉你进",
    "点击链接",
    "点链接",
    "复制这段",
    "复制本条",
    "复制整段",
    "复制口令",
    "复制链接",
    "打开淘宝",
    "打开手机淘宝",
    "打开tb",
    "打开某宝",
    "有意者",
    "有需要的加",
    "有需要的朋友",
    "有需要的联系",
    "有需要私",
    "需要的加",
    "需要的私",
    "感兴趣的加",
    "感兴趣私",
    "名额有限",
    "先到先得",
    "备注来意",
    # Sales language: how an offer closes (delivery, supply, a guarantee, an invitation to follow).
    "货到付款",
    "量大从优",
    "一手货源",
    "私人渠道",
    "注册就送",
    "注册送",
    "火热开放",
    "开放中",
    "专业团队",
    "帮你追回",
    "想跟的",
    "跟着我买",
    "想做的",
    "找我拿",
    "找我买",
    "找我做",
    "包赔",
    "一单一结",
    "当面操作",
    "不满意不收费",
    "成功再收费",
    "成功后收费",
    "价格可谈",
    "价格美丽",
    "急用钱的",
    "高端定制",
    "全国空降",
    "长期有单",
    "都能办",
    "带你上岸",
    "稳赢",
    "费率低",
    "加群领取",
    "专业帮",
    "专业代",
    "专业出",
    "专业开",
    "出售",
    "全国包邮",
    "都能做",
    "当天取",
)
MONEY_WORDS = (
    "日赚",
    "日入",
    "月入",
    "月赚",
    "周赚",
    "日结",
    "周结",
    "时薪",
    "佣金",
    "提成",
    "返利",
    "返现",
    "返佣",
    "回本",
    "高薪",
    "躺赚",
    "稳赚",
    "包赚",
    "轻松赚",
    "高额回报",
    "保底收益",
    "税点",
    "点数低",
    "秒到账",
    "当天到账",
    "提现秒到",
    "零门槛",
    "无门槛",
    "提现",
    "秒结",
    "当天结",
)
# Words of a report or a warning (news of a raid, a police notice, an anti-fraud reminder) and of an official
# service: a text that names a scheme in order to report or warn against it does not offer it.  Their presence
# turns intent terms into topic words (see Engine.scan); contact details and links keep their weight.
REPORT_WORDS = (
    "警方",
    "敲诈",
    "民警",
    "公安",
    "派出所",
    "法院",
    "检察院",
    "判处",
    "被判",
    "抓获",
    "捣毁",
    "破获",
    "打击",
    "依法",
    "刑事",
    "拘留",
    "违法",
    "犯罪",
    "诈骗",
    "骗局",
    "骗子",
    "被骗",
    "提醒",
    "谨防",
    "警惕",
    "防范",
    "千万别",
    "不要相信",
    "别信",
    "举报",
    "反诈",
    "通报",
    "案件",
    "涉嫌",
    "嫌疑人",
    "查处",
    "取缔",
    "整治",
    "曝光",
    "税务局",
    "税务机关",
    "据报道",
    "涉案",
    "受害人",
    "受害者",
    "骗取",
    "诱饵",
    "团伙",
    "落网",
    "立案",
    "起诉",
    "不要信",
    "套路",
    "上当",
)
# A price for one unit of a service (500元一次, 10块一张): found by regex where the automaton saw its unit.
_AMOUNT = "[0-9一二三四五六七八九十两百千万几]+"
PRICE_RE = re.compile(
    rf"{_AMOUNT}\s*(?:元|块|r|rmb|米|w)\s*(?:一|每|/)\s*(?:次|晚|夜|张|单|位|小时|钟|套)"
    rf"|(?:一|每)(?:单|次|晚|夜|张|套)\s*{_AMOUNT}\s*(?:元|块)?"
)
PRICE_TRIGGERS = tuple(f"{c}{p}{u}" for c in "元块" for p in "一每/" for u in "次晚夜张单位小钟套") + tuple(
    f"{p}{u}" for p in "一每" for u in "单次晚夜张套"
)


def find_prices(norm: Normalised) -> Iterator[Found]:
    t = norm.contact
    for m in PRICE_RE.finditer(t):
        s, e = norm.span(m.start(), m.end(), "contact")
        yield m.group(), s, e


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
_X_READ = "薪芯锌欣辛新忻心信衅囟馨忄昕歆鑫"
_W_HOMO = _W_READ + "徽溦崴歪"
# The ones that stand for the app alone, before 号 or a colon (薇：, 威号); 为：, 未号 and 尾号 are ordinary words.
_W_NAME = "微薇威徽溦葳崴"
_X_HOMO = _X_READ
_LSEP = r"[\s.\-—_·•*~|/\U0001f000-\U0001faff\u2600-\u27bf\ufe0f]{0,3}"  # between spaced-out letters (v . x, v😘x)
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
_SPACED_SEP = rf"[\s\-.·—_。，、丨丶{_SYMBOLS_BMP}{_SYMBOLS_ASTRAL}]{{0,3}}"
_SPACED_DIGITS = rf"[{_D}](?:{_SPACED_SEP}[{_D}]){{4,10}}"
_ID_RE = {
    # An ID may be spaced out letter by letter too (l i n g l i n g 6 6).
    "wechat": re.compile(
        rf"(?P<gap>{_HANDLE_GAP})(?P<id>[a-z][a-z0-9_\-]{{4,19}}|[{_D}]{{5,11}}|[a-z](?:\s[a-z0-9_\-]){{4,19}})"
        r"(?![a-z0-9_])"
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
    and emoji names are seen as written; offsets are the original's): the app's name, then its ID."""
    t = norm.folded
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
        ident, gap = idm.group("id"), idm.group("gap")
        plain_word = ident[0].isalpha() and not any(ch.isdigit() for ch in ident)
        if kind == "wechat" and plain_word and not any(c in gap for c in ":：=号是为"):
            continue  # "wechat friends": a plain word after the name is not an ID
        if kind == "qq" or " " in ident:
            ident = "".join(ch for ch in ident if not ch.isspace() and (kind != "qq" or ch.isalnum()))
        pos = idm.end()
        yield f"{kind}:{ident.translate(DIGIT_TABLE)}", a, idm.end()


# --- links written to escape a link filter ----------------------------------------------------------------------------
# A dot spelled out or in another script (点, dot, 。, ．, (.)), a slash or colon in full width; a short link or an
# affiliate host written so is a link.  Any host with a spelled-out dot before a top-level domain is a link too:
# nobody writes "abc点com" except to get past a filter.
# Besides the words and brackets: the stroke 丶 and a heart, a star or an emoji put where the dot goes (www❤abc❤com).
_DOT_SYMBOLS = "丶❤♥♡★☆●•▪◆◇■□○◎✿❀\U0001f300-\U0001faff"
_WORDS_DOT = (
    rf"[{_DOT_SYMBOLS}]\ufe0f?|点|點|d\s?o\s?t|dian|\(\s*[.点]\s*\)|（\s*[.点]\s*）|\[\s*[.点]\s*\]|【\s*[.点]\s*】"
)
_DOT = rf"\s*(?:[.．。｡，]|{_WORDS_DOT})\s*"
_SPELLED_DOT = rf"\s*(?:[．。｡，]|{_WORDS_DOT})\s*"
_SLASH = r"\s*[/／]\s*"
_SPELLED_DOT_RE = re.compile(_SPELLED_DOT)
# A dot spelled out in words or brackets: for a host that is not on the list only these make an evasion.
_WORD_DOT_RE = re.compile(_WORDS_DOT)


def _host_spelled(host: str) -> str:
    head, _sep, path = host.partition("/")
    out = _DOT.join(re.escape(label) for label in head.split("."))
    return out + (_SLASH + re.escape(path) if path else "")


_ALL_HOSTS = sorted(AFFILIATE_HOSTS + SHORTENER_HOSTS, key=len, reverse=True)
SPELLED_LINK_RE = re.compile(
    r"(?<![a-z0-9.\-])(?:h\s*t\s*t\s*p\s*s?\s*[:：]\s*[/／]\s*[/／]\s*)?(?:w\s*w\s*w" + _DOT + ")?"
    r"(?P<host>" + "|".join(_host_spelled(h) for h in _ALL_HOSTS) + r")(?![a-z0-9\-])"
    r"(?P<path>" + _SLASH + r"[a-z0-9][a-z0-9_\-]*)?"
)
_TLDS = "com|cn|net|org|cc|vip|top|xyz|me|io|co|info|club|site|shop|app|live|fun|ink|icu|tk|la|ly|gl|gg|tv"
# A top-level domain may be spelled out letter by letter too (点 c n).
_TLDS_SPACED = "|".join(r"\s?".join(tld) for tld in _TLDS.split("|"))
# Host labels may be spaced out letter by letter (w w w 点 6 6 8 8 c p 点 com).
_LABEL = r"[a-z0-9](?:\s?[a-z0-9\-]){1,30}"
SPELLED_URL_RE = re.compile(
    rf"(?<![a-z0-9\-@＠])(?P<host>{_LABEL}(?:{_DOT}{_LABEL})*){_SPELLED_DOT}(?P<tld>{_TLDS_SPACED})"
    r"(?![a-z])"
)
# Pre-check for the two regexes above: a spelled-out or full-width dot before a top-level domain (or a full-width
# slash after a host).  Starts with one character class, so CPython's re skips clean text by first character.
SPELLED_PROBE_RE = re.compile(
    rf"[．｡点點(（\[【d{_DOT_SYMBOLS}](?:(?<=d)(?:ot|ian|\s?o\s?t)|(?<!d)\ufe0f?(?:\s*[.点]\s*[)）\]】])?)\s*"
    rf"(?:{_TLDS_SPACED})(?![a-z])|／"
)
# The ideographic full stop and the comma are in every Chinese sentence: probed apart, after a Latin letter or digit
# (a character class CPython's re skips by).
_STOP_PROBE_RE = re.compile(r"[a-z0-9]\s*[。，]\s*[a-z0-9]")
# 淘口令: a share token between two currency signs or brackets (￥AbCd1234￥, €AbCd1234€, (AbCd1234)), copied into
# the Taobao app to open a page that pays whoever shared it.  Mixed letters and digits, as the app makes them.
TAOKOULING_RE = re.compile(
    r"(?P<open>[￥¥$€£₤¢₳₴₰₵₲₭₱₮₦฿₪₩₸(（《/])(?P<token>[a-zA-Z0-9]{8,14})(?P<close>[￥¥$€£₤¢₳₴₰₵₲₭₱₮₦฿₪₩₸)）《/])"
)
TAOKOULING_TRIGGERS = ("￥", "¥", "€", "₳", "₴", "₰", "₵", "₲", "₭", "₱", "₮", "₦", "฿", "₪", "₩", "₸")
_PAIRS = {"(": ")", "（": "）", "《": "《", "/": "/"}


def find_spelled_links(norm: Normalised) -> Iterator[Found]:
    """Links with their punctuation spelled out or in full width (folded level: offsets are the original's)."""
    t = norm.folded
    if SPELLED_PROBE_RE.search(t) is None and _STOP_PROBE_RE.search(t) is None:
        return
    seen: list[tuple[int, int]] = []
    for m in SPELLED_LINK_RE.finditer(t):
        host = re.sub(_DOT, ".", m.group("host"))
        host = re.sub(_SLASH, "/", host)
        if host in SHORTENER_HOSTS and m.group("path") is None:
            continue  # a shortener needs a path to be a link ("t.cn" in prose is not one)
        if _SPELLED_DOT_RE.search(t, m.start(), m.end()) is None:
            continue  # written with plain dots: find_links has it
        kind = "affiliate" if host in AFFILIATE_HOSTS else "shortener"
        seen.append(m.span())
        yield f"{kind}:{host}", m.start(), m.end()
    for m in SPELLED_URL_RE.finditer(t):
        if any(a <= m.start() < b for a, b in seen):
            continue
        tld = re.sub(r"\s", "", m.group("tld"))
        host = re.sub(r"\s", "", re.sub(_DOT, ".", m.group("host"))) + "." + tld
        dots = {d.strip() for d in _SPELLED_DOT_RE.findall(t, m.start(), m.end())}
        if dots <= {"，"} and not host.startswith("www."):
            continue  # a comma is a dot only in www，abc，com: "iphone，com口" is a sentence
        if not _evasive_address(norm.original, m.start(), m.end(), tld, dots):
            continue  # ｗｗｗ．ｐｅｏｐｌｅｄａｉｌｙ．ｃｏｍ．ｃｎ in a full-width text is an address, not an evasion
        yield f"spelled:{host}", m.start(), m.end()


_SPAM_TLDS = frozenset(("top", "xyz", "vip", "cc", "club", "site", "shop", "app", "live", "fun", "ink", "icu", "tk"))
_FULL_ALNUM = re.compile("[０-９Ａ-Ｚａ-ｚ]")
_ASCII_ALNUM = re.compile("[0-9A-Za-z]")


def _evasive_address(original: str, s: int, e: int, tld: str, dots: set[str]) -> bool:
    """Is an address of a host that is not on the list written to get past a filter?  A dot in words or
    brackets, a comma after www, an ideographic full stop, a space around a dot, an address in full width in a
    text that uses ASCII letters or digits, or a top-level domain spam favours.  A full-width address in a
    full-width text (the 1998 newspaper writes ｗｗｗ．ｐｅｏｐｌｅｄａｉｌｙ．ｃｏｍ．ｃｎ) is none of these."""
    span = original[s:e]
    if _WORD_DOT_RE.search(span) or dots & {"。", "｡"}:
        return True
    if "，" in dots:
        return True  # only reached with www (see above)
    if re.search(r"\s[.．]|[.．]\s", span):
        return True
    if _FULL_ALNUM.search(span) and (_ASCII_ALNUM.search(span) or _ASCII_ALNUM.search(original)):
        return True  # written in full width where the writer types ASCII otherwise
    return tld in _SPAM_TLDS


def find_taokouling(norm: Normalised) -> Iterator[Found]:
    t = norm.original
    for m in TAOKOULING_RE.finditer(t):
        o, c, token = m.group("open"), m.group("close"), m.group("token")
        if _PAIRS.get(o, o) != c:
            continue
        if not (any(ch.isdigit() for ch in token) and any(ch.isalpha() for ch in token)):
            continue
        if o in _PAIRS and not (any(ch.isupper() for ch in token) and any(ch.islower() for ch in token)):
            continue  # in brackets only the app's mixed-case tokens: (ABC12345) is a model number
        yield f"taokouling:{token}", m.start(), m.end()
