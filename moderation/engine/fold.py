"""Character-for-character folding: case, NFKC/full-width forms, other digit forms, traditional -> simplified.

Every substitution here is 1:1 (same length), so offsets into folded text are offsets into the original;
`normalise.py` builds the deletions and the offset map on top of this.
"""

from __future__ import annotations

import re
import sys
import threading
import unicodedata

import numpy as np

from .charclass import char_ranges, is_cjk
from .t2s import T2S_PHRASES, _installed_opencc, t2s_tables, to_simplified

# Full-width forms as ASCII with their case kept (ｑｑ：１２３ is qq:123; ￥Ａｂ１２￥ a 淘口令's token), the
# ideographic space a space; and the letters and digits in either width, to tell a full-width writer from an evader.
HALF_WIDTH = {**{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}, 0x3000: 0x20}
FULL_ALNUM_RE = re.compile("[０-９Ａ-Ｚａ-ｚ]")
ASCII_ALNUM_RE = re.compile("[0-9A-Za-z]")


# --- 1:1 folding table -----------------------------------------------------------------------
# Only characters whose NFKC form is ONE alphanumeric or CJK character are folded here, so the
# folded text keeps the original length.  Ordinary CJK punctuation (，。！) is deliberately left
# alone: it is everywhere in Chinese text and rewriting it would cost time for no benefit.
_FOLD_SCAN = [
    (0x80, 0x3400),
    (0xF900, 0xFB00),
    (0xFE30, 0x10000),
    (0x1D400, 0x1D800),
    (0x1F100, 0x1F200),
    (0x2F800, 0x2FA20),
]
# Dingbat digits have no NFKC decomposition but are a favourite way to write phone numbers.
_EXTRA_DIGITS = {
    **{0x2776 + i: str(i + 1) for i in range(9)},  # ❶-❾
    **{0x2780 + i: str(i + 1) for i in range(9)},  # ➀-➈
    **{0x278A + i: str(i + 1) for i in range(9)},  # ➊-➒
    **{0x24F5 + i: str(i + 1) for i in range(9)},  # ⓵-⓽
    **{0x2474 + i: str(i + 1) for i in range(9)},  # ⑴-⑼ (NFKC gives "(1)": three characters)
    **{0x2488 + i: str(i + 1) for i in range(9)},  # ⒈-⒐
    0x24FF: "0",  # ⓿
    0x24EA: "0",  # ⓪
    # Nor do the negative circled and negative squared letters (🅥🅧, 🆅🆇), which spell app names.
    **{0x1F150 + i: chr(ord("a") + i) for i in range(26)},  # 🅐-🅩
    **{0x1F170 + i: chr(ord("a") + i) for i in range(26)},  # 🅰-🆉
}


# Full-width symbols read as their ASCII forms (ｍｏｍｏ＿１１２７ is momo_1127, ＠ｘｙｚ a handle); the
# full-width sentence punctuation ！（），．：；？ stays as written: it is in every Chinese text, and the
# detectors read it as such.
_ASCII_SYMBOLS = frozenset("\"#$%&'*+-/<=>@[\\]^_`{|}~")


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for lo, hi in _FOLD_SCAN:
        for cp in range(lo, hi):
            c = chr(cp)
            n = unicodedata.normalize("NFKC", c)
            # Only true compatibility characters: plain upper case is handled by str.lower(),
            # and a smaller character class keeps the scan fast.
            if n == c or c != c.lower():
                continue
            n = n.lower()
            if len(n) == 1 and (n.isalnum() or is_cjk(n) or n in _ASCII_SYMBOLS):
                table[cp] = n
    table.update(_EXTRA_DIGITS)
    return table


FOLD_TABLE = _build_fold_table()
# Scan with a few coarse blocks (a class of thousands of scattered ranges is 10x slower); the
# translate leaves unmapped characters in a run unchanged.  Common punctuation blocks
# (U+2000-206F, full-width ，！：) are left out on purpose: they are in every Chinese article.
_FOLD_BMP = (
    "\u00aa-\u02ff\u2070-\u2fdf\u3200-\u33ff\uf900-\ufb4f\uff02-\uff07\uff0a\uff0b\uff0d\uff0f-\uff19\uff1c-\uff1e"
    "\uff20-\uff5e\uff66-\uffef"
)
_FOLD_ASTRAL = "\U0001d400-\U0001d7ff\U0001f100-\U0001f1ff\U0002f800-\U0002fa1f"
_FOLD_RE = re.compile(f"[{_FOLD_BMP}{_FOLD_ASTRAL}]+")
# Characters outside the scanned blocks are simply not folded (rare compatibility forms).
FOLD_TABLE = {c: v for c, v in FOLD_TABLE.items() if _FOLD_RE.match(chr(c))}


