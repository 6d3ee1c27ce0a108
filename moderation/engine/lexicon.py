"""Lexicon automaton (ahocorasick_rs) over the normalised text."""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import ahocorasick_rs

from . import prefilter
from .model import SEVERITY, Term
from .normalise import CJK_CLASS, char_ranges, normalise_many
from .variants import spellings

DEFAULT_LEXICON = Path(__file__).resolve().parent.parent / "data" / "lexicon.csv"


MIN_TERM_CHARS = 2
DFA_MAX_PATTERNS = 20_000  # beyond this a DFA's memory grows faster than its speed pays
CSV_COLUMNS = ("term", "rule", "action")
CSV_OPTIONAL_COLUMNS = ("kind", "weight", "category")


def term_key(term: str) -> str:
    """The normalised form a term is matched by: folded (case, width, traditional -> simplified), noise between its
    characters removed, but its repeated characters KEPT: 色色 stays 色色 (collapsing it would make a single
    character that matches everywhere).  Text is still read with repeats collapsed, so 六六合合彩彩 finds 六合彩."""
    return normalise_many([term])[0]


def term_problem(term: str) -> str | None:
    """Why ``term`` cannot be a lexicon term (an English message), or None."""
    key = term_key(term)
    if len(key) < MIN_TERM_CHARS:
        return f"{term!r} is shorter than {MIN_TERM_CHARS} characters after normalisation ({key!r})"
    return None


def parse_term_row(row: dict[str, str]) -> Term:
    """One CSV row (by column name) as a Term; the optional columns may be missing or empty.  Raises ValueError."""
    weight = (row.get("weight") or "").strip()
    try:
        w = float(weight) if weight else None
    except ValueError:
        raise ValueError(f"weight {weight!r} is not a number") from None
    return Term(
        (row.get("term") or "").strip(),
        (row.get("rule") or "").strip(),
        (row.get("action") or "").strip().lower(),
        kind=(row.get("kind") or "").strip().lower() or "topic",
        weight=w,
        category=(row.get("category") or "").strip(),
    )


def load_lexicon(path: str | Path = DEFAULT_LEXICON) -> list[Term]:
    """Read a ``term,rule,action[,kind,weight,category]`` CSV (UTF-8, with header).  Raises ValueError naming the
    line of a row that cannot be a term (see :func:`term_problem`)."""
    out: list[Term] = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            if not (row.get("term") or "").strip():
                continue
            try:
                t = parse_term_row(row)
            except ValueError as exc:
                raise ValueError(f"{path}: line {reader.line_num}: {exc}") from None
            problem = term_problem(t.term)
            if problem:
                raise ValueError(f"{path}: line {reader.line_num}: {problem}")
            out.append(t)
    return out


_WORD_RE = re.compile("[a-z0-9]+")
_CJK_CHAR_RE = re.compile(f"[{CJK_CLASS}]")


def _is_cjk(ch: str) -> bool:
    return _CJK_CHAR_RE.match(ch) is not None


_DOUBLE_RE = re.compile(f"([{CJK_CLASS}])\\1")
_TRIPLE_RE = re.compile(r"([a-z])\1\1")


def _expanded(segment: str) -> str:
    """Regex for the words that collapse to ``segment``: a single letter may have been written
    three or more times; a double letter (and a digit) stands as it is."""
    out = []
    for m in re.finditer(r"(.)\1*", segment):
        ch, k = m.group(1), len(m.group())
        if ch.isalpha() and k == 1:
            out.append(f"{ch}(?:{ch}{ch}+)?(?!{ch})")
        else:
            out.append(f"{m.group()}(?!{ch})" if ch.isalpha() else m.group())
    return "".join(out)


# Big-endian: a CJK character then starts with its high byte (one of ~90 values), so the
# automaton leaves its start state less often than with the low byte first; measured ~25%
# faster than UTF-16-LE on Chinese text with a 60,000-term lexicon.
_UNITS = "utf-16-be"
_NON_CJK_RE = re.compile(f"[^{CJK_CLASS}\n]+")


def _cjk_lengths(keys: list[str]) -> list[int]:
    """Number of CJK characters of each key, in C-level passes (keys hold no newline)."""
    if not keys:
        return []
    return list(map(len, _NON_CJK_RE.sub("", "\n".join(keys)).split("\n")))


