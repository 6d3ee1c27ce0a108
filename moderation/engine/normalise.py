"""Text normalisation with an offset map back to the original string.

The engine matches against a normalised copy of each field, but every match must be reported
against the ORIGINAL text.  To stay fast on megabyte-sized input we never build a per-character
map: all character *substitutions* are 1:1 (same length), so only *deletions* move offsets, and
we keep just the sorted list of deleted original positions.  Mapping a hit back is then a couple
of bisections, done only for the (few) hits.

Levels:
    folded   -- 1:1 substitutions only (lower case, NFKC/full-width letters and digits,
                traditional -> simplified).  Same length as the original: offsets are identical.
    contact  -- folded, minus invisible characters and "noise" (symbols, emoji, spaces between
                CJK) sitting between two word characters.  Used by the contact detectors, which
                must see repeated digits intact.
    text     -- contact level, plus runs of a repeated character collapsed.  Used for the lexicon.
"""

from __future__ import annotations

import bisect
import re
import threading
import unicodedata
from dataclasses import dataclass, field

CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007\U00020000-\U0002fa1f"
CJK_RE = re.compile(f"[{CJK_CLASS}]")


def is_cjk(ch: str) -> bool:
    """True for a CJK ideograph (including 〇)."""
    return CJK_RE.match(ch) is not None


def _ranges(chars: list[str]) -> str:
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
_FOLD_RE = re.compile(
    "[\u00aa-\u02ff\u2070-\u2fdf\u3200-\u33ff\uf900-\ufb4f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
    "\uff66-\uffef\U0001d400-\U0001d7ff\U0001f100-\U0001f1ff\U0002f800-\U0002fa1f]+"
)
# Characters outside the scanned blocks are simply not folded (rare compatibility forms).
FOLD_TABLE = {c: v for c, v in FOLD_TABLE.items() if _FOLD_RE.match(chr(c))}

# --- traditional -> simplified ---------------------------------------------------------------
_t2s_lock = threading.Lock()
_t2s_state: dict[str, object] = {}


def _t2s() -> tuple[object, re.Pattern[str], dict[int, str]]:
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
            _t2s_state["re"] = re.compile(f"[{_ranges([chr(c) for c in table])}]")
            _t2s_state["table"] = table
    return _t2s_state["cc"], _t2s_state["re"], _t2s_state["table"]  # type: ignore[return-value]


def to_simplified(text: str) -> str:
    """Traditional -> simplified, length-preserving; OpenCC runs only if a traditional char is present."""
    cc, trad_re, table = _t2s()
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
    low = text.lower()
    if len(low) != len(text):  # e.g. "İ" lowers to two code points; keep offsets exact
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if _FOLD_RE.search(low) is not None:
        low = _FOLD_RE.sub(lambda m: m.group().translate(FOLD_TABLE), low)
    return to_simplified(low)


# --- deletions ------------------------------------------------------------------------------
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\u0300-\u036f\u20d0-\u20ff\ufe20-\ufe2f"
    "\U000e0000-\U000e007f"
)
_HSPACE = " \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# Symbols people sprinkle between the characters of a word (六★合★彩, c.a.s.i.n.o, 加【微】信).
# Sentence punctuation (，。、；：？！) and the very common “”《》（） are NOT in this set: they
# separate real words, and scanning for them would cost time on every article.
_SYMBOLS = (
    r"\-.*_~|/\\^+=#$&@'\"`<>()\[\]{}"
    "．－—★☆♥♡❤✿❀◆◇■□●○▲△▼▽※〓【】〔〕〖〗［］｛｝＊＿～｜／＼＋＝＃＄＆＠·・•‧∙°「」『』＜＞﹏"
    "\u2190-\u21ff\u2200-\u23ff\u2500-\u27bf\u2900-\u2bff\u3030\u303d\u3297\u3299"
    "\U0001f000-\U0001faff"
)
_NOISE_RE = re.compile(f"[{_INVISIBLE}{_HSPACE}{_SYMBOLS}]+")
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_HSPACE_RE = re.compile(f"[{_HSPACE}]")
MAX_NOISE_RUN = 4
# Repeats: CJK doubles collapse (六六合合彩彩), Latin letters only from three (casssino) because
# double letters are normal in English.  Digits never collapse.
_REPEAT_RE = re.compile(f"([{CJK_CLASS}])\\1+|([a-z])\\2{{2,}}")