def may_have_astral(s: str) -> bool:
    """False only if ``s`` certainly has no character above U+FFFF.  O(1): CPython stores a str
    with 4 bytes per character exactly when it holds such a character, and ``sys.getsizeof``
    shows it.  Lets the hot regexes use BMP-only character classes, which CPython's ``re``
    checks with one bitmap lookup (a class with astral ranges is a linear range list, ~10x slower).
    A false positive (only possible for strings of a few characters) just takes the general path."""
    return sys.getsizeof(s) >= 4 * len(s) + 60


_marker: list = []
_marker_lock = threading.Lock()


def _fold_marker() -> re.Pattern[str]:
    """One BMP-only class for "lower(), folding or t2s could change something here": a single bitmap-checked scan
    decides for clean text, which then is not even lowered."""
    with _marker_lock:
        if not _marker:
            table = t2s_tables()[2]
            upper = [chr(c) for c in range(0xD800) if chr(c).lower() != chr(c)]
            upper += [chr(c) for c in range(0xE000, 0x10000) if chr(c).lower() != chr(c)]
            _marker.append(re.compile(f"[{_FOLD_BMP}{char_ranges(upper + [chr(c) for c in table])}]"))
    return _marker[0]


def fold_reference(text: str) -> str:
    """1:1 folding, step by step: lower case, NFKC letters/digits, traditional -> simplified (OpenCC).  What
    :func:`fold` computes; kept as its statement (and its fallback)."""
    low = text.lower()
    if len(low) != len(text):  # e.g. "İ" lowers to two code points; keep offsets exact
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if _FOLD_RE.search(low) is not None:
        low = _FOLD_RE.sub(lambda m: m.group().translate(FOLD_TABLE), low)
    return to_simplified(low)


# --- the fast path: one table lookup per character (numpy) ---------------------------------
# For BMP text, lowering, the NFKC table and OpenCC's per-character conversion compose into one table of 65,536 code
# units, applied with one numpy indexing.  That equals the step-by-step folding except where a character's lower
# case depends on its neighbours (Σ) or is not one character (İ), for surrogates and CJK compatibility ideographs
# (all mapped to _SENTINEL: such a text takes the step-by-step path), and where OpenCC reads a phrase of its
# TSPhrases dictionary differently from its characters one by one (書中自有千鍾粟): a text holding one of those
# phrases takes the step-by-step path too.  The phrases come from moderation/data/opencc-t2s-phrases.txt, dumped
# from the installed OpenCC; for another OpenCC version the fast path is off (see _build_fast_tables).
_SENTINEL = 0xFFFF  # a noncharacter: never produced by the table otherwise (and mapped to itself)
_SENTINEL_CH = chr(_SENTINEL)


_fast: list = []  # [marker regex, lookup table or None, phrase automaton or None], built on first use


def fold_state() -> list:
    """The fast path's tables (built once per process; see _build_fast_tables)."""
    if not _fast:
        marker = _fold_marker()
        built = _build_fast_tables()
        if built and _native is not None:
            # Before _fast: whoever sees the tables finds the C lookup set.
            trad = np.zeros(0x10000, dtype=bool)
            trad[list(t2s_tables()[2])] = True  # the characters OpenCC converts (the phrases matter only beside one)
            phrases = "".join(p + "\0" for p in built[2]).encode(f"utf-16-{sys.byteorder[0]}e")
            _native.set_fold16(built[0].tobytes(), phrases, np.packbits(trad, bitorder="little").tobytes())
        _fast[:] = [marker, *(built[:2] if built else (None, None))]
    return _fast


