"""The Engine: lexicon + detectors + verdict."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .detectors import find_clickbait, find_contacts, find_links
from .lexicon import DEFAULT_LEXICON, Entry, Lexicon, load_lexicon
from .model import SEVERITY, Match, Result, Term
from .normalise import _REPEAT_RE, CJK_RE, Normalised, _delete, _to_orig, normalise
from .segment import WINDOW, confirm
from .simhash import hamming, simhash

DETECTORS = ("contact", "link", "duplicate", "clickbait")
# The rule each detector cites when the engine runs alone (its tests, the benchmarks). The app passes the mapping
# of the current rule-set version instead, so that rule codes live in the rules data, not here.
DEFAULT_DETECTOR_RULES = {"contact": "3.1", "duplicate": "3.2", "link": "3.4", "clickbait": "7.1"}
DUPLICATE_MAX_DISTANCE = 6  # bits out of 64; unrelated articles measured 17-39 apart
DUPLICATE_MIN_CHARS = 50  # shorter texts ("谢谢分享") are legitimately identical
DUPLICATE_MAX_REPORTED = 5


@dataclass(slots=True)
class _Cand:
    """A lexicon hit in contact-level coordinates; ``text`` is set for a hit found in a collapsed
    window (then ``text_start``/``text_end`` index it there)."""

    start: int
    end: int
    entry: Entry
    text: str | None
    text_start: int
    text_end: int
    collapsed: frozenset[int] = frozenset()


def _all_cjk(s: str) -> bool:
    return len(CJK_RE.findall(s)) == len(s)


def _dedupe(matches: list[Match]) -> list[Match]:
    """Drop a match when another one of the same field covers its span with at least its severity
    (e.g. 六合彩 covers 合彩; a WeChat match "微信：138..." covers the bare phone number)."""
    order = sorted(matches, key=lambda m: (m.field, m.start, -(m.end - m.start), -SEVERITY[m.action]))
    kept: list[Match] = []
    for m in order:
        covered = False
        for k in reversed(kept):
            if k.field != m.field or k.end <= m.start:
                continue
            if k.start <= m.start and k.end >= m.end and SEVERITY[k.action] >= SEVERITY[m.action]:
                covered = True
                break
        if not covered:
            kept.append(m)
    return kept


class Engine:
    """Automatic text checking.  Build once (per process / per lexicon version) and reuse:
    ``scan`` is thread-safe and does not mutate the engine."""

    def __init__(self, terms: Iterable[Term], *, detector_rules: Mapping[str, str] | None = None) -> None:
        """``detector_rules`` maps each of ``DETECTORS`` to the rule code its matches cite."""
        rules = dict(DEFAULT_DETECTOR_RULES if detector_rules is None else detector_rules)
        missing = [d for d in DETECTORS if not rules.get(d)]
        unknown = sorted(set(rules) - set(DETECTORS))
        if missing or unknown:
            raise ValueError(f"detector rules: missing {missing}, unknown {unknown}")
        self.detector_rules = rules
        self.lexicon = Lexicon(terms)

    @classmethod
    def default(cls, path: str | Path = DEFAULT_LEXICON) -> Engine:
        """Engine over the bundled ``moderation/data/lexicon.csv`` (or another CSV)."""
        return cls(load_lexicon(path))

    def _lexicon_matches(self, norm: Normalised, field: str) -> list[Match]:
        """Lexicon hits, reported against the original text.

        The automaton runs once over the contact level (noise removed, repeats intact).  Where a
        repeated key character sits (see :meth:`Lexicon.find_with_repeats`), a window around it
        is collapsed and searched again, and the hits that the collapse touches are taken from
        the window instead.  Everywhere else the contact level IS the collapsed text as far as
        the lexicon can tell, so the full collapsed text is never built."""
        hits, repeats = self.lexicon.find_with_repeats(norm.contact)
        cands: list[_Cand] = []
        if repeats:
            wins, touched = self._windows(norm, repeats)
            for h in hits:
                k = bisect_left(touched, h.start)
                if k < len(touched) and touched[k] <= h.end:
                    continue  # a collapse touches this hit: the window has the right reading
                cands.append(_Cand(h.start, h.end, h.entry, None, 0, 0))
            cands.extend(wins)
            cands.sort(key=lambda c: (c.end, c.start))
        else:
            cands = [_Cand(h.start, h.end, h.entry, None, 0, 0) for h in hits]
        if not cands:
            return []
        allows = [(c.start, c.end) for c in cands if c.entry.allowed]
        out: list[Match] = []
        for c in cands:
            if c.entry.allowed:
                continue
            if any(a <= c.start and c.end <= b for a, b in allows):
                continue  # an allowed word covers the hit: 开发票务 protects 发票
            if not self._confirmed(norm, c):
                continue
            s = norm.contact_to_orig(c.start)
            e = norm.contact_to_orig(c.end - 1) + 1
            if c.text is not None:
                # A collapsed run belongs to the match: 六六合合彩彩 -> span covers the last 彩 too.
                collapsed = c.collapsed
                while e in collapsed and norm.folded[e] == norm.folded[e - 1]:
                    e += 1
            t = c.entry.term
            out.append(Match(t.term, t.rule, t.action, s, e, "lexicon", field))
        return out

    def _windows(self, norm: Normalised, repeats: list[tuple[int, int]]) -> tuple[list[_Cand], list[int]]:
        """Collapse repeats in windows (contact coordinates) around ``repeats`` and search them.

        A window reaches ``margin`` collapsed characters beyond its first and last collapse (so a
        hit touched by a collapse has its full segmentation context) and never cuts a run of
        equal characters, so collapsing the window alone gives exactly the full text's reading."""
        c = norm.contact
        n = len(c)
        margin = self.lexicon.max_key_len + WINDOW + 4
        spans = sorted(repeats)
        merged: list[list[int]] = []
        for a, b in spans:
            if merged and a - margin <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b + margin)
            else:
                merged.append([max(0, a - margin), min(n, b + margin)])
        done: list[tuple[int, int, str, list[int]]] = []
        for w0, w1 in merged:
            while True:
                if done and w0 < done[-1][1]:
                    prev = done.pop()  # grown into the previous window: redo both as one
                    w0, w1 = prev[0], max(w1, prev[1])
                w1 = min(n, w1)
                while w0 > 0 and c[w0 - 1] == c[w0]:
                    w0 -= 1
                while w1 < n and c[w1 - 1] == c[w1]:
                    w1 += 1
                sub = c[w0:w1]
                dels = [j for m in _REPEAT_RE.finditer(sub) for j in range(m.start() + 1, m.end())]
                if dels:
                    short_left = w0 > 0 and dels[0] < margin
                    short_right = w1 < n and (len(sub) - len(dels)) - (dels[-1] - len(dels) + 1) < margin
                    if short_left or short_right:
                        w0 = max(0, w0 - margin) if short_left else w0
                        w1 = min(n, w1 + margin) if short_right else w1
                        continue
                if done and w0 < done[-1][1]:
                    continue
                done.append((w0, w1, sub, dels))
                break
        found: list[_Cand] = []
        touched: list[int] = []
        for w0, _, sub, dels in done:
            if not dels:
                continue
            touched.extend(w0 + d for d in dels)
            tw = _delete(sub, dels)
            collapsed: frozenset[int] | None = None
            for h in self.lexicon.find(tw):
                cs = _to_orig(dels, h.start)
                ce = _to_orig(dels, h.end - 1) + 1
                k = bisect_left(dels, cs)
                if k == len(dels) or dels[k] > ce:
                    continue  # untouched by collapsing: the contact-level search has it
                if collapsed is None:
                    collapsed = frozenset(norm.contact_to_orig(w0 + d) for d in dels)
                found.append(_Cand(w0 + cs, w0 + ce, h.entry, tw, h.start, h.end, collapsed))
        return found, touched

    @staticmethod
    def _confirmed(norm: Normalised, c: _Cand) -> bool:
        if c.entry.cjk_len < 2 or not _all_cjk(c.entry.key):
            return True
        # Prefer the text with repeats intact (大约妹妹 must be read as 大约/妹妹, not 大约妹);
        # only a hit that exists solely thanks to collapsing (六六合合彩彩) is weighed on the
        # collapsed text.
        if c.text is None or norm.contact[c.start : c.end] == c.entry.key:
            return confirm(norm.contact, c.start, c.end)
        return confirm(c.text, c.text_start, c.text_end)

    def _scan_field(self, value: str, field: str) -> tuple[Normalised, list[Match]]:
        norm = normalise(value)
        matches = self._lexicon_matches(norm, field)
        for term, s, e in find_contacts(norm):
            matches.append(Match(term, self.detector_rules["contact"], "hold", s, e, "contact", field))
        for term, s, e in find_links(norm):
            matches.append(Match(term, self.detector_rules["link"], "hold", s, e, "link", field))
        return norm, matches

    def scan(self, text: str, *, title: str = "", recent: Iterable[tuple[int, object]] = ()) -> Result:
        """Check an article body (and title).  ``recent`` holds (fingerprint, ref) pairs of
        content posted by other accounts recently; near-duplicates of it are held."""
        matches: list[Match] = []
        if title:
            tnorm, tm = self._scan_field(title, "title")
            matches.extend(tm)
            for term, s, e in find_clickbait(tnorm):
                matches.append(Match(term, self.detector_rules["clickbait"], "flag", s, e, "clickbait", "title"))
        body_norm: Normalised | None = None
        if text:
            body_norm, bm = self._scan_field(text, "body")
            matches.extend(bm)
        recent = list(recent)
        if recent and body_norm is not None:
            matches.extend(self._duplicates(text, body_norm, recent))
        return Result(_dedupe(matches))

    def _duplicates(self, text: str, norm: Normalised, recent: list[tuple[int, object]]) -> list[Match]:
        from .simhash import _NON_WORD

        shingles = _NON_WORD.sub("", norm.text)
        if len(shingles) < DUPLICATE_MIN_CHARS:
            return []
        fp = simhash(shingles)
        rule = self.detector_rules["duplicate"]
        near = sorted(
            ((hamming(fp, other), i, ref) for i, (other, ref) in enumerate(recent) if other is not None),
            key=lambda x: (x[0], x[1]),
        )
        return [
            Match(f"near-duplicate:{d}", rule, "hold", 0, len(text), "duplicate", "body", ref)
            for d, _, ref in near
            if d <= DUPLICATE_MAX_DISTANCE
        ][:DUPLICATE_MAX_REPORTED]
