"""The Engine: lexicon + detectors + verdict."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .detectors import find_clickbait, find_contacts, find_links
from .lexicon import DEFAULT_LEXICON, Hit, Lexicon, load_lexicon
from .model import SEVERITY, Match, Result, Term
from .normalise import CJK_RE, Normalised, normalise
from .segment import confirm
from .simhash import hamming, simhash

RULE_CONTACT = "3.1"
RULE_DUPLICATE = "3.2"
RULE_LINK = "3.4"
RULE_CLICKBAIT = "7.1"
DUPLICATE_MAX_DISTANCE = 6  # bits out of 64; unrelated articles measured 17-39 apart
DUPLICATE_MIN_CHARS = 50  # shorter texts ("谢谢分享") are legitimately identical
DUPLICATE_MAX_REPORTED = 5


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

    def __init__(self, terms: Iterable[Term]) -> None:
        self.lexicon = Lexicon(terms)

    @classmethod
    def default(cls, path: str | Path = DEFAULT_LEXICON) -> Engine:
        """Engine over the bundled ``moderation/data/lexicon.csv`` (or another CSV)."""
        return cls(load_lexicon(path))

    def _lexicon_matches(self, norm: Normalised, field: str) -> list[Match]:
        hits = self.lexicon.find(norm.text)
        if not hits:
            return []
        allows = [(h.start, h.end) for h in hits if h.entry.allowed]
        out: list[Match] = []
        for h in hits:
            if h.entry.allowed:
                continue
            if any(a <= h.start and h.end <= b for a, b in allows):
                continue  # an allowed word covers the hit: 开发票务 protects 发票
            if not self._confirmed(norm, h):
                continue
            s, e = norm.span(h.start, h.end)
            t = h.entry.term
            out.append(Match(t.term, t.rule, t.action, s, e, "lexicon", field))
        return out

    @staticmethod
    def _confirmed(norm: Normalised, h: Hit) -> bool:
        if h.entry.cjk_len < 2 or not _all_cjk(h.entry.key):
            return True
        # Prefer the text with repeats intact (大约妹妹 must be read as 大约/妹妹, not 大约妹);
        # only a hit that exists solely thanks to collapsing (六六合合彩彩) is weighed on the
        # collapsed text.
        cs, ce = norm.text_to_contact(h.start, h.end)
        if norm.contact[cs:ce] == h.entry.key:
            return confirm(norm.contact, cs, ce)
        return confirm(norm.text, h.start, h.end)

    def _scan_field(self, value: str, field: str) -> tuple[Normalised, list[Match]]:
        norm = normalise(value)
        matches = self._lexicon_matches(norm, field)
        for term, s, e in find_contacts(norm):
            matches.append(Match(term, RULE_CONTACT, "hold", s, e, "contact", field))
        for term, s, e in find_links(norm):
            matches.append(Match(term, RULE_LINK, "hold", s, e, "link", field))
        return norm, matches

    def scan(self, text: str, *, title: str = "", recent: Iterable[tuple[int, object]] = ()) -> Result:
        """Check an article body (and title).  ``recent`` holds (fingerprint, ref) pairs of
        content posted by other accounts recently; near-duplicates of it are held."""
        matches: list[Match] = []
        if title:
            tnorm, tm = self._scan_field(title, "title")
            matches.extend(tm)
            for term, s, e in find_clickbait(tnorm):
                matches.append(Match(term, RULE_CLICKBAIT, "flag", s, e, "clickbait", "title"))
        body_norm: Normalised | None = None
        if text:
            body_norm, bm = self._scan_field(text, "body")
            matches.extend(bm)
        recent = list(recent)
        if recent and body_norm is not None:
            matches.extend(self._duplicates(text, body_norm, recent))
        return Result(_dedupe(matches))

    @staticmethod
    def _duplicates(text: str, norm: Normalised, recent: list[tuple[int, object]]) -> list[Match]:
        from .simhash import _NON_WORD

        shingles = _NON_WORD.sub("", norm.text)
        if len(shingles) < DUPLICATE_MIN_CHARS:
            return []
        fp = simhash(shingles)
        near = sorted(
            ((hamming(fp, other), i, ref) for i, (other, ref) in enumerate(recent) if other is not None),
            key=lambda x: (x[0], x[1]),
        )
        return [
            Match(f"near-duplicate:{d}", RULE_DUPLICATE, "hold", 0, len(text), "duplicate", "body", ref)
            for d, _, ref in near
            if d <= DUPLICATE_MAX_DISTANCE
        ][:DUPLICATE_MAX_REPORTED]
