"""The Engine: lexicon + detectors + verdict."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from itertools import chain
from pathlib import Path

from .detectors import (
    CONTACT_DIGITS_RE,
    CTA_WORDS,
    HANDLE_DIGITS_RE,
    MONEY_WORDS,
    POINTER_TRIGGERS,
    PRICE_TRIGGERS,
    REPORT_WORDS,
    find_clickbait,
    find_contacts,
    find_handles,
    find_links,
    find_pointers,
    find_prices,
    find_spelled_links,
    find_taokouling,
    find_web_links,
    written_plainly,
)
from .detectors.contacts import _D as _DIGITS
from .detectors.contacts import _SEP as _DIGIT_SEP
from .detectors.contacts import _SPACED_SEP as _HANDLE_SEP
from .evidence import Context, Evidence, Policy
from .findings import Found, as_reported, dedupe, moved, near_duplicates, term_evidence
from .lexicon import DEFAULT_LEXICON, Lexicon, load_lexicon
from .model import PASSED, Match, Result, Term
from .normalise import (
    _INVISIBLE_RE,
    _SYMBOLS,
    DeletionMap,
    Normalised,
    _clean_split_re,
    _clean_state,
    _getsizeof,
    normalise,
    without_invisible,
)
from .offers import TRIGGERS as OFFER_TRIGGERS
from .offers import find_offers
from .prefilter import quiet, quiet_ready
from .reading import LexiconReader
from .simhash import shingle_hash

DETECTORS = ("contact", "link", "duplicate", "clickbait")
# The rule each detector cites when the engine runs alone (its tests, the benchmarks). The app passes the mapping
# of the current rule-set version instead, so that rule codes live in the rules data, not here.
DEFAULT_DETECTOR_RULES = {"contact": "3.1", "duplicate": "3.2", "link": "3.4", "clickbait": "7.1"}
DUPLICATE_MIN_CHARS = 50  # shorter texts ("谢谢分享") are legitimately identical
# Base weights of the detectors' evidence (the policy multiplies them per kind).  A contact detail, a tracked link or a
# near-duplicate of other accounts' posts reaches the hold threshold alone: each is intent by itself.
CONTACT_WEIGHT = 3.0
LINK_WEIGHT = 3.0
CLICKBAIT_WEIGHT = 1.0
CTA_WEIGHT = 0.8  # supporting evidence (see evidence.SUPPORT_KINDS): one alone stays under the flag threshold
MONEY_WEIGHT = 0.8
OFFER_WEIGHT = 3.0  # an offer of a service with no listed term (offers.py): intent, at the hold threshold alone
# A term in disguise (symbols or emoji between its characters, its pinyin initials beside an offer): intent to evade;
# beside a topic term and a call to action (套(tao4)现秒到，当面操作) it reaches the hold threshold.
OBFUSCATION_WEIGHT = 2.0
# What a writer puts between the characters of a word to break it (not spaces: those are ordinary between words).
# (Full-width brackets too: 百（ｂǎｉ）家乐 as much as 百(bai)家乐.)
_SPLIT_RE = re.compile(f"[{_SYMBOLS}（）]")
_LETTER_RE = re.compile("[a-z]")  # in folded text (lower case)
# Any of the three at once, in a text that is its own folded and contact level (see _clean): an ASCII letter, a
# bracket, or a run of digits that may be part of a contact detail (detectors.CONTACT_DIGITS_RE or HANDLE_DIGITS_RE).
_PROBE_RE = re.compile(
    f"[a-z(（{_DIGITS}](?:(?<=[{_DIGITS}])(?:(?:{_DIGIT_SEP}[{_DIGITS}]){{4}}|(?:{_HANDLE_SEP}[{_DIGITS}]){{4}})"
    "|(?<=[a-z(（]))"
)
REPORT_WEIGHT = -1.0  # the words of a report or a warning lower the score
# ... of the other evidence: alone (公安, 法院, 提醒 in most news) they are none, there being nothing to discount.
CONTEXT_TRIGGERS = ("report",)
_DEFAULT_POLICY = Policy.default()


class Engine(LexiconReader):
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
                "pointer": POINTER_TRIGGERS,
                **OFFER_TRIGGERS,
            },
        )
        # quiet()'s tables (the automaton's patterns and the spellings that may count alone), or None where the C
        # passes cannot decide (see _clean); for a field scanned alone, without the words of a report, which are
        # evidence only beside other evidence.
        ready = self.lexicon._may is not None and quiet_ready()
        self._quiet_tables = self.lexicon.quiet_tables() if ready else None
        self._alone_tables = self.lexicon.quiet_tables(CONTEXT_TRIGGERS) if ready else None

    @classmethod
    def default(cls, path: str | Path = DEFAULT_LEXICON) -> Engine:
        """Engine over the bundled ``moderation/data/lexicon.csv`` (or another CSV)."""
        return cls(load_lexicon(path))

    def _clean(self, text: str) -> bool:
        """True when ``_scan_field`` certainly finds nothing in ``text`` (most prose).  With the C extension one call
        decides (``_textscan.quiet``: it folds and deletes as the normaliser does, then looks for what a detector or
        the lexicon could start from).  Without it, three C-level passes over the raw text: nothing in it that
        folding would change or the contact level would delete (then the raw text IS its folded and contact
        levels), nothing the probe for contact details, links and annotations sees, and no pattern of the lexicon's
        automaton (terms, repeat markers, triggers) in it."""
        tables = self._quiet_tables
        if tables is not None:
            return quiet(text, tables[0], tables[1])  # type: ignore[misc]
        if _getsizeof(text) >= 4 * len(text) + 60:
            return False  # may hold a character above U+FFFF: normalise's general path
        if (_clean_state.get("re") or _clean_split_re()).search(text) is not None:
            return False  # something to fold or to delete
        if _PROBE_RE.search(text) is not None:
            return False
        lexicon = self.lexicon
        if lexicon.may_lone(text):
            return False
        return lexicon._ac is None or not (
            lexicon.may_match(text)
            and lexicon._ac.find_matches_as_indexes(text.encode("utf-16-be", "surrogatepass"), overlapping=True)
        )

    def _scan_field(self, value: str, field: str, policy: Policy) -> tuple[Normalised, list[Found], DeletionMap | None]:
        """The evidence in one field, read as a reader sees it: without invisible characters (their map back is
        returned; spans are already the original's)."""
        visible, vmap = without_invisible(value)
        norm, found = self._scan_visible(visible, field, policy)
        if vmap is not None and found:
            found = [(moved(m, vmap), moved(ev, vmap)) for m, ev in found]
            # A contact detail with invisible characters between its digits was not written plainly (1⃣3⃣8⃣…).
            found = [
                (m, replace(ev, params={**ev.params, "plain": False}))
                if ev is not None and ev.params.get("plain") and _INVISIBLE_RE.search(value, ev.start, ev.end)
                else (m, ev)
                for m, ev in found
            ]
        return norm, found, vmap

    def _scan_visible(self, value: str, field: str, policy: Policy) -> tuple[Normalised, list[Found]]:
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
        lone = self.lexicon.may_lone(norm.contact)
        if not (lexical or digits or triggers or lone):
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
                if written_plainly(kind, value, s, e):
                    params["plain"] = True
                ev = Evidence("contact", rule, CONTACT_WEIGHT * wc, f"contact.{kind}", params, s, e, field, True)
                found.append((Match(term, rule, "hold", s, e, "contact", field), ev))
        web: list[tuple[str, int, int]] = []
        if letters:
            rule = self.detector_rules["link"]
            wl = weights.get("link", 1.0)
            spans: list[tuple[int, int]] = []
            for term, s, e in chain(find_links(norm), find_spelled_links(norm), find_taokouling(norm)):
                kind, _sep, ident = term.partition(":")
                ev = Evidence("link", rule, LINK_WEIGHT * wl, f"link.{kind}", {"value": ident}, s, e, field, True)
                found.append((Match(term, rule, "hold", s, e, "link", field), ev))
                spans.append((s, e))
            web = [(t, s, e) for t, s, e in find_web_links(norm) if not any(a < e and s < b for a, b in spans)]
        if triggers:
            self._triggered(norm, field, triggers, found, weights, rule_contact, wt)
        if web and found:
            # The address of a host on no list (an article's sources, a review's download page) is evidence only
            # beside another sign, as a plainly written contact detail is: 注册就送：www.am8866.net.
            rule, wl = self.detector_rules["link"], weights.get("link", 1.0)
            for term, s, e in web:
                params = {"value": term.partition(":")[2], "plain": True}
                ev = Evidence("link", rule, LINK_WEIGHT * wl, "link.web", params, s, e, field, True)
                found.append((Match(term, rule, "hold", s, e, "link", field), ev))
        intent = any(ev is not None and ev.intent for _m, ev in found)
        if intent or lone:
            # A pinyin abbreviation or a homophone is too often something else (同城约跑 is a running date, not
            # 同城约炮): it counts beside intent evidence, which an evader who disguises a term always adds, or
            # alone as a disguise (see .variants: a long term's spelling that the text reads better without).
            disguised: list[Match] = []
            variants = self._variant_matches(norm, field, state, disguised, alone=not intent)
            found.extend((m, term_evidence(m, t, v, wt)) for m, t, v in variants)
            abbreviated = [m for m, _t, v in variants if v == "pinyin_abbr"]
            if abbreviated:
                # Initials in place of a term (tx for 套现, fp for 发票) beside an offer are written to get past a
                # filter, as symbols inside a term are: evidence of evasion of its own.
                self._obfuscation(found, value, abbreviated, "obfuscation.abbreviation", weights, rule_contact)
            if disguised:
                # So is a character swapped for a same-sounding one that leaves the text reading worse (代开发飘).
                self._obfuscation(found, value, disguised, "obfuscation.homophone", weights, rule_contact)
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
            self._obfuscation(found, value, obfuscated, "obfuscation", weights, rule_contact)
        if "report" in triggers:
            s, e = norm.span(*triggers["report"][0], "contact")
            w = REPORT_WEIGHT * weights.get("context", 1.0)
            words = sorted({norm.contact[a:b] for a, b in triggers["report"]})
            found.append((None, Evidence("context", "", w, "context.report", {"words": words}, s, e, field)))
        return norm, found

    @staticmethod
    def _obfuscation(found: list[Found], value: str, spans: list[Match], reason: str, weights, rule: str) -> None:  # type: ignore[no-untyped-def]
        """One piece of evidence of evasion for the disguised spellings ``spans`` (the first one cited)."""
        m = spans[0]
        params = {"text": value[m.start : m.end], "term": m.term, "count": len(spans)}
        w = OBFUSCATION_WEIGHT * weights.get("obfuscation", 1.0)
        found.append((None, Evidence("obfuscation", rule, w, reason, params, m.start, m.end, m.field, True)))

    @staticmethod
    def _triggered(norm, field, triggers, found, weights, rule_contact, wt) -> None:  # type: ignore[no-untyped-def]
        """The evidence of the literals the automaton saw: calls to action, money, an account in the profile, offers."""
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
        if "pointer" in triggers:
            # An account named and the reader sent to the profile for it: a contact detail kept out of the text.
            w = CONTACT_WEIGHT * weights.get("contact", 1.0)
            for term, s, e in find_pointers(norm):
                params = {"value": term.partition(":")[2]}
                ev = Evidence("contact", rule_contact, w, "contact.profile", params, s, e, field, True)
                found.append((Match(term, rule_contact, "hold", s, e, "contact", field), ev))
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
            # The common case (a comment, a document of a batch): one field, nothing about the author.  (Most real
            # text is quiet: _clean's call, inlined.)
            tables = self._alone_tables
            if not text or (quiet(text, tables[0], tables[1]) if tables is not None else self._clean(text)):  # type: ignore[misc]
                return PASSED
            found = self._scan_field(text, "body", policy)[1]
            if not found or all(ev is not None and ev.kind == "context" for _m, ev in found):
                return PASSED
            found = dedupe(found)
            if any(ev is not None and ev.kind == "context" for _m, ev in found):
                found = [as_reported(f) for f in found]
            evidence = [ev for _m, ev in found if ev is not None]
            verdict, explanation, rule = policy.decide(evidence)
            return Result([m for m, _ev in found if m is not None], evidence, verdict, explanation, rule, None)
        found: list[Found] = []
        if title:
            tnorm, tf, tmap = self._scan_field(title, "title", policy)
            found.extend(tf)
            rule = self.detector_rules["clickbait"]
            wk = policy.weight("clickbait")
            for term, s, e in find_clickbait(tnorm):
                s, e = tmap.span(s, e) if tmap else (s, e)
                ev = Evidence("clickbait", rule, CLICKBAIT_WEIGHT * wk, "clickbait", {"text": term}, s, e, "title")
                found.append((Match(term, rule, "flag", s, e, "clickbait", "title"), ev))
        # The body's contact level (what the shingles are taken from).
        body_contact: str | None = None
        clean_body = bool(text) and self._clean(text)
        if text and not clean_body:
            body_norm, bf, _bmap = self._scan_field(text, "body", policy)
            body_contact = body_norm.contact
            found.extend(bf)
        if found:
            found = dedupe(found)
            if any(ev is not None and ev.kind == "context" for _m, ev in found):
                found = [as_reported(f) for f in found]
        recent = recent if isinstance(recent, list) else list(recent)
        if clean_body and (fingerprint or recent):
            body_contact = normalise(text).contact  # a clean body is only normalised, not read
        fp: int | None = None
        if (
            body_contact is not None
            and (fingerprint or recent)
            # The shingle text is the contact level less its repeats and punctuation: never longer.
            and (fingerprint or len(body_contact) >= DUPLICATE_MIN_CHARS)
        ):
            # The shingle text's length and simhash in one pass (a normalised body's contact level is its own).
            length, hashed = shingle_hash(body_contact)
            compare = bool(recent) and length >= DUPLICATE_MIN_CHARS
            # A text too short to be compared has no fingerprint unless the caller asked for it.
            if fingerprint or compare:
                fp = hashed
            if compare:
                rule, w = self.detector_rules["duplicate"], policy.weight("near_duplicate")
                found.extend(near_duplicates(text, fp, recent, rule, w))  # type: ignore[arg-type]
        evidence = [ev for _m, ev in found if ev is not None]
        if all(e.kind == "context" for e in evidence) and not (context is not None and context.extra):
            evidence = []  # the words of a report alone
        evidence.extend(policy.account_evidence(context))
        if context is not None and context.extra:
            evidence.extend(e.scaled(policy.weight(e.kind)) for e in context.extra)
        verdict, explanation, rule = policy.decide(evidence)
        matches = [m for m, _ev in found if m is not None]
        return Result(matches, evidence, verdict, explanation, rule, fp)
