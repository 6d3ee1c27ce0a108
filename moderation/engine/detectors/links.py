"""Links: affiliate and shortener hosts (data), links with their punctuation spelled out, 淘口令."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..fold import ASCII_ALNUM_RE, FULL_ALNUM_RE, HALF_WIDTH
from ..normalise import Normalised
from .contacts import _CN, DIGIT_TABLE, Found

LINK_HOSTS = Path(__file__).resolve().parents[2] / "data" / "link-hosts.csv"


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
    r"https?[:：]//(?P<host>[a-z0-9.．\-]+)(?:[^\s<>\"'，。！？；、（）【】“”]|？(?=[a-z0-9_]+=))*?(?:"
    + "|".join(AFFILIATE_PARAMS)
    + ")",
    re.I,
)


def _host_alt(hosts: tuple[str, ...]) -> str:
    return "|".join(re.escape(h) for h in sorted(hosts, key=len, reverse=True))


# Scheme optional; without a scheme a path is required so that "t.cn" in prose is not a link.
# (A full-width question mark before a query is the URL's own: ｈｔｍ？ｉｄ＝１.)
_PATH = r"(?:[^\s<>\"'，。！？；、（）()【】\[\]{}“”]|？(?=[a-z0-9_]+=))*"
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


_URL_LEFT = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-/@")
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-")


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
            yield f"affiliate:{m.group('host').replace('．', '.')}", m.start(), m.end()


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
# (Their digits may be written in Chinese: hg八八六八点com.)
_LABEL = rf"[a-z0-9](?:\s?[a-z0-9\-{_CN}]){{1,30}}"
SPELLED_URL_RE = re.compile(
    rf"(?<![a-z0-9\-@＠])(?P<host>{_LABEL}(?:{_DOT}{_LABEL})*){_SPELLED_DOT}(?P<tld>{_TLDS_SPACED})"
    r"(?![a-z])"
)
# Pre-check for the two regexes above: a spelled-out or full-width dot before a top-level domain, or before any
# host's last label and a slash (ｓｕｏ．ｉｍ／５ｑ: the folded text has its full-width slash as "/").  Starts with
# one character class, so CPython's re skips clean text by first character.
# (The first characters but d, and what may follow them before the domain, are _textscan.quiet's DOT_LIKE and
# DOT_SKIP: a text with Latin letters and none of these before one needs no reading for spelled-out links.)
DOT_LIKE = rf"．｡点點(（\[【{_DOT_SYMBOLS}"
DOT_SKIP = r"\s.点)）\]】"
SPELLED_PROBE_RE = re.compile(
    rf"[{DOT_LIKE}d](?:(?<=d)(?:ot|ian|\s?o\s?t)|(?<!d)\ufe0f?(?:\s*[.点]\s*[)）\]】])?)\s*"
    rf"(?:{_TLDS_SPACED})(?![a-z])|．\s*[a-z]{{2,6}}\s*/"
)
# The ideographic full stop and the comma are in every Chinese sentence: probed apart, after a Latin letter or digit
# (a character class CPython's re skips by).
_STOP_PROBE_RE = re.compile(r"[a-z0-9]\s*[。，]\s*[a-z0-9]")
# 淘口令: a share token between two currency signs or brackets (￥AbCd1234￥, €AbCd1234€, (AbCd1234)), copied into
# the Taobao app to open a page that pays whoever shared it.  Mixed letters and digits, as the app makes them.
TOKEN_OPEN = "￥¥$＄€£₤¢₳₴₰₵₲₭₱₮₦฿₪₩₸(（《/"
TOKEN_CLOSE = "￥¥$＄€£₤¢₳₴₰₵₲₭₱₮₦฿₪₩₸)）《/"
TAOKOULING_RE = re.compile(
    rf"(?P<open>[{re.escape(TOKEN_OPEN)}])(?P<token>[a-zA-Z0-9]{{8,14}})(?P<close>[{re.escape(TOKEN_CLOSE)}])"
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
        host = re.sub(r"\s", "", re.sub(_DOT, ".", m.group("host"))).translate(DIGIT_TABLE) + "." + tld
        dots = {d.strip() for d in _SPELLED_DOT_RE.findall(t, m.start(), m.end())}
        if dots <= {"，"} and not host.startswith("www."):
            continue  # a comma is a dot only in www，abc，com: "iphone，com口" is a sentence
        if not _evasive_address(norm.original, m.start(), m.end(), tld, dots, t):
            continue  # ｗｗｗ．ｐｅｏｐｌｅｄａｉｌｙ．ｃｏｍ．ｃｎ in a full-width text is an address, not an evasion
        yield f"spelled:{host}", m.start(), m.end()


_SPAM_TLDS = frozenset(("top", "xyz", "vip", "cc", "club", "site", "shop", "app", "live", "fun", "ink", "icu", "tk"))


def _evasive_address(original: str, s: int, e: int, tld: str, dots: set[str], folded: str) -> bool:
    """Is an address of a host that is not on the list written to get past a filter?  A dot in words or
    brackets, a comma after www, an ideographic full stop, a space around a dot, an address in full width in a
    text that uses ASCII letters or digits, or a top-level domain spam favours.  A full-width address in a
    full-width text (the 1998 newspaper writes ｗｗｗ．ｐｅｏｐｌｅｄａｉｌｙ．ｃｏｍ．ｃｎ) is none of these."""
    span = original[s:e]
    if _WORD_DOT_RE.search(folded, s, e) or dots & {"。", "｡"}:  # folded: ｄｏｔ is dot
        return True
    if "，" in dots:
        return True  # only reached with www (see above)
    if re.search(r"\s[.．]|[.．]\s", span):
        return True
    if FULL_ALNUM_RE.search(span) and (ASCII_ALNUM_RE.search(span) or ASCII_ALNUM_RE.search(original)):
        return True  # written in full width where the writer types ASCII otherwise
    return tld in _SPAM_TLDS


# --- a web address of any other host ----------------------------------------------------------------------------------
# A destination written plainly (www.abc.com, http://abc.net/x, or in full width in a full-width text, as the 1998
# newspaper writes its own site's address) is what a plainly written phone number is: evidence only beside another
# sign, and then intent (注册就送：www.am8866.net; see engine.Engine._scan_field and evidence.Policy.decide).  Without a
# scheme or www a bare host counts only with a digit in it or a top-level domain spam favours: am8866.net is a site,
# Ctrip.com in a hotel review is a brand.
_WEB_DOT = "[.．]"
WEB_RE = re.compile(
    rf"(?<![a-z0-9\-@＠.．_/／])(?P<lead>https?[:：][/／][/／]|www{_WEB_DOT})?"
    rf"(?P<host>(?:[a-z0-9][a-z0-9\-]{{0,62}}{_WEB_DOT})+(?P<tld>{_TLDS}))(?![a-z0-9\-])(?P<path>[/／?#][a-z0-9])?"
)
# Only institutions can register these: an address under them is never an offer.
_INSTITUTIONAL = ("gov.cn", "edu.cn", "ac.cn", "mil.cn", "gov.hk", "edu.hk", "gov.tw", "edu.tw")
_WEB_PROBE_RE = re.compile(rf"{_WEB_DOT}(?:{_TLDS})(?![a-z0-9\-])")


def find_web_links(norm: Normalised) -> Iterator[Found]:
    """Web addresses of hosts on no list, written plainly (folded level: offsets are the original's)."""
    t = norm.folded
    if _WEB_PROBE_RE.search(t) is None:
        return
    for m in WEB_RE.finditer(t):
        host = re.sub(_WEB_DOT, ".", m.group("host"))
        if not (m.group("lead") or m.group("path")):
            label = host.rsplit(".", 1)[0]
            if not (any(c.isdigit() for c in label) or m.group("tld") in _SPAM_TLDS):
                continue
        if any(host == x or host.endswith("." + x) for x in _INSTITUTIONAL):
            continue
        yield f"web:{host.removeprefix('www.')}", m.start(), m.end()


# A token's eight letters or digits in a row, on the folded level: folding maps the full-width forms to ASCII as
# HALF_WIDTH does (and more), so a text without such a run there has no token, and is not translated (a long article
# with a few Latin words paid a dict lookup per character for it).
_TOKEN_PROBE_RE = re.compile(r"[a-z0-9]{8}")


def find_taokouling(norm: Normalised) -> Iterator[Found]:
    if _TOKEN_PROBE_RE.search(norm.folded) is None:
        return
    t = norm.original.translate(HALF_WIDTH)  # 淘口令 tokens are mixed case: read in the original, full width as ASCII
    for m in TAOKOULING_RE.finditer(t):
        o, c, token = m.group("open"), m.group("close"), m.group("token")
        if _PAIRS.get(o, o) != c:
            continue
        if not (any(ch.isdigit() for ch in token) and any(ch.isalpha() for ch in token)):
            continue
        if o in _PAIRS and not (any(ch.isupper() for ch in token) and any(ch.islower() for ch in token)):
            continue  # in brackets only the app's mixed-case tokens: (ABC12345) is a model number
        yield f"taokouling:{token}", m.start(), m.end()