def _noise_deletions(t: str) -> list[int]:
    dels: list[int] = []
    n = len(t)
    for m in _NOISE_RE.finditer(t):
        a, b = m.span()
        run = m.group()
        ok = False
        if b - a <= MAX_NOISE_RUN and a > 0 and b < n and t[a - 1].isalnum() and t[b].isalnum():
            # Spaces are only noise between CJK characters; between Latin words they are real.
            ok = _HSPACE_RE.search(run) is None or (is_cjk(t[a - 1]) and is_cjk(t[b]))
        if ok:
            dels.extend(range(a, b))
        elif _INVISIBLE_RE.search(run) is not None:
            dels.extend(a + i for i, c in enumerate(run) if _INVISIBLE_RE.match(c))
    return dels


def _delete(t: str, dels: list[int]) -> str:
    if not dels:
        return t
    parts: list[str] = []
    prev = 0
    for d in dels:
        if d > prev:
            parts.append(t[prev:d])
        prev = d + 1
    parts.append(t[prev:])
    return "".join(parts)


def _lift(dels_inner: list[int], dels_outer: list[int]) -> list[int]:
    """Map sorted positions of a derived string back to positions of its source string."""
    out: list[int] = []
    p = 0
    n = len(dels_outer)
    for j in dels_inner:
        while p < n and dels_outer[p] <= j + p:
            p += 1
        out.append(j + p)
    return out


def _to_orig(dels: list[int], i: int) -> int:
    o = i
    while True:
        k = bisect.bisect_right(dels, o)
        if i + k == o:
            return o
        o = i + k


@dataclass(slots=True)
class Normalised:
    """A field in its three normalised forms, plus what is needed to map offsets back."""

    original: str
    folded: str
    contact: str
    text: str
    contact_dels: list[int] = field(default_factory=list)
    text_dels: list[int] = field(default_factory=list)
    collapsed: frozenset[int] = frozenset()

    def text_to_contact(self, start: int, end: int) -> tuple[int, int]:
        """Map [start, end) of the ``text`` level to the ``contact`` level (repeats intact)."""
        if self.text_dels is self.contact_dels:
            return start, end
        s = _to_orig(self.text_dels, start)
        e = _to_orig(self.text_dels, end - 1) + 1
        return s - bisect.bisect_left(self.contact_dels, s), e - bisect.bisect_left(self.contact_dels, e)

    def span(self, start: int, end: int, level: str = "text") -> tuple[int, int]:
        """Map [start, end) of the ``text`` (or ``contact``/``folded``) level to the original."""
        if level == "folded" or end <= start:
            return start, end
        dels = self.text_dels if level == "text" else self.contact_dels
        if not dels:
            return start, end
        s = _to_orig(dels, start)
        e = _to_orig(dels, end - 1) + 1
        if level == "text":
            # A collapsed run belongs to the match: 六六合合彩彩 -> span covers the last 彩 too.
            while e in self.collapsed and self.folded[e] == self.folded[e - 1]:
                e += 1
        return s, e


def normalise(text: str) -> Normalised:
    """Normalise one field; see the module docstring for the levels."""
    folded = fold(text)
    contact_dels = _noise_deletions(folded)
    contact = _delete(folded, contact_dels)
    rep: list[int] = []
    for m in _REPEAT_RE.finditer(contact):
        rep.extend(range(m.start() + 1, m.end()))
    if not rep:
        return Normalised(text, folded, contact, contact, contact_dels, contact_dels)
    rep_orig = _lift(rep, contact_dels)
    text_dels = sorted(contact_dels + rep_orig)
    return Normalised(text, folded, contact, _delete(contact, rep), contact_dels, text_dels, frozenset(rep_orig))


def normalise_many(items: list[str]) -> list[str]:
    """Normalise many short strings (lexicon terms) in one pass: they are joined by newlines,
    which no normalisation step touches, so the split gives back one result per item."""
    if not items:
        return []
    cleaned = [s.replace("\n", " ").strip() for s in items]
    return normalise("\n".join(cleaned)).text.split("\n")