def _encode_all(patterns: list[str]) -> list[bytes]:
    """UTF-16-BE encoding of every pattern with one encode call.  The patterns hold no newline; a
    b"\\n\\0" that is not an encoded newline would straddle two characters and add a piece, which
    the length check catches (then each pattern is encoded on its own)."""
    parts = "\n".join(patterns).encode(_UNITS, "surrogatepass").split(b"\x00\n")
    if len(parts) == len(patterns):
        return parts
    return [p.encode(_UNITS, "surrogatepass") for p in patterns]


_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def _is_word_char(ch: str) -> bool:
    return ch in _WORD_CHARS


class Entry(NamedTuple):
    """A normalised pattern with the strongest term behind it (a named tuple: ~5x cheaper to build than a dataclass)."""

    key: str
    term: Term
    allowed: bool  # an allow entry exists for exactly this key (allow wins on equal spans)
    left_word: bool  # key starts with [a-z0-9]: needs a word boundary on the left
    right_word: bool
    cjk_len: int  # number of CJK characters in the key
    doubled: bool  # the key itself repeats a character (色色): collapsing never creates it
    variant: str = "exact"  # or "homophone" / "pinyin_abbr": a spelling generated from the term (see .variants)
    alone_for: str = ""  # a spelling that may count without intent evidence: the key it spells (see .variants)


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    entry: Entry