def _build_fast_tables() -> tuple[object, object, list[str]] | tuple[()]:
    """(numpy lookup table over UTF-16-LE code units, automaton of the phrases OpenCC converts otherwise than
    character by character, those phrases sorted), or () when the fast path cannot be proven equal to OpenCC (another
    OpenCC version than the phrase list's)."""
    import ahocorasick_rs

    cc, _trad_re, table = t2s_tables()
    lines = T2S_PHRASES.read_text(encoding="utf-8").splitlines()
    version = lines[0].removeprefix("# OpenCC").strip() if lines else ""
    if not version or version != _installed_opencc():
        return ()
    phrases = [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]
    if not all(is_cjk(ch) for p in phrases for ch in p):
        return ()  # the phrase check reads the original text, where only ideographs are sure to be as folded
    differ = [p for p in phrases if cc.convert(p) != p.translate(table)]  # type: ignore[attr-defined]
    if any(len(p) < 2 for p in differ):
        return ()  # a "phrase" of one character: not the dictionary of phrases the fast paths are written for
    lut = np.arange(0x10000, dtype=np.uint16)
    lut[0xD800:0xE000] = _SENTINEL
    # Only characters that lowering, the NFKC table or OpenCC's table change can map elsewhere.
    upper = [cp for cp in range(0x10000) if not 0xD800 <= cp < 0xE000 and chr(cp).lower() != chr(cp)]
    changing = sorted({*upper, *(c for c in FOLD_TABLE if c < 0x10000), *(c for c in table if c < 0x10000)})
    for cp in changing:
        if 0xD800 <= cp < 0xE000:
            continue
        c = chr(cp)
        low = c.lower()
        if len(low) != 1 or c == "\u03a3":
            lut[cp] = _SENTINEL  # no 1:1 lower case, or one that depends on the neighbours (final sigma)
            continue
        f = FOLD_TABLE.get(ord(low), low)
        if f != c and is_cjk(f):
            # A compatibility ideograph or a radical that folds into an ideograph: it could complete a phrase that
            # the original text does not hold (the phrase check below reads the original).
            lut[cp] = _SENTINEL
            continue
        out = table.get(ord(f), f) if len(f) == 1 else f
        if len(out) != 1 or ord(out) > 0xFFFF or 0xD800 <= ord(out) < 0xE000:
            lut[cp] = _SENTINEL
            continue
        lut[cp] = ord(out)
    lut[_SENTINEL] = _SENTINEL
    ac = (
        ahocorasick_rs.BytesAhoCorasick(
            [p.encode("utf-16-le") for p in differ], implementation=ahocorasick_rs.Implementation.DFA
        )
        if differ
        else None
    )
    # OpenCC's t2s reads a text by forward maximum matching over TSPhrases (at each position the longest phrase
    # starting there, else one character) and writes each phrase's value, each other character its own: that is
    # a leftmost-longest search over all the phrases (a phrase that reads alike character by character can still
    # hide a differing one it overlaps).  Where a differing phrase is read, its value replaces the table's output.
    values = [cc.convert(p) for p in phrases]  # type: ignore[attr-defined]
    if any(len(v) != len(p) for p, v in zip(phrases, values, strict=True)):
        return ()  # a phrase that changes the length: OpenCC's output would not be 1:1 (not so in 1.4.2)
    _fmm[:] = [
        ahocorasick_rs.AhoCorasick(phrases, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest),
        [v if v != p.translate(table) else None for p, v in zip(phrases, values, strict=True)],
        t2s_tables()[1],
    ]
    return lut, ac, sorted(differ)


# --- the same for any text: one table lookup per code point -------------------------------------------------------
# Texts with characters above U+FFFF (Cantonese writes 𡃉, 𠻺) or whose folding leaves the BMP (OpenCC writes 嗰 as
# an astral character) cannot use the UTF-16 table above.  A table of the code points below U+30000 (the BMP and the
# supplementary ideographic planes; 768 KiB of uint32, built by warm_up or on the first such text) says the same for
# them: it is built by the rules of the UTF-16 table, and a character whose conversion OpenCC would make only in some
# texts (it converts every character once it runs, but runs only for a text holding one of its table's characters)
# maps to the sentinel, as does every code point above the table (take(mode="clip") sends them to its last entry).
_WIDE_SIZE = 0x30000
_wide: list = []  # [lookup table or None], built on first use
_wide_lock = threading.Lock()  # not t2s's lock: building takes it (t2s_tables)


def wide_state():  # type: ignore[no-untyped-def]
    """The code-point table of :func:`fold_wide` (built once per process), or None when the fast path is off."""
    if not _wide:
        with _wide_lock:
            if not _wide:
                lut = _build_wide_lut() if fold_state()[1] is not None else None
                if lut is not None and _native is not None:
                    _native.set_fold32(lut.tobytes())
                _wide.append(lut)
    return _wide[0]


