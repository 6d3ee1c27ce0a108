"""Pattern detectors: contact details, affiliate/shortener links, clickbait titles."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .normalise import Normalised

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
_SEP = r"[\s\-.·—_]{0,2}"

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


AFFILIATE_HOSTS = (
    "s.click.taobao.com",
    "s.click.tmall.com",
    "uland.taobao.com",
    "ai.taobao.com",
    "m.tb.cn",
    "tb.cn",
    "u.jd.com",
    "union-click.jd.com",
    "union.jd.com",
    "p.pinduoduo.com",
    "p.yangkeduo.com",
    "mobile.yangkeduo.com/duo_coupon_landing",
    "s.click.ele.me",
    "union.suning.com",
)
SHORTENER_HOSTS = (
    "t.cn",
    "dwz.cn",
    "bit.ly",
    "tinyurl.com",
    "url.cn",
    "w.url.cn",
    "suo.im",
    "suo.nz",
    "goo.gl",
    "ow.ly",
    "is.gd",
    "t.co",
    "t.ly",
    "cutt.ly",
    "rb.gy",
    "rebrand.ly",
    "shorturl.at",
    "sina.lt",
    "mrw.so",
    "reurl.cc",
    "tb.gg",
    "dwz.mk",
    "c7.gg",
    "link.zhihu.com",
    "link.juejin.cn",
    "links.jianshu.com",
)


def _host_alt(hosts: tuple[str, ...]) -> str:
    return "|".join(re.escape(h) for h in sorted(hosts, key=len, reverse=True))


# Scheme optional; without a scheme a path is required so that "t.cn" in prose is not a link.
_PATH = r"[^\s<>\"'，。！？；、（）()【】\[\]{}“”]*"
LINK_RE = re.compile(
    rf"(?:(?P<scheme>https?://)(?:www\.)?(?P<h1>{_host_alt(AFFILIATE_HOSTS + SHORTENER_HOSTS)})"
    rf"(?![a-z0-9.\-])(?:[/?#]{_PATH})?"
    rf"|(?:www\.)?(?P<h2>{_host_alt(AFFILIATE_HOSTS + SHORTENER_HOSTS)})[/?#][a-z0-9]{_PATH})"
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
        yield f"phone:{digits}", s, e


def find_links(norm: Normalised) -> Iterator[Found]:
    """Affiliate links and URL shorteners/redirectors (folded level: offsets are the original's)."""
    t = norm.folded
    if _HOST_PROBE_RE.search(t) is None:
        return
    for m in LINK_RE.finditer(t):
        if m.start() > 0 and t[m.start() - 1] in _URL_LEFT:
            continue  # part of a longer host or path (github.com/bit.ly/x, report.t.cn.txt)
        host = m.group("h1") or m.group("h2")
        kind = "affiliate" if host in AFFILIATE_HOSTS else "shortener"
        yield f"{kind}:{host}", m.start(), m.end()


def find_clickbait(norm: Normalised) -> Iterator[Found]:
    for m in CLICKBAIT_RE.finditer(norm.folded):
        yield m.group(), m.start(), m.end()


# --- intent: calls to action and money ------------------------------------------------------------------------------
# A call to action asks the reader to get in touch or act (加我, 私聊, 详聊, 咨询…); money is an earning promise or a
# price for a unit of a service.  Each alone is ordinary (a shop says 欢迎咨询, a review names a price), so each
# weighs little; together with a topic word they show an offer.  Run on the contact level (noise removed).
_HANDLE = r"(?:微信|薇信|威信|徽信|卫星|v信|vx|wx|v|q|qq|扣扣|企鹅|好友|群|我)"
CTA_RE = re.compile(
    rf"加(?:我|一下|个)?{_HANDLE}|私聊|私信我|私我|详聊|详谈|详询|咨询我|欢迎咨询|请咨询|联系我|请联系|找我|滴滴我|戳我|"
    r"扫码|扫描二维码|扫一扫|进群|拉你进|点击链接|点链接|复制(?:这段|本条|整段|口令|链接)|打开(?:手机)?(?:淘宝|tb|某宝|app)|"
    r"有意者|有需要的?(?:朋友|亲|宝宝|老板)?(?:加|联系|私|找)|感兴趣的?(?:朋友|亲)?(?:加|联系|私|找)|名额有限|先到先得"
)
MONEY_RE = re.compile(
    r"日赚|日入|月入|月赚|周赚|日结|周结|时薪|佣金|提成|返利|返现|返佣|回本|高薪|躺赚|稳赚|包赚|高额回报|保底收益|"
    r"税点|点数低|秒到账|当天到账|提现秒到|零门槛|无门槛|"
    r"[0-9一二三四五六七八九十百千万几]+\s*(?:元|块|r|rmb|米|w)\s*(?:一|每|/)\s*(?:次|晚|夜|张|单|位|小时|钟|套)"
)


def find_cta(norm: Normalised) -> Iterator[Found]:
    t = norm.contact
    for m in CTA_RE.finditer(t):
        s, e = norm.span(m.start(), m.end(), "contact")
        yield m.group(), s, e


def find_money(norm: Normalised) -> Iterator[Found]:
    t = norm.contact
    for m in MONEY_RE.finditer(t):
        s, e = norm.span(m.start(), m.end(), "contact")
        yield m.group(), s, e
