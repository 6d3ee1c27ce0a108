"""Text normalisation with an offset map back to the original string.

The engine matches against a normalised copy of each field, but every match must be reported
against the ORIGINAL text.  To stay fast on megabyte-sized input we never build a per-character
map: all character *substitutions* are 1:1 (same length), so only *deletions* move offsets, and
we keep just the deleted runs (:class:`DeletionMap`).  Mapping a hit back is then a bisection,
done only for the (few) hits.

Speed: clean text must cost (almost) nothing, so every step is one C-level pass that skips clean
text: one BMP-only character-class scan decides whether lowering/folding/t2s could change
anything at all (usually not: the text is returned as is), and one regex (``re.split``) both finds
and removes the noise.  There is no per-character Python code on the whole text.

Levels:
    folded   -- 1:1 substitutions only (lower case, NFKC/full-width letters and digits,
                traditional -> simplified).  Same length as the original: offsets are identical.
    contact  -- folded, minus invisible characters and "noise" (symbols, emoji, spaces between
                CJK) sitting between two word characters.  Used by the contact detectors, which
                must see repeated digits intact.
    text     -- contact level, plus runs of a repeated character collapsed.  The lexicon reading;
                built lazily, because the engine gets the same hits from the contact level plus
                collapsed windows around repeated key characters (see Engine._lexicon_matches).
"""

from __future__ import annotations

import bisect
import operator
import re
import sys
import threading
import unicodedata
from itertools import accumulate, chain

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
            # One BMP-only class for "lower(), folding or t2s could change something here": a
            # single bitmap-checked scan decides for clean text, which then is not even lowered.
            upper = [chr(c) for c in range(0xD800) if chr(c).lower() != chr(c)]
            upper += [chr(c) for c in range(0xE000, 0x10000) if chr(c).lower() != chr(c)]
            _t2s_state["marker"] = re.compile(f"[{_FOLD_BMP}{_ranges(upper + [chr(c) for c in table])}]")
    return _t2s_state["cc"], _t2s_state["re"], _t2s_state["table"]  # type: ignore[return-value]


def _fold_marker() -> re.Pattern[str]:
    _t2s()
    return _t2s_state["marker"]  # type: ignore[return-value]


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
    if not may_have_astral(text) and _fold_marker().search(text) is None:
        return text  # nothing to lower, fold or simplify: the common case, one C-level scan
    low = text.lower()
    if len(low) != len(text):  # e.g. "İ" lowers to two code points; keep offsets exact
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if _FOLD_RE.search(low) is not None:
        low = _FOLD_RE.sub(lambda m: m.group().translate(FOLD_TABLE), low)
    return to_simplified(low)


# --- deletions ------------------------------------------------------------------------------
_INVISIBLE_BMP = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\u0300-\u036f\u20d0-\u20ff\ufe20-\ufe2f"
)
_INVISIBLE_ASTRAL = "\U000e0000-\U000e007f"
_INVISIBLE = _INVISIBLE_BMP + _INVISIBLE_ASTRAL
_HSPACE = " \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# Symbols people sprinkle between the characters of a word (六★合★彩, c.a.s.i.n.o, 加【微】信).
# Sentence punctuation (，。、；：？！) and the very common “”《》（） are NOT in this set: they
# separate real words, and scanning for them would cost time on every article.
_SYMBOLS_BMP = (
    r"\-.*_~|/\\^+=#$&@'\"`<>()\[\]{}"
    "．－—★☆♥♡❤✿❀◆◇■□●○▲△▼▽※〓【】〔〕〖〗［］｛｝＊＿～｜／＼＋＝＃＄＆＠·・•‧∙°「」『』＜＞﹏"
    "\u2190-\u21ff\u2200-\u23ff\u2500-\u27bf\u2900-\u2bff\u3030\u303d\u3297\u3299"
)
_SYMBOLS_ASTRAL = "\U0001f000-\U0001faff"
_SYMBOLS = _SYMBOLS_BMP + _SYMBOLS_ASTRAL
_NOISE_RE = re.compile(f"[{_INVISIBLE}{_HSPACE}{_SYMBOLS}]+")
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_HSPACE_RE = re.compile(f"[{_HSPACE}]")
MAX_NOISE_RUN = 4
# Repeats: CJK doubles collapse (六六合合彩彩), Latin letters only from three (casssino) because
# double letters are normal in English.  Digits never collapse.
_REPEAT_RE = re.compile(f"([{CJK_CLASS}])\\1+|([a-z])\\2{{2,}}")