def _build_wide_lut():  # type: ignore[no-untyped-def]
    cc, _trad_re, table = t2s_tables()
    lut = np.arange(_WIDE_SIZE, dtype=np.uint32)
    lut[0xD800:0xE000] = _SENTINEL
    lut[_SENTINEL] = _SENTINEL
    lut[_WIDE_SIZE - 1] = _SENTINEL  # a noncharacter; take(mode="clip") sends every code point above here to it
    pending: dict[int, str] = {}  # code point -> its folded character, which OpenCC must leave alone
    for cp in range(_WIDE_SIZE - 1):
        if 0xD800 <= cp < 0xE000 or cp == _SENTINEL:
            continue
        c = chr(cp)
        low = c.lower()
        if len(low) != 1 or c == "\u03a3":
            lut[cp] = _SENTINEL
            continue
        f = FOLD_TABLE.get(ord(low), low)
        if f != c and is_cjk(f):
            lut[cp] = _SENTINEL
            continue
        if ord(f) in table:
            lut[cp] = ord(table[ord(f)])
        else:
            lut[cp] = ord(f)
            if ord(f) >= 0x80:
                pending[cp] = f
    cps = list(pending)
    converted = cc.convert("\n".join(pending[cp] for cp in cps)).split("\n")  # type: ignore[attr-defined]
    if len(converted) != len(cps):
        return None
    for cp, out in zip(cps, converted, strict=True):
        if out != pending[cp]:
            lut[cp] = _SENTINEL  # OpenCC converts it, but only in a text it runs on
    return lut


def fold_wide(text: str) -> str:
    """:func:`fold` for a text the UTF-16 table cannot fold (astral characters, or a folding that leaves the BMP)."""
    lut = _wide[0] if _wide else wide_state()
    if lut is None:
        return fold_reference(text)
    codes = _frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=_U32)
    out = lut.take(codes, mode="clip").tobytes().decode("utf-32-le", "surrogatepass")
    if _SENTINEL_CH in out:
        return fold_reference(text)
    ac = _fast[2]
    if (
        ac is not None
        and _fmm[2].search(text) is not None
        and ac.find_matches_as_indexes(text.encode("utf-16-le", "surrogatepass"), overlapping=False)
    ):
        return _with_phrases(text, out)  # the phrases are BMP ideographs: as in fold_bmp
    return out


_U32 = np.uint32


def fold(text: str) -> str:
    """1:1 folding: case, NFKC letters/digits (full-width, circled, math), traditional -> simplified; equal to
    :func:`fold_reference`."""
    state = _fast or fold_state()
    if _native_fold is not None and state[1] is not None:
        # The tables' lookup in C (_textscan.c).  None: a sentinel, or the start of a phrase OpenCC may read as a
        # whole; the paths below decide.
        out = _native_fold(text)
        if out is not None:
            return out
    if may_have_astral(text):
        return fold_wide(text) if state[1] is not None else fold_reference(text)
    marker, lut, ac = state
    if marker.search(text) is None:
        return text  # nothing to lower, fold or simplify: the common case, one C-level scan
    return fold_bmp(text, lut, ac)


def fold_bmp(text: str, lut, ac) -> str:  # type: ignore[no-untyped-def]
    """Fold a BMP text that holds something to fold: one table lookup per code unit, unless the text holds what
    the table cannot say (see above)."""
    if lut is None:
        return fold_reference(text)
    data = text.encode("utf-16-le", "surrogatepass")
    out = lut.take(_frombuffer(data, dtype=_U16)).tobytes().decode("utf-16-le", "surrogatepass")
    if _SENTINEL_CH in out:
        return fold_wide(text)
    if ac is not None and _fmm[2].search(text) is not None and ac.find_matches_as_indexes(data, overlapping=False):
        # A phrase OpenCC reads as a whole may be here (a match at an odd byte is none): read the text as OpenCC
        # does.  The phrases are ideographs, which lowering and the NFKC table leave as they are (the table's
        # sentinel sent every text where they would not to the reference above), so the original is read.  Without
        # a character OpenCC converts (the trad regex first, a cheaper scan) it does not run and no phrase matters.
        return _with_phrases(text, out)
    return out


_fmm: list = []  # [leftmost-longest automaton of all TSPhrases keys, each key's value or None, trad regex]


def _with_phrases(text: str, out: str) -> str:
    """``out`` (the per-character table's folding of ``text``) with the phrases OpenCC reads as a whole written
    as OpenCC writes them; OpenCC runs only when ``text`` holds a character it converts (as in to_simplified)."""
    fmm, values, trad_re = _fmm
    if trad_re.search(text) is None:
        return out
    parts: list[str] = []
    prev = 0
    for idx, s, e in fmm.find_matches_as_indexes(text):
        v = values[idx]
        if v is not None:
            parts.append(out[prev:s])
            parts.append(v)
            prev = e
    if not parts:
        return out
    parts.append(out[prev:])
    return "".join(parts)


_frombuffer = np.frombuffer
_U16 = np.uint16

try:  # the tables' lookup in C (setup.py builds it where a compiler is found); fold_bmp and fold_wide otherwise
    from . import _textscan as _native
except ImportError:  # pragma: no cover - exercised where the extension was not built
    _native = None
_native_fold = _native.fold if _native is not None else None
