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

PHONE_RE = re.compile(rf"[{_ONE}]{_SEP}[{_THREE_NINE}](?:{_SEP}[{_D}]){{9}}(?![{_D}])")
# WeChat: Chinese keyword (and homophones), or Latin vx/wx/weixin, or "加V"/"+V", or "V:".
# The keyword group starts with ONE character class and tells the branches apart with
# look-behinds, so that CPython's ``re`` can skip ahead by first character (an alternation of
# groups cannot, and scanning a long text was 15x slower).  Same matches as
# 微信|薇信|威信|徽信|维信|卫信|v信|微x|(?:vx|wx|weixin|wechat|vxin|weix)(?![a-z])|
# (?:加|\+|➕)\s*v(?![a-z0-9])|v(?=\s*[:：]): the branches exclude each other at any position.
WECHAT_RE = re.compile(
    r"(?P<kw>[微薇威徽维卫vw加+➕](?:(?<=[微薇威徽维卫])信|(?<=微)x|"
    r"(?<=v)(?:信|(?:x|xin)(?![a-z])|(?=\s*[:：]))|"
    r"(?<=w)(?:x|eixin|echat|eix)(?![a-z])|"
    r"(?<=[加+➕])\s*v(?![a-z0-9])))"
    r"(?P<gap>\s*(?:号码?|id|账号)?\s*(?:是|为)?\s*[:：=]?\s*(?:加|搜|搜索)?\s*)"
    rf"(?P<id>[a-z][a-z0-9_\-]{{5,19}}|[{_D}]{{5,11}})(?![a-z0-9_])"
)
QQ_RE = re.compile(
    r"(?P<kw>qq(?![a-z])|扣扣|企鹅号?|球球|抠抠|q号)"
    r"(?P<gap>\s*(?:号码?|群)?\s*(?:是|为)?\s*[:：=]?\s*)"
    rf"(?P<id>[{_D}]{{5,11}})(?![{_D}])"
)

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
    for m in WECHAT_RE.finditer(t):
        # Left boundary checked here, not in the regex: a leading look-behind would stop the
        # regex engine from skipping ahead by first character (10x slower on long texts).
        if m.group("kw")[0] in "vwq" and m.start() > 0 and _latin(t[m.start() - 1]):
            continue
        ident = m.group("id")
        gap = m.group("gap")
        if ident[0].isalpha() and not any(ch.isdigit() for ch in ident) and not any(c in gap for c in ":：=号是为"):
            # "wechat friends": a plain English word after the keyword is not an ID
            continue
        s, e = norm.span(m.start(), m.end(), "contact")
        yield f"wechat:{ident.translate(DIGIT_TABLE)}", s, e
    for m in QQ_RE.finditer(t):
        if m.group("kw")[0] == "q" and m.start() > 0 and _latin(t[m.start() - 1]):
            continue
        s, e = norm.span(m.start(), m.end(), "contact")
        yield f"qq:{m.group('id').translate(DIGIT_TABLE)}", s, e
    for m in PHONE_RE.finditer(t):
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