class Lexicon:
    """Aho-Corasick automaton over normalised terms, run on UTF-16-BE bytes: ~2x faster than on str (no UTF-8 encoding
    nor char-offset conversion), one unit per BMP character (astral characters are corrected for separately)."""

    def __init__(
        self,
        terms: Iterable[Term],
        *,
        variants: bool = True,
        triggers: dict[str, Iterable[str]] | None = None,
    ) -> None:
        """``variants``: also find homophone spellings and pinyin abbreviations of the terms (see
        :mod:`.variants`).  ``triggers``: name -> literal strings; :meth:`find_all` reports which names
        occur in the text, from the same search (the detectors that are costly to run look for them first)."""
        terms = list(terms)
        keys = normalise_many([t.term for t in terms])
        by_key: dict[str, list[Term]] = {}
        for key, term in zip(keys, terms, strict=True):
            if key:
                by_key.setdefault(key, []).append(term)
        self.entries: list[Entry] = []
        keys = list(by_key)
        cjk_lens = _cjk_lengths(keys)
        for key, group, cjk_len in zip(keys, by_key.values(), cjk_lens, strict=True):
            if len(group) == 1:  # the common case, without the generic any()/max()
                strongest = group[0]
                allowed = strongest.action == "allow"
            else:
                allowed = any(t.action == "allow" for t in group)
                strongest = max(group, key=lambda t: SEVERITY[t.action])
            self.entries.append(
                Entry(
                    key=key,
                    term=strongest,
                    allowed=allowed,
                    left_word=key[0] in _WORD_CHARS,
                    right_word=key[-1] in _WORD_CHARS,
                    cjk_len=cjk_len,
                    doubled=_DOUBLE_RE.search(key) is not None,
                )
            )
        self.n_terms = len(self.entries)
        # Generated spellings live in an automaton of their own: they count only beside intent evidence or as a
        # disguise (``lone_keys``, which the prefilter knows), so the engine searches for them only in a text that has
        # some or may hold one of those (clean text never pays for them).
        self.variant_entries: list[Entry] = []
        self.lone_keys: list[str] = []
        self._vac = None
        if variants:
            self._add_variants()
        # Repeat collapsing (六六合合彩彩 -> 六合彩) can only create or move a hit through a run of a
        # character X that occurs in some key, and only a hit that holds X next to the character
        # before the run or after it: a key with the pair aX or Xb.  The automaton runs on the
        # contact level (repeats intact) and also reports "aXX" and "XXb" for every such pair of a
        # key (patterns after the entries), so the engine knows where collapsing could matter at no
        # extra pass, and a run no key can read through (天天 beside 向) costs nothing more.
        self.max_key_len = max(map(len, keys), default=0)
        joined = "\n".join(keys)
        key_chars = sorted(set(_NON_CJK_RE.sub("", joined)) - {"\n"})
        self._key_run_re = re.compile(f"([{char_ranges(key_chars)}])\\1+") if key_chars else None
        repeat_patterns = sorted(
            {k[i] + k[i + 1] * 2 for k in keys for i in range(len(k) - 1) if k[i] != k[i + 1] and _is_cjk(k[i + 1])}
            | {k[i] * 2 + k[i + 1] for k in keys for i in range(len(k) - 1) if k[i] != k[i + 1] and _is_cjk(k[i])}
        )
        # Latin runs collapse from three letters (casssino).  A Latin part of a key always matches
        # a whole [a-z0-9] word (word boundaries), so a collapse matters only inside a word that
        # collapses to such a part: ``_latin_repeat_re`` finds exactly those words.  It is run
        # only when the automaton saw a hint of one: a letter of such a part three times followed
        # by the part's next character (every such word holds one).
        segments = sorted(set(_WORD_RE.findall(joined)), key=len, reverse=True)
        hints = sorted({s[i] * 3 + s[i + 1 : i + 2] for s in segments for i in range(len(s)) if s[i].isalpha()})
        self._first_repeat = len(self.entries)
        self._first_hint = self._first_repeat + len(repeat_patterns)
        self._first_trigger = self._first_hint + len(hints)
        named = [(name, lit) for name, literals in (triggers or {}).items() for lit in literals]
        self.trigger_names: list[str] = [name for name, _lit in named]
        trigger_patterns = [lit for _name, lit in named]
        patterns = [e.key for e in self.entries] + repeat_patterns + hints + trigger_patterns
        self._patterns = patterns
        self._may = prefilter.tables(patterns) if prefilter.may_match is not None else None
        self._lone_may = prefilter.tables(self.lone_keys) if self._may is not None and self.lone_keys else None
        self._ac = (
            ahocorasick_rs.BytesAhoCorasick(
                _encode_all(patterns),
                # A DFA: ~2x faster to search than the NFA for a lexicon of this size (measured on the real corpus);
                # the generated spellings, far more patterns, stay in an NFA of their own (self._vac).
                implementation=ahocorasick_rs.Implementation.DFA
                if len(self.entries) <= DFA_MAX_PATTERNS
                else ahocorasick_rs.Implementation.ContiguousNFA,
            )
            if self.entries or trigger_patterns
            else None
        )
        self._latin_repeat_re = (
            re.compile("(?:" + "|".join(_expanded(s) for s in segments) + ")(?![a-z0-9])") if segments else None
        )

    def _add_variants(self) -> None:
        """Homophone spellings and pinyin abbreviations of the exact terms, as entries after them (never of an
        allowed word, and never a spelling that is itself a term: the term's own entry decides); those that may count
        alone (``variants.MIN_ALONE_CHARS``) are also listed in ``lone_keys``."""
        for v, kind, e, alone in spellings(self.entries):
            latin = kind == "pinyin_abbr"
            doubled = _DOUBLE_RE.search(v) is not None
            entry = Entry(v, e.term, False, latin, latin, 0 if latin else len(v), doubled, kind, e.key if alone else "")
            self.variant_entries.append(entry)
        self.lone_keys = [e.key for e in self.variant_entries if e.alone_for]
        if self.variant_entries:
            self._vac = ahocorasick_rs.BytesAhoCorasick(
                _encode_all([e.key for e in self.variant_entries]),
                implementation=ahocorasick_rs.Implementation.ContiguousNFA,
            )

    def find_variants(self, text: str) -> list[Hit]:
        """Hits of the generated spellings (homophones, pinyin abbreviations) in normalised ``text``, Latin word
        boundaries respected."""
        if self._vac is None or not text:
            return []
        data = text.encode(_UNITS, "surrogatepass")
        raw = self._vac.find_matches_as_indexes(data, overlapping=True)
        if not raw:
            return []
        return _hits(raw, text, data, self.variant_entries, len(self.variant_entries))[0]

    def __len__(self) -> int:
        return self.n_terms

    def find(self, text: str) -> list[Hit]:
        """All (overlapping) hits in normalised ``text`` that respect Latin word boundaries."""
        return self.find_all(text)[0]

    def find_all(self, text: str) -> tuple[list[Hit], list[tuple[int, int]], dict[str, list[tuple[int, int]]], int]:
        """The hits in ``text``; the spans of repeated key characters whose collapsing could change them (doubled CJK
        key characters, and Latin words with a letter three times in a row that collapse to a key's Latin); the
        spans of the triggers that occur, by trigger name; and the number of Latin repeat spans (they come first)."""
        if self._ac is None or not text or not self.may_match(text):
            return [], [], {}, 0
        data = text.encode(_UNITS, "surrogatepass")
        raw = self._ac.find_matches_as_indexes(data, overlapping=True)
        repeats: list[tuple[int, int]] = []
        triggered: dict[str, list[tuple[int, int]]] = {}
        if not raw:
            return [], repeats, triggered, 0
        n_entries = self._first_repeat
        first_hint = self._first_hint
        first_trigger = self._first_trigger
        trigger_names = self.trigger_names
        lrx = self._latin_repeat_re
        if lrx is not None and any(first_hint <= r[0] < first_trigger for r in raw):
            for m in lrx.finditer(text):
                a = m.start()
                if (a == 0 or not _is_word_char(text[a - 1])) and _TRIPLE_RE.search(m.group()) is not None:
                    repeats.append(m.span())
        n_latin = len(repeats)
        hits, rest = _hits(raw, text, data, self.entries, n_entries)
        for idx, s, e in rest:
            if idx < first_hint:
                repeats.append((s, e))
            elif idx >= first_trigger:
                triggered.setdefault(trigger_names[idx - first_trigger], []).append((s, e))
        return hits, repeats, triggered, n_latin

    def quiet_tables(self, without: Collection[str] = ()) -> tuple[bytes, bytes] | None:
        """The prefilter's tables for everything the engine reads in a text: the automaton's patterns (less the
        triggers named in ``without``) and the spellings that may count alone."""
        if self._may is None:
            return None
        cut = self._first_trigger
        triggers = zip(self._patterns[cut:], self.trigger_names, strict=True)
        kept = [p for p, name in triggers if name not in without]
        return prefilter.tables(self._patterns[:cut] + kept + self.lone_keys)

    def may_lone(self, text: str) -> bool:
        """False when no spelling that may count alone occurs in ``text``."""
        if not self.lone_keys:
            return False
        if self._lone_may is not None:
            return prefilter.may_match(text, *self._lone_may)  # type: ignore[misc]
        return any(h.entry.alone_for for h in self.find_variants(text))

    def may_match(self, text: str) -> bool:
        """False when no pattern of the automaton (terms, repeat markers, hints, triggers) occurs in ``text``."""
        return self._may is None or prefilter.may_match(text, *self._may)  # type: ignore[misc]

    def key_runs(self, text: str) -> list[tuple[int, int]]:
        """Spans of the runs of a repeated CJK key character (any neighbours): where collapsing could change what a
        spelling generated from the terms reads (its own characters are not all key characters, so the pairs the
        main automaton reports do not cover it)."""
        rx = self._key_run_re
        return [m.span() for m in rx.finditer(text)] if rx is not None else []


