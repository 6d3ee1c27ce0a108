"""Character-for-character folding: case, NFKC/full-width forms, other digit forms, traditional -> simplified.

Every substitution here is 1:1 (same length), so offsets into folded text are offsets into the original;
`normalise.py` builds the deletions and the offset map on top of this.
"""

from __future__ import annotations

import re
import sys
import threading
import unicodedata

CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007\U00020000-\U0002fa1f"
CJK_RE = re.compile(f"[{CJK_CLASS}]")


def is_cjk(ch: str) -> bool:
    """True for a CJK ideograph (including 〇)."""
    return CJK_RE.match(ch) is not None


def char_ranges(chars: list[str]) -> str:
    """Compress a set of characters into a regex character-class body."""
    cps = sorted({ord(c) for c in chars})
    out: list[str] = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        a, b = cps[i], cps[j]
        out.append(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}")
        i = j + 1
    return "".join(out)


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
}


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
            if len(n) == 1 and (n.isalnum() or is_cjk(n)):
                table[cp] = n
    table.update(_EXTRA_DIGITS)
    return table


FOLD_TABLE = _build_fold_table()
# Scan with a few coarse blocks (a class of thousands of scattered ranges is 10x slower); the
# translate leaves unmapped characters in a run unchanged.  Common punctuation blocks
# (U+2000-206F, full-width ，！：) are left out on purpose: they are in every Chinese article.
_FOLD_BMP = "\u00aa-\u02ff\u2070-\u2fdf\u3200-\u33ff\uf900-\ufb4f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff66-\uffef"
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


# --- traditional -> simplified ---------------------------------------------------------------
_t2s_lock = threading.Lock()
_t2s_state: dict[str, object] = {}


def t2s_tables() -> tuple[object, re.Pattern[str], dict[int, str]]:
    """OpenCC converter, a regex of the characters it changes, and a char-level fallback table.

    Built once per process: OpenCC converts all ~27k CJK code points in one call (a few ms).
    """
    with _t2s_lock:
        if not _t2s_state:
            import opencc

            cc = opencc.OpenCC("t2s")
            chars = [chr(c) for c in range(0x3400, 0xA000)]
            converted = cc.convert("\n".join(chars)).split("\n")
            table = {ord(a): b for a, b in zip(chars, converted, strict=True) if a != b and len(b) == 1}
            _t2s_state["cc"] = cc
            _t2s_state["re"] = re.compile(f"[{char_ranges([chr(c) for c in table])}]")
            _t2s_state["table"] = table
            # One BMP-only class for "lower(), folding or t2s could change something here": a
            # single bitmap-checked scan decides for clean text, which then is not even lowered.
            upper = [chr(c) for c in range(0xD800) if chr(c).lower() != chr(c)]
            upper += [chr(c) for c in range(0xE000, 0x10000) if chr(c).lower() != chr(c)]
            _t2s_state["marker"] = re.compile(f"[{_FOLD_BMP}{char_ranges(upper + [chr(c) for c in table])}]")
    return _t2s_state["cc"], _t2s_state["re"], _t2s_state["table"]  # type: ignore[return-value]


def _fold_marker() -> re.Pattern[str]:
    t2s_tables()
    return _t2s_state["marker"]  # type: ignore[return-value]


def to_simplified(text: str) -> str:
    """Traditional -> simplified, length-preserving; OpenCC runs only if a traditional char is present."""
    cc, trad_re, table = t2s_tables()
    if trad_re.search(text) is None:
        return text
    out = cc.convert(text)  # type: ignore[attr-defined]
    if len(out) == len(text):
        return out
    # A phrase conversion changed the length: fall back to the per-character table so that
    # offsets stay 1:1.
    return text.translate(table)


def fold(text: str) -> str:
    """1:1 folding: case, NFKC letters/digits (full-width, circled, math), traditional -> simplified."""
    if not may_have_astral(text) and _fold_marker().search(text) is None:
        return text  # nothing to lower, fold or simplify: the common case, one C-level scan
    low = text.lower()
    if len(low) != len(text):  # e.g. "İ" lowers to two code points; keep offsets exact
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if _FOLD_RE.search(low) is not None:
        low = _FOLD_RE.sub(lambda m: m.group().translate(FOLD_TABLE), low)
    return to_simplified(low)
