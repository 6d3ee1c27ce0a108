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
from itertools import accumulate, chain

from .charclass import (
    _HSPACE,
    _INVISIBLE,
    _INVISIBLE_ASTRAL,
    _INVISIBLE_BMP,
    _SYMBOLS,
    _SYMBOLS_ASTRAL,
    _SYMBOLS_BMP,
    CJK_BMP,
    CJK_CLASS,
    CJK_RE,
    bmp_chars,
    char_ranges,
    class_table,
    is_cjk,
)
from .fold import FOLD_TABLE, fold, fold_bmp, fold_state, may_have_astral
from .t2s import t2s_tables, to_simplified

__all__ = [
    "CJK_CLASS",
    "CJK_RE",
    "FOLD_TABLE",
    "DeletionMap",
    "Normalised",
    "fold",
    "is_cjk",
    "may_have_astral",
    "normalise",
    "normalise_many",
    "to_simplified",
    "without_invisible",
]

# --- deletions (the classes are charclass's) ---------------------------------------------------
_NOISE_RE = re.compile(f"[{_INVISIBLE}{_HSPACE}{_SYMBOLS}]+")
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_INVISIBLE_RUN_RE = re.compile(f"([{_INVISIBLE}]+)")
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
    cjk = CJK_CLASS if astral else CJK_BMP
    noise = f"[{inv}{hspace}{sym}]"
    quiet = f"[{inv}{sym}]"  # noise without spaces
    alnum = r"[^\W_]"  # str.isalnum()
    more = f"{{0,{MAX_NOISE_RUN - 1}}}"
    # With ``mark``: a character of that class matches with an empty group 2, and with it the rest of the text (the
    # caller folds the text and starts again: a split must not go on cutting the text at every such character).
    first = f"[{inv}{hspace}{sym}{mark}]" if mark else noise
    return re.compile(
        f"({first}"
        "(?:" + (f"(?<=[{mark}])()[\\s\\S]*|" if mark else "") +
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

    @classmethod
    def of(cls, at: list[int], cum: list[int], run_lens: list[int]) -> DeletionMap:
        """The map from its arrays (as _textscan.noise computes them)."""
        m = cls.__new__(cls)
        m.at, m.cum, m.run_lens = at, cum, run_lens
        return m

    def __bool__(self) -> bool:
        return bool(self.at)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source span of the derived span [start, end) (an empty one: empty, before the start's source)."""
        s = self.to_source(start)
        return (s, self.to_source(end - 1) + 1) if end > start else (s, s)

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


def without_invisible(t: str) -> tuple[str, DeletionMap | None]:
    """``t`` without its invisible characters (zero-width spaces, joiners, soft hyphens, variation selectors...), and
    the map back (None: there were none).  A reader does not see them, so no check may: 扣\u200b扣 is 扣扣, and every
    level and detector reads the text as shown."""
    if _INVISIBLE_RE.search(t) is None:
        return t, None
    return split_deletions(_INVISIBLE_RUN_RE, t)


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
            return self.contact_map.span(start, end) if self.contact_map else (start, end)
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
_getsizeof = sys.getsizeof


def _clean_split_re() -> re.Pattern[str]:
    """Deletion regex for BMP text that also stops at any character that lowering, folding or
    t2s would change (group 2 then matches, empty): when none is found, the text IS its folded
    form and one ``split`` gives the contact level (saves the separate fold pre-check scan).
    The noise classes leave those characters out, so a noise run can never swallow one."""
    rx = _clean_state.get("re")
    if rx is None:
        _, _, table = t2s_tables()
        changing = {chr(c) for c in FOLD_TABLE if c < 0x10000} | {chr(c) for c in table}
        changing |= {chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000 and chr(c).lower() != chr(c)}
        inv = char_ranges(sorted(set(bmp_chars(_INVISIBLE_BMP)) - changing))
        sym = char_ranges(sorted(set(bmp_chars(_SYMBOLS_BMP)) - changing))
        hspace = char_ranges(sorted(set(bmp_chars(_HSPACE)) - changing))
        mark = char_ranges(sorted(changing))
        rx = _build_deletion_re(astral=False, inv=inv, sym=sym, hspace=hspace, mark=mark)
        _clean_state["re"] = rx
    return rx


def normalise(text: str) -> Normalised:
    """Normalise one field; see the module docstring for the levels."""
    if _native is not None and (_clean_state.get("native") or _native_tables()):
        # Both passes in C (_textscan.c): the same strings and map as below, without numpy's and the regexes' cost
        # per call.
        folded = fold(text)
        deleted = _native_noise(folded)
        if deleted is None:
            return Normalised(text, folded, folded, None)
        return Normalised(text, folded, deleted[0], DeletionMap.of(deleted[1], deleted[2], deleted[3]))
    if _getsizeof(text) < 4 * len(text) + 60:  # may_have_astral(text) is False, inlined: this runs on every text
        parts = (_clean_state.get("re") or _clean_split_re()).split(text)
        if len(parts) == 1:
            return Normalised(text, text, text, None)
        marks = parts[2::3]
        if marks.count(None) == len(marks):
            pieces = parts[0::3]
            return Normalised(text, text, "".join(pieces), DeletionMap(pieces, parts[1::3]))
        # Something to fold (the split stopped at it): fold the BMP text, then delete the noise.
        _marker, lut, ac = fold_state()
        folded = fold_bmp(text, lut, ac)
    else:
        folded = fold(text)
    rx = _DELETION_RE if may_have_astral(folded) else _DELETION_RE_BMP
    contact, cmap = split_deletions(rx, folded)
    return Normalised(text, folded, contact, cmap)


def noise_classes() -> bytes:
    """The BMP class table of _textscan.noise: the deletion regexes' classes, str.isalnum (what their [^\\W_] tests)
    and the CJK ideographs, a bit each (the C code knows the few ranges above the BMP itself)."""
    return class_table([(_INVISIBLE_BMP, 1), (_HSPACE, 2), (_SYMBOLS_BMP, 4), (r"^\W_", 8), (CJK_BMP, 16)])


def _native_tables() -> bool:
    """Give the C passes their tables (once per process)."""
    _native.set_noise(noise_classes())  # type: ignore[union-attr]
    _clean_state["native"] = True
    return True


try:  # both passes in C (setup.py builds them where a compiler is found); numpy and the regexes otherwise
    from . import _textscan as _native
except ImportError:  # pragma: no cover - exercised where the extension was not built
    _native = None
_native_noise = _native.noise if _native is not None else None


def normalise_many(items: list[str]) -> list[str]:
    """Normalise many short strings (lexicon terms) in one pass: they are joined by newlines,
    which no normalisation step touches, so the split gives back one result per item.  The contact level: folded
    and without noise, repeated characters kept (a term's own 色色 or 扣扣 is not collapsed)."""
    if not items:
        return []
    cleaned = [s.replace("\n", " ").strip() for s in items]
    return normalise("\n".join(cleaned)).contact.split("\n")