def _hits(
    raw: list[tuple[int, int, int]], text: str, data: bytes, entries: list[Entry], n_entries: int
) -> tuple[list[Hit], list[tuple[int, int, int]]]:
    """Automaton matches (pattern index, byte start, byte end on UTF-16-BE ``data``) as character offsets into
    ``text``: the hits of ``entries`` (patterns below ``n_entries``) that respect Latin word boundaries, and the
    (index, start, end) of the other patterns (repeats, hints, triggers)."""
    astral: list[int] = []
    if len(data) != 2 * len(text):
        # Unit offsets of astral characters: a char index is the unit index minus the astral characters before it.
        k = 0
        for i, c in enumerate(text):
            if ord(c) > 0xFFFF:
                astral.append(i + k)
                k += 1
    astral_set = set(astral)
    hits: list[Hit] = []
    rest: list[tuple[int, int, int]] = []
    n = len(text)
    for idx, bs, be in raw:
        if bs & 1:
            continue  # a match straddling two UTF-16 units is not a real match
        us, ue = bs >> 1, be >> 1
        if astral:
            if us - 1 in astral_set:
                continue  # starts on a low surrogate
            s, e = us - bisect_left(astral, us), ue - bisect_left(astral, ue)
        else:
            s, e = us, ue
        if idx >= n_entries:
            rest.append((idx, s, e))
            continue
        entry = entries[idx]
        if entry.left_word and s > 0 and _is_word_char(text[s - 1]):
            continue
        if entry.right_word and e < n and _is_word_char(text[e]):
            continue
        hits.append(Hit(s, e, entry))
    return hits, rest
