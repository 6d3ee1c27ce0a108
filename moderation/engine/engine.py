"""The Engine: lexicon + detectors + verdict."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from .detectors import (
    CONTACT_DIGITS_RE,
    CTA_WORDS,
    HANDLE_DIGITS_RE,
    MONEY_WORDS,
    PRICE_TRIGGERS,
    REPORT_WORDS,
    find_clickbait,
    find_contacts,
    find_handles,
    find_links,
    find_prices,
    find_spelled_links,
    find_taokouling,
)
from .detectors.contacts import _D as _DIGITS
from .detectors.contacts import _SEP as _DIGIT_SEP
from .detectors.contacts import _SPACED_SEP as _HANDLE_SEP
from .evidence import TERM_WEIGHTS, Context, Evidence, Policy
from .lexicon import DEFAULT_LEXICON, Entry, Lexicon, load_lexicon
from .model import SEVERITY, Match, Result, Term
from .normalise import (
    _REPEAT_RE,
    _SYMBOLS,
    CJK_RE,
    Normalised,
    _clean_split_re,
    _clean_state,
    _delete,
    _getsizeof,
    _to_orig,
    normalise,
)
from .offers import TRIGGERS as OFFER_TRIGGERS
from .offers import find_offers
from .segment import WINDOW, confirm, strict_confirm
from .simhash import shingle_normalised, simhash
from .variants import is_word, strip_annotations

DETECTORS = ("contact", "link", "duplicate", "clickbait")
# The rule each detector cites when the engine runs alone (its tests, the benchmarks). The app passes the mapping
# of the current rule-set version instead, so that rule codes live in the rules data, not here.
DEFAULT_DETECTOR_RULES = {"contact": "3.1", "duplicate": "3.2", "link": "3.4", "clickbait": "7.1"}
# Bits out of 64.  Measured on the real corpus (2,941 documents of >= 50 characters, 200,000 random pairs):
# unrelated documents are 13+ bits apart; the same documents with 5% of their characters changed, 12 (median).
DUPLICATE_MAX_DISTANCE = 8
DUPLICATE_MIN_CHARS = 50  # shorter texts ("谢谢分享") are legitimately identical
DUPLICATE_MAX_REPORTED = 5
_MASK64 = (1 << 64) - 1
# Base weights of the detectors' evidence (the policy multiplies them per kind).  A contact detail, a tracked link or a
# near-duplicate of other accounts' posts reaches the hold threshold alone: each is intent by itself.
CONTACT_WEIGHT = 3.0
LINK_WEIGHT = 3.0
DUPLICATE_WEIGHT = 3.0
CLICKBAIT_WEIGHT = 1.0
CTA_WEIGHT = 0.8  # supporting evidence (see evidence.SUPPORT_KINDS): one alone stays under the flag threshold
MONEY_WEIGHT = 0.8
OFFER_WEIGHT = 3.0  # an offer of a service with no listed term (offers.py): intent, at the hold threshold alone
OBFUSCATION_WEIGHT = 1.5  # a term written with symbols or emoji between its characters: intent to evade
# What a writer puts between the characters of a word to break it (not spaces: those are ordinary between words).
_SPLIT_RE = re.compile(f"[{_SYMBOLS}]")
_LETTER_RE = re.compile("[a-z]")  # in folded text (lower case)
# Any of the three at once, in a text that is its own folded and contact level (see _clean): an ASCII letter, a
# bracket, or a run of digits that may be part of a contact detail (detectors.CONTACT_DIGITS_RE or HANDLE_DIGITS_RE).
_PROBE_RE = re.compile(
    f"[a-z(（{_DIGITS}](?:(?<=[{_DIGITS}])(?:(?:{_DIGIT_SEP}[{_DIGITS}]){{4}}|(?:{_HANDLE_SEP}[{_DIGITS}]){{4}})"
    "|(?<=[a-z(（]))"
)
REPORT_WEIGHT = -1.0  # the words of a report or a warning lower the score
# A contact detail written plainly, as its span in the original text reads: the app's own name (QQ, 微信, WeChat,
# Weixin) and the number or ID in ASCII with nothing between its characters, or a bare mobile number.  A plain one is
# intent only beside another sign of an offer (see evidence.Policy.decide); nicknames and homophones of the app (扣扣,
# 薇信, vx), spaced or symbol-joined letters, broken-up digits and other digit forms are not plain.
_PLAIN_CONTACT = {
    "phone": re.compile("1[3-9][0-9]{9}"),
    "qq": re.compile("[qQ][qQ] *(?:号码?|群)? *(?:是|为)? *[:：=]? *[0-9]{5,11}"),
    "wechat": re.compile(
        "(?:微信|[wW][eE][cC][hH][aA][tT]|[wW][eE][iI][xX][iI][nN]) *(?:号码?|[iI][dD]|账号)? *(?:是|为)? *[:：=]? *"
        "(?:[A-Za-z][A-Za-z0-9_-]{5,19}|[0-9]{5,11})"
    ),
}
_DEFAULT_POLICY = Policy.default()

Found = tuple[Match | None, Evidence | None]


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


def _dedupe(found: list[Found]) -> list[Found]:
    """Drop a finding when another one of the same field and source covers its span with at least its severity
    (e.g. 六合彩 covers 合彩; a WeChat match "微信：138..." covers the bare phone number).  A call to action is not
    covered by the lexicon term it overlaps: each says something of its own."""
    spanless = [f for f in found if f[0] is None]
    order = sorted(
        (f for f in found if f[0] is not None),
        key=lambda f: (f[0].field, f[0].start, -(f[0].end - f[0].start), -SEVERITY[f[0].action]),  # type: ignore[union-attr]
    )
    kept: list[Found] = []
    for f in order:
        m = f[0]
        covered = False
        for kf in reversed(kept):
            k = kf[0]
            if k.field != m.field or k.end <= m.start or k.source != m.source:
                continue
            if k.start <= m.start and k.end >= m.end and SEVERITY[k.action] >= SEVERITY[m.action]:
                covered = True
                break
        if not covered:
            kept.append(f)
    return kept + spanless


class Engine:
    """Automatic text checking.  Build once (per process / per lexicon version) and reuse:
    ``scan`` is thread-safe and does not mutate the engine."""

    def __init__(
        self, terms: Iterable[Term], *, detector_rules: Mapping[str, str] | None = None, variants: bool = True
    ) -> None:
        """``detector_rules`` maps each of ``DETECTORS`` to the rule code its matches cite; ``variants`` also finds
        the terms' homophone spellings and pinyin abbreviations (see :mod:`.variants`)."""
        rules = dict(DEFAULT_DETECTOR_RULES if detector_rules is None else detector_rules)
        missing = [d for d in DETECTORS if not rules.get(d)]
        unknown = sorted(set(rules) - set(DETECTORS))
        if missing or unknown:
            raise ValueError(f"detector rules: missing {missing}, unknown {unknown}")
        self.detector_rules = rules
        self.lexicon = Lexicon(
            terms,
            variants=variants,
            triggers={
                "cta": CTA_WORDS,
                "money": MONEY_WORDS,
                "price": PRICE_TRIGGERS,
                "report": REPORT_WORDS,
                **OFFER_TRIGGERS,
            },
        )

    @classmethod
    def default(cls, path: str | Path = DEFAULT_LEXICON) -> Engine:
        """Engine over the bundled ``moderation/data/lexicon.csv`` (or another CSV)."""
        return cls(load_lexicon(path))

    def _lexicon_matches(
        self, norm: Normalised, field: str, found: tuple | None = None, state: dict | None = None
    ) -> list[tuple[Match, Term, str]]:
        """Lexicon hits, reported against the original text.

        The automaton runs once over the contact level (noise removed, repeats intact).  Where a
        repeated key character sits (see :meth:`Lexicon.find_with_repeats`), a window around it
        is collapsed and searched again, and the hits that the collapse touches are taken from
        the window instead.  Everywhere else the contact level IS the collapsed text as far as
        the lexicon can tell, so the full collapsed text is never built.  ``state`` (a dict) receives what
        :meth:`_variant_matches` needs to read the generated spellings the same way later."""
        hits, repeats = found[:2] if found is not None else self.lexicon.find_with_repeats(norm.contact)
        windows: list = []
        touched: list[int] = []
        if repeats:
            windows, touched = self._windows(norm, repeats)
            cands = self._cands(norm, hits, windows, touched, self.lexicon.find)
        else:
            cands = [_Cand(h.start, h.end, h.entry, None, 0, 0) for h in hits]
        out: list[tuple[Match, Term, str]] = []
        annotated = strip_annotations(norm.folded) if "(" in norm.folded or "（" in norm.folded else None
        if annotated is not None:
            out.extend(self._annotated_matches(norm, field, *annotated))
        allows = [(c.start, c.end) for c in cands if c.entry.allowed]
        if state is not None:
            state["allows"] = allows
        if not cands:
            return out
        self._read_cands(norm, field, cands, allows, out)
        return out

    def _cands(self, norm: Normalised, hits: list, windows: list, touched: list[int], find) -> list[_Cand]:  # type: ignore[no-untyped-def]
        """Candidates of one automaton: its contact-level hits that no collapse touches, and its hits in the
        collapsed windows, in text order."""
        cands: list[_Cand] = []
        for h in hits:
            k = bisect_left(touched, h.start)
            if k < len(touched) and touched[k] <= h.end and not h.entry.doubled:
                continue  # a collapse touches this hit: the window has the right reading
            cands.append(_Cand(h.start, h.end, h.entry, None, 0, 0))
        cands.extend(self._window_hits(norm, windows, find))
        cands.sort(key=lambda c: (c.end, c.start))
        return cands

    def _read_cands(
        self,
        norm: Normalised,
        field: str,
        cands: list[_Cand],
        allows: list[tuple[int, int]],
        out: list[tuple[Match, Term, str]],
    ) -> None:
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
            variant = c.entry.variant if c.text is None or c.entry.variant != "exact" else "collapsed"
            out.append((Match(t.term, t.rule, t.action, s, e, "lexicon", field), t, variant))

    def _variant_matches(self, norm: Normalised, field: str, state: dict) -> list[tuple[Match, Term, str]]:
        """Generated spellings (homophones, pinyin abbreviations) in a text that has intent evidence: read exactly as
        the exact terms are (same collapsed windows, the same allowed words cover them), from their own automaton
        (searched only here, so a text without intent evidence never pays for them)."""
        lex = self.lexicon
        if lex._vac is None:
            return []
        hits = lex.find_variants(norm.contact)
        # Collapsing matters for a spelling wherever a key character repeats (whatever its neighbours).
        repeats = state["latin"] + lex.key_runs(norm.contact)
        windows, touched = self._windows(norm, repeats) if repeats else ([], [])
        if not hits and not windows:
            return []
        cands = (
            self._cands(norm, hits, windows, touched, lex.find_variants)
            if windows
            else [_Cand(h.start, h.end, h.entry, None, 0, 0) for h in hits]
        )
        out: list[tuple[Match, Term, str]] = []
        if cands:
            self._read_cands(norm, field, cands, state["allows"], out)
        return out

    def _annotated_matches(
        self, norm: Normalised, field: str, text: str, dels: list[int]
    ) -> list[tuple[Match, Term, str]]:
        """Terms that read through a pinyin annotation (發(fā)票): searched in the folded text without the
        annotations; only hits that an annotation interrupted are new."""
        out: list[tuple[Match, Term, str]] = []
        hits = self.lexicon.find(text)
        allows = [(h.start, h.end) for h in hits if h.entry.allowed]
        for h in hits:
            if h.entry.allowed or h.entry.variant != "exact":
                continue
            if any(a <= h.start and h.end <= b for a, b in allows):
                continue
            s = _to_orig(dels, h.start)  # the folded text's offsets are the original's
            e = _to_orig(dels, h.end - 1) + 1
            k = bisect_left(dels, s)
            if k == len(dels) or dels[k] >= e:
                continue  # no annotation inside: the plain search has it
            if h.entry.cjk_len >= 2 and _all_cjk(h.entry.key) and not confirm(text, h.start, h.end):
                continue
            t = h.entry.term
            out.append((Match(t.term, t.rule, t.action, s, e, "lexicon", field), t, "annotated"))
        return out

    def _windows(self, norm: Normalised, repeats: list[tuple[int, int]]) -> tuple[list, list[int]]:
        """Windows (contact coordinates) around ``repeats`` to collapse and search, and the contact positions that
        collapsing deletes.

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
        windows: list[tuple[int, str, list[int], str]] = []
        touched: list[int] = []
        for w0, _, sub, dels in done:
            if not dels:
                continue
            touched.extend(w0 + d for d in dels)
            windows.append((w0, sub, dels, _delete(sub, dels)))
        return windows, touched

    @staticmethod
    def _window_hits(norm: Normalised, windows: list, find) -> list[_Cand]:  # type: ignore[no-untyped-def]
        """The hits of ``find`` in the collapsed windows that collapsing touches, in contact coordinates."""
        found: list[_Cand] = []
        for w0, _sub, dels, tw in windows:
            collapsed: frozenset[int] | None = None
            for h in find(tw):
                cs = _to_orig(dels, h.start)
                ce = _to_orig(dels, h.end - 1) + 1
                k = bisect_left(dels, cs)
                if k == len(dels) or dels[k] > ce:
                    continue  # untouched by collapsing: the contact-level search has it
                if collapsed is None:
                    collapsed = frozenset(norm.contact_to_orig(w0 + d) for d in dels)
                found.append(_Cand(w0 + cs, w0 + ce, h.entry, tw, h.start, h.end, collapsed))
        return found

    @staticmethod
    def _confirmed(norm: Normalised, c: _Cand) -> bool:
        if c.entry.variant == "homophone":
            # A same-sounding spelling is a word of its own more often than an exact hit is: it must not be a
            # dictionary word, nor sit inside one (越跑越快 is not 约炮), and the term must read at least as well
            # as any other cut of its window.
            text, s, e = (norm.contact, c.start, c.end) if c.text is None else (c.text, c.text_start, c.text_end)
            return not is_word(text[s:e]) and strict_confirm(text, s, e)
        if c.entry.cjk_len < 2 or not _all_cjk(c.entry.key):
            return True
        # Prefer the text with repeats intact (大约妹妹 must be read as 大约/妹妹, not 大约妹);
        # only a hit that exists solely thanks to collapsing (六六合合彩彩) is weighed on the
        # collapsed text.
        if c.text is None or norm.contact[c.start : c.end] == c.entry.key:
            return confirm(norm.contact, c.start, c.end)
        return confirm(c.text, c.text_start, c.text_end)

    def _clean(self, text: str) -> bool:
        """True when ``_scan_field`` certainly finds nothing in ``text``, decided on the raw text in three C-level
        passes (most prose): nothing in it that folding would change or the contact level would delete (then the
        raw text IS its folded and contact levels), nothing the probe for contact details, links and annotations
        sees, and no pattern of the lexicon's automaton (terms, repeat markers, triggers) in it."""
        if _getsizeof(text) >= 4 * len(text) + 60:
            return False  # may hold a character above U+FFFF: normalise's general path
        if (_clean_state.get("re") or _clean_split_re()).search(text) is not None:
            return False  # something to fold or to delete
        if _PROBE_RE.search(text) is not None:
            return False
        ac = self.lexicon._ac
        return ac is None or not ac.find_matches_as_indexes(text.encode("utf-16-be", "surrogatepass"), overlapping=True)

    def _scan_field(self, value: str, field: str, policy: Policy) -> tuple[Normalised, list[Found]]:
        norm = normalise(value)
        searched = self.lexicon.find_all(norm.contact)
        folded = norm.folded
        triggers = searched[2]
        # Every contact detail and link is made of ASCII letters or of a run of digits (ASCII or Chinese, see
        # detectors.CONTACT_DIGITS_RE), and a pinyin annotation sits in brackets: a text with none of these (most
        # Chinese prose, dates and numbers written in Chinese included) skips the detectors' regexes, and with no
        # term or trigger either, everything else.
        letters = _LETTER_RE.search(folded) is not None
        digits = (
            letters or CONTACT_DIGITS_RE.search(norm.contact) is not None or HANDLE_DIGITS_RE.search(folded) is not None
        )
        brackets = "(" in folded or "（" in folded
        lexical = bool(searched[0] or searched[1]) or brackets
        if not (lexical or digits or triggers):
            return norm, []
        found: list[Found] = []
        weights = policy.weights
        wt = weights.get("term", 1.0)
        state: dict = {"latin": searched[1][: searched[3]]}
        if lexical:
            for m, t, variant in self._lexicon_matches(norm, field, searched, state):
                found.append((m, term_evidence(m, t, variant, wt)))
        else:
            state["allows"] = []
        rule_contact = self.detector_rules["contact"]
        if digits:
            rule = rule_contact
            wc = weights.get("contact", 1.0)
            for term, s, e in chain(find_contacts(norm), find_handles(norm)):
                kind, _sep, ident = term.partition(":")
                params: dict = {"value": ident}
                plain_re = _PLAIN_CONTACT.get(kind)
                if plain_re is not None and plain_re.fullmatch(value, s, e) is not None:
                    params["plain"] = True
                ev = Evidence("contact", rule, CONTACT_WEIGHT * wc, f"contact.{kind}", params, s, e, field, True)
                found.append((Match(term, rule, "hold", s, e, "contact", field), ev))
        if letters:
            rule = self.detector_rules["link"]
            wl = weights.get("link", 1.0)
            for term, s, e in chain(find_links(norm), find_spelled_links(norm), find_taokouling(norm)):
                kind, _sep, ident = term.partition(":")
                ev = Evidence("link", rule, LINK_WEIGHT * wl, f"link.{kind}", {"value": ident}, s, e, field, True)
                found.append((Match(term, rule, "hold", s, e, "link", field), ev))
        if triggers:
            self._triggered(norm, field, triggers, found, weights, rule_contact, wt)
        if any(ev is not None and ev.intent for _m, ev in found):
            # A pinyin abbreviation or a homophone is too often something else (同城约跑 is a running date, not
            # 同城约炮): it counts only beside intent evidence, which an evader who disguises a term always adds.
            found.extend((m, term_evidence(m, t, v, wt)) for m, t, v in self._variant_matches(norm, field, state))
        obfuscated = (
            [
                m
                for m, ev in found
                if m is not None and m.source in ("lexicon", "cta") and _SPLIT_RE.search(value, m.start, m.end)
            ]
            if found
            else None
        )
        if obfuscated:
            # Symbols or emoji inside a term or a call to action (私❤信❤我, 百家_乐) are there to get past a filter.
            m = obfuscated[0]
            params = {"text": value[m.start : m.end], "count": len(obfuscated)}
            w = OBFUSCATION_WEIGHT * weights.get("obfuscation", 1.0)
            found.append(
                (None, Evidence("obfuscation", rule_contact, w, "obfuscation", params, m.start, m.end, field, True))
            )
        if "report" in triggers:
            s, e = norm.span(*triggers["report"][0], "contact")
            w = REPORT_WEIGHT * weights.get("context", 1.0)
            words = sorted({norm.contact[a:b] for a, b in triggers["report"]})
            found.append((None, Evidence("context", "", w, "context.report", {"words": words}, s, e, field)))
        return norm, found

    @staticmethod
    def _triggered(norm, field, triggers, found, weights, rule_contact, wt) -> None:  # type: ignore[no-untyped-def]
        """The evidence of the literals the automaton saw: calls to action, money, offers."""
        # Calls to action and money cite the rule of contact details (both are how an offer reaches the reader).
        spans = {"cta": triggers.get("cta", []), "money": triggers.get("money", [])}
        if "price" in triggers:
            spans["money"] = spans["money"] + [(-1, -1)]  # the regex below, mapped already
        for source, weight in (("cta", CTA_WEIGHT), ("money", MONEY_WEIGHT)):
            if not spans[source]:
                continue
            w = weight * weights.get(source, 1.0)
            for cs, ce in spans[source]:
                if cs < 0:
                    items = list(find_prices(norm))
                else:
                    s, e = norm.span(cs, ce, "contact")
                    items = [(norm.contact[cs:ce], s, e)]
                for term, s, e in items:
                    ev = Evidence(source, rule_contact, w, source, {"text": term}, s, e, field, True)
                    found.append((Match(term, rule_contact, "flag", s, e, source, field), ev))
        offer_triggers = {k for k in OFFER_TRIGGERS if k in triggers}
        if offer_triggers:
            w = OFFER_WEIGHT * wt
            for category, term, s, e in find_offers(norm, offer_triggers):
                params = {"term": term, "action": "hold", "category": category, "variant": "pattern"}
                ev = Evidence("term", rule_contact, w, "term.intent", params, s, e, field, True)
                found.append((Match(term, rule_contact, "hold", s, e, "offer", field), ev))

    def scan(
        self,
        text: str,
        *,
        title: str = "",
        recent: Iterable[tuple[int, object]] = (),
        policy: Policy | None = None,
        context: Context | None = None,
        fingerprint: bool = False,
    ) -> Result:
        """Check an article body (and title).  ``recent`` holds (fingerprint, ref) pairs of content posted by other
        accounts recently; near-duplicates of it are evidence.  ``policy`` (default: ``Policy.default()``) weighs the
        evidence; ``context`` tells about the author (and may carry extra evidence, e.g. a classifier's).  With
        ``fingerprint`` (or any ``recent``) the body's simhash is computed once and kept in ``result.fingerprint``."""
        policy = policy or _DEFAULT_POLICY
        if not title and not recent and not fingerprint and context is None:
            # The common case (a comment, a document of a batch): one field, nothing about the author.
            if not text or self._clean(text):
                return Result([], [], "pass", {"reason": "pass.none", "score": 0.0}, "", None)
            found = self._scan_field(text, "body", policy)[1]
            if not found:
                return Result([], [], "pass", {"reason": "pass.none", "score": 0.0}, "", None)
            found = _dedupe(found)
            if any(ev is not None and ev.kind == "context" for _m, ev in found):
                found = [_as_reported(f) for f in found]
            evidence = [ev for _m, ev in found if ev is not None]
            verdict, explanation, rule = policy.decide(evidence)
            return Result([m for m, _ev in found if m is not None], evidence, verdict, explanation, rule, None)
        found: list[Found] = []
        if title:
            tnorm, tf = self._scan_field(title, "title", policy)
            found.extend(tf)
            rule = self.detector_rules["clickbait"]
            wk = policy.weight("clickbait")
            for term, s, e in find_clickbait(tnorm):
                ev = Evidence("clickbait", rule, CLICKBAIT_WEIGHT * wk, "clickbait", {"text": term}, s, e, "title")
                found.append((Match(term, rule, "flag", s, e, "clickbait", "title"), ev))
        body_norm: Normalised | None = None
        if text:
            body_norm, bf = self._scan_field(text, "body", policy)
            found.extend(bf)
        if found:
            found = _dedupe(found)
            if any(ev is not None and ev.kind == "context" for _m, ev in found):
                found = [_as_reported(f) for f in found]
        recent = recent if isinstance(recent, list) else list(recent)
        fp: int | None = None
        if (
            body_norm is not None
            and (fingerprint or recent)
            # The shingle text is the contact level less its repeats and punctuation: never longer.
            and (fingerprint or len(body_norm.contact) >= DUPLICATE_MIN_CHARS)
        ):
            shingles = shingle_normalised(body_norm)
            compare = bool(recent) and len(shingles) >= DUPLICATE_MIN_CHARS
            # A text too short to be compared is not hashed unless the caller asked for its fingerprint.
            if fingerprint or compare:
                fp = simhash(shingles)
            if compare:
                found.extend(self._duplicates(text, fp, recent, policy))  # type: ignore[arg-type]
        evidence = [ev for _m, ev in found if ev is not None]
        evidence.extend(policy.account_evidence(context))
        if context is not None and context.extra:
            evidence.extend(e.scaled(policy.weight(e.kind)) for e in context.extra)
        verdict, explanation, rule = policy.decide(evidence)
        matches = [m for m, _ev in found if m is not None]
        return Result(matches, evidence, verdict, explanation, rule, fp)

    def _duplicates(self, text: str, fp: int, recent: list[tuple[int, object]], policy: Policy) -> list[Found]:
        """The nearest few near-duplicates: one piece of evidence naming them all, one match per duplicate."""
        rule = self.detector_rules["duplicate"]
        limit = DUPLICATE_MAX_DISTANCE
        near = [
            (d, i, ref)
            for i, (other, ref) in enumerate(recent)
            if other is not None and (d := ((fp ^ other) & _MASK64).bit_count()) <= limit
        ]
        if len(near) > 1:
            near.sort(key=lambda x: (x[0], x[1]))
        near = near[:DUPLICATE_MAX_REPORTED]
        if not near:
            return []
        ev = Evidence(
            "near_duplicate",
            rule,
            DUPLICATE_WEIGHT * policy.weight("near_duplicate"),
            "near_duplicate",
            {"distance": near[0][0], "nearest": [{"ref": _json_safe(ref), "distance": d} for d, _, ref in near]},
            0,
            len(text),
            "body",
            True,
            near[0][2],
        )
        out: list[Found] = [
            (Match(f"near-duplicate:{near[0][0]}", rule, "hold", 0, len(text), "duplicate", "body", near[0][2]), ev)
        ]
        out.extend(
            (Match(f"near-duplicate:{d}", rule, "hold", 0, len(text), "duplicate", "body", ref), None)
            for d, _, ref in near[1:]
        )
        return out


def _as_reported(f: Found) -> Found:
    """In a report or a warning an intent term is named, not offered: it counts as a topic word of its action."""
    m, ev = f
    if ev is None or ev.kind != "term" or not ev.intent:
        return f
    topic = TERM_WEIGHTS["topic"][ev.params.get("action", "hold")]
    params = {**ev.params, "reported": True}
    return m, Evidence("term", ev.rule, min(ev.weight, topic), "term.topic", params, ev.start, ev.end, ev.field, False)


def _json_safe(ref: object) -> object:
    return ref if ref is None or isinstance(ref, str | int | float | bool) else str(ref)


def term_evidence(m: Match, t: Term, variant: str, multiplier: float) -> Evidence:
    params = {"term": t.term, "action": t.action, "category": t.category, "variant": variant}
    return Evidence(
        "term", t.rule, t.score * multiplier, f"term.{t.kind}", params, m.start, m.end, m.field, t.kind == "intent"
    )
