"""Lexicon automaton (ahocorasick_rs) over the normalised text."""

from __future__ import annotations

import csv
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import ahocorasick_rs

from .model import SEVERITY, Term
from .normalise import CJK_RE, normalise_many

DEFAULT_LEXICON = Path(__file__).resolve().parent.parent / "data" / "lexicon.csv"


def load_lexicon(path: str | Path = DEFAULT_LEXICON) -> list[Term]:
    """Read a ``term,rule,action`` CSV (UTF-8, with header)."""
    with open(path, encoding="utf-8", newline="") as fh:
        return [
            Term(row["term"].strip(), row["rule"].strip(), row["action"].strip())
            for row in csv.DictReader(fh)
            if row.get("term", "").strip()
        ]


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass(frozen=True, slots=True)
class Entry:
    """A normalised pattern with the strongest term behind it."""

    key: str
    term: Term
    allowed: bool  # an allow entry exists for exactly this key (allow wins on equal spans)
    left_word: bool  # key starts with [a-z0-9]: needs a word boundary on the left
    right_word: bool
    cjk_len: int  # number of CJK characters in the key


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    entry: Entry


class Lexicon:
    """Aho-Corasick automaton over normalised terms.

    The automaton runs on UTF-16-LE bytes: ahocorasick_rs is ~2x faster on bytes than on str
    (no UTF-8 encoding and char-offset conversion), and UTF-16 keeps the offset arithmetic trivial
    (one unit per BMP character; astral characters are corrected for separately).
    """

    def __init__(self, terms: Iterable[Term]) -> None:
        terms = list(terms)
        keys = normalise_many([t.term for t in terms])
        by_key: dict[str, list[Term]] = {}
        for key, term in zip(keys, terms, strict=True):
            if key:
                by_key.setdefault(key, []).append(term)
        self.entries: list[Entry] = []
        for key, group in by_key.items():
            allowed = any(t.action == "allow" for t in group)
            strongest = max(group, key=lambda t: SEVERITY[t.action])
            self.entries.append(
                Entry(
                    key=key,
                    term=strongest,
                    allowed=allowed,
                    left_word=_is_word_char(key[0]),
                    right_word=_is_word_char(key[-1]),
                    cjk_len=len(CJK_RE.findall(key)),
                )
            )
        self._ac = (
            ahocorasick_rs.BytesAhoCorasick(
                [e.key.encode("utf-16-le") for e in self.entries],
                implementation=ahocorasick_rs.Implementation.ContiguousNFA,
            )
            if self.entries
            else None
        )

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, text: str) -> list[Hit]:
        """All (overlapping) hits in normalised ``text`` that respect Latin word boundaries."""
        if self._ac is None or not text:
            return []
        data = text.encode("utf-16-le", "surrogatepass")
        raw = self._ac.find_matches_as_indexes(data, overlapping=True)
        if not raw:
            return []
        astral: list[int] = []
        if len(data) != 2 * len(text):
            # Unit offsets of astral characters: a char index is the unit index minus the number
            # of astral characters before it.
            k = 0
            for i, c in enumerate(text):
                if ord(c) > 0xFFFF:
                    astral.append(i + k)
                    k += 1
        astral_set = set(astral)
        hits: list[Hit] = []
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
            entry = self.entries[idx]
            if entry.left_word and s > 0 and _is_word_char(text[s - 1]):
                continue
            if entry.right_word and e < n and _is_word_char(text[e]):
                continue
            hits.append(Hit(s, e, entry))
        return hits