def _build_deletion_re(
    astral: bool, *, inv: str = "", sym: str = "", hspace: str = _HSPACE, mark: str = ""
) -> re.Pattern[str]:
    """One regex whose matches are exactly what the contact level deletes (see
    :func:`_noise_deletions_reference`): a maximal run of at most MAX_NOISE_RUN noise characters
    between two alphanumerics (between two CJK characters if the run holds a space), or else a
    single invisible character.  It starts with the noise class itself, so CPython's ``re`` skips
    clean text with one bitmap lookup per character; neighbours are checked with look-behinds
    placed AFTER the first character (a leading look-behind would disable that skip)."""
    inv = inv or _INVISIBLE_BMP + (_INVISIBLE_ASTRAL if astral else "")
    sym = sym or _SYMBOLS_BMP + (_SYMBOLS_ASTRAL if astral else "")
    cjk = CJK_CLASS if astral else "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007"
    noise = f"[{inv}{hspace}{sym}]"
    quiet = f"[{inv}{sym}]"  # noise without spaces
    alnum = r"[^\W_]"  # str.isalnum()
    more = f"{{0,{MAX_NOISE_RUN - 1}}}"
    # With ``mark``: a character of that class matches alone, with an empty group 2.
    first = f"[{inv}{hspace}{sym}{mark}]" if mark else noise
    return re.compile(
        f"({first}"
        "(?:" + (f"(?<=[{mark}])()|" if mark else "") +
        # run without spaces between two alphanumerics (that are not noise themselves)
        f"(?<={alnum}{quiet})(?<!{noise}{noise}){quiet}{more}(?!{noise})(?={alnum})"
        # any run between two CJK characters
        f"|(?<=[{cjk}]{noise})(?<={alnum}.){noise}{more}(?!{noise})(?=[{cjk}])(?={alnum})"
        # otherwise only invisible characters go
        f"|(?<=[{inv}])"
        "))"
    )


_DELETION_RE_BMP = _build_deletion_re(astral=False)
_DELETION_RE = _build_deletion_re(astral=True)


def _noise_deletions_reference(t: str) -> list[int]:
    """Plain-Python statement of the contact-level deletions (kept for tests)."""
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


class DeletionMap:
    """Offsets of a string derived from ``source`` by deleting runs of characters.

    Built from ``re.split`` output with one capturing group (kept pieces and deleted runs
    alternate), using only C-level operations (``map``/``accumulate``), so a text with thousands
    of deletions costs no per-deletion Python code.  ``at[k]`` is the derived-string index in
    front of which run k was deleted, ``cum[k]`` the number of characters deleted up to and
    including run k.
    """

    __slots__ = ("at", "cum", "run_lens")

    def __init__(self, pieces: list[str], runs: list[str]) -> None:
        self.run_lens = list(map(len, runs))
        self.at = list(accumulate(map(len, pieces[:-1])))
        self.cum = list(accumulate(self.run_lens))

    def __bool__(self) -> bool:
        return bool(self.at)

    def to_source(self, i: int) -> int:
        """Source index of the derived character at ``i``."""
        k = bisect.bisect_right(self.at, i)
        return i + self.cum[k - 1] if k else i

    def source_starts(self) -> list[int]:
        """Source index of the first character of each deleted run."""
        return list(map(operator.add, self.at, [0, *self.cum[:-1]]))

    def positions(self) -> list[int]:
        """Sorted source positions of every deleted character."""
        starts = self.source_starts()
        return list(chain.from_iterable(map(range, starts, map(operator.add, starts, self.run_lens))))


def split_deletions(rx: re.Pattern[str], t: str) -> tuple[str, DeletionMap | None]:
    """Apply a deletion regex (one capturing group around the whole match) to ``t``."""
    parts = rx.split(t)
    if len(parts) == 1:
        return t, None
    pieces = parts[0::2]
    return "".join(pieces), DeletionMap(pieces, parts[1::2])


def _to_orig(dels: list[int], i: int) -> int:
    o = i
    while True:
        k = bisect.bisect_right(dels, o)
        if i + k == o:
            return o
        o = i + k


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


class Normalised:
    """A field in its three normalised forms, plus what is needed to map offsets back.

    ``folded`` and ``contact`` are built eagerly (a few C-level passes); the repeat-collapsed
    ``text`` level is built on first use only (the engine's lexicon path does not need it, see
    :mod:`.lexicon`).
    """

    __slots__ = ("original", "folded", "contact", "contact_map", "_text")

    def __init__(self, original: str, folded: str, contact: str, contact_map: DeletionMap | None) -> None:
        self.original = original
        self.folded = folded
        self.contact = contact
        self.contact_map = contact_map
        self._text: tuple[str, list[int], list[int], frozenset[int]] | None = None

    # -- contact level --------------------------------------------------------------------
    def contact_to_orig(self, i: int) -> int:
        return self.contact_map.to_source(i) if self.contact_map else i

    @property
    def contact_dels(self) -> list[int]:
        return self.contact_map.positions() if self.contact_map else []

    # -- text level (lazy) ------------------------------------------------------------------
    def _text_level(self) -> tuple[str, list[int], list[int], frozenset[int]]:
        if self._text is None:
            contact_dels = self.contact_dels
            rep: list[int] = []
            for m in _REPEAT_RE.finditer(self.contact):
                rep.extend(range(m.start() + 1, m.end()))
            if not rep:
                self._text = (self.contact, contact_dels, contact_dels, frozenset())
            else:
                rep_orig = _lift(rep, contact_dels)
                text_dels = sorted(contact_dels + rep_orig)
                self._text = (_delete(self.contact, rep), contact_dels, text_dels, frozenset(rep_orig))
        return self._text

    @property
    def text(self) -> str:
        return self._text_level()[0]

    @property
    def text_dels(self) -> list[int]:
        return self._text_level()[2]

    @property
    def collapsed(self) -> frozenset[int]:
        return self._text_level()[3]

    def text_to_contact(self, start: int, end: int) -> tuple[int, int]:
        """Map [start, end) of the ``text`` level to the ``contact`` level (repeats intact)."""
        _, contact_dels, text_dels, _ = self._text_level()
        if text_dels is contact_dels:
            return start, end
        s = _to_orig(text_dels, start)
        e = _to_orig(text_dels, end - 1) + 1
        return s - bisect.bisect_left(contact_dels, s), e - bisect.bisect_left(contact_dels, e)

    def span(self, start: int, end: int, level: str = "text") -> tuple[int, int]:
        """Map [start, end) of the ``text`` (or ``contact``/``folded``) level to the original."""
        if level == "folded" or end <= start:
            return start, end
        if level == "contact":
            if not self.contact_map:
                return start, end
            return self.contact_map.to_source(start), self.contact_map.to_source(end - 1) + 1
        dels = self.text_dels
        if not dels:
            return start, end
        s = _to_orig(dels, start)
        e = _to_orig(dels, end - 1) + 1
        # A collapsed run belongs to the match: 六六合合彩彩 -> span covers the last 彩 too.
        collapsed = self.collapsed
        while e in collapsed and self.folded[e] == self.folded[e - 1]:
            e += 1
        return s, e


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


_clean_state: dict[str, re.Pattern[str]] = {}


def _bmp_set(class_body: str) -> set[str]:
    rx = re.compile(f"[{class_body}]")
    return {chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000 and rx.match(chr(c))}


def _clean_split_re() -> re.Pattern[str]:
    """Deletion regex for BMP text that also stops at any character that lowering, folding or
    t2s would change (group 2 then matches, empty): when none is found, the text IS its folded
    form and one ``split`` gives the contact level (saves the separate fold pre-check scan).
    The noise classes leave those characters out, so a noise run can never swallow one."""
    rx = _clean_state.get("re")
    if rx is None:
        _, _, table = _t2s()
        changing = {chr(c) for c in FOLD_TABLE if c < 0x10000} | {chr(c) for c in table}
        changing |= {chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000 and chr(c).lower() != chr(c)}
        inv = _ranges(sorted(_bmp_set(_INVISIBLE_BMP) - changing))
        sym = _ranges(sorted(_bmp_set(_SYMBOLS_BMP) - changing))
        hspace = _ranges(sorted(_bmp_set(_HSPACE) - changing))
        mark = _ranges(sorted(changing))
        rx = _build_deletion_re(astral=False, inv=inv, sym=sym, hspace=hspace, mark=mark)
        _clean_state["re"] = rx
    return rx


def normalise(text: str) -> Normalised:
    """Normalise one field; see the module docstring for the levels."""
    if not may_have_astral(text):
        parts = _clean_split_re().split(text)
        if len(parts) == 1:
            return Normalised(text, text, text, None)
        marks = parts[2::3]
        if marks.count(None) == len(marks):
            pieces = parts[0::3]
            return Normalised(text, text, "".join(pieces), DeletionMap(pieces, parts[1::3]))
    folded = fold(text)
    rx = _DELETION_RE if may_have_astral(folded) else _DELETION_RE_BMP
    contact, cmap = split_deletions(rx, folded)
    return Normalised(text, folded, contact, cmap)


def normalise_many(items: list[str]) -> list[str]:
    """Normalise many short strings (lexicon terms) in one pass: they are joined by newlines,
    which no normalisation step touches, so the split gives back one result per item."""
    if not items:
        return []
    cleaned = [s.replace("\n", " ").strip() for s in items]
    return normalise("\n".join(cleaned)).text.split("\n")
