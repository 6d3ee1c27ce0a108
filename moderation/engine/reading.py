"""How the engine reads the lexicon in a normalised field: the automaton's hits, the windows where repeated
characters collapse, pinyin annotations, the generated spellings, and jieba's confirmation of a CJK hit.
``Engine`` inherits these from ``LexiconReader``; they use only ``self.lexicon``."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from .lexicon import Entry, Lexicon
from .model import Match, Term
from .normalise import (
    _REPEAT_RE,
    CJK_RE,
    Normalised,
    _delete,
    _to_orig,
)
from .segment import WINDOW, confirm, reads_better, strict_confirm
from .variants import is_word, strip_annotations


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


class LexiconReader:
    """The lexicon-reading half of :class:`~moderation.engine.engine.Engine` (``self.lexicon`` is its ``Lexicon``)."""

    lexicon: Lexicon

    def _lexicon_matches(
        self, norm: Normalised, field: str, found: tuple | None = None, state: dict | None = None
    ) -> list[tuple[Match, Term, str]]:
        """Lexicon hits, reported against the original text.

        The automaton runs once over the contact level (noise removed, repeats intact).  Where a
        repeated key character sits (see :meth:`Lexicon.find_all`), a window around it
        is collapsed and searched again, and the hits that the collapse touches are taken from
        the window instead.  Everywhere else the contact level IS the collapsed text as far as
        the lexicon can tell, so the full collapsed text is never built.  ``state`` (a dict) receives what
        :meth:`_variant_matches` needs to read the generated spellings the same way later."""
        hits, repeats = (found if found is not None else self.lexicon.find_all(norm.contact))[:2]
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
        disguised: list[Match] | None = None,
        alone: bool = False,
    ) -> None:
        """The confirmed ``cands`` as matches into ``out``; with ``disguised``, the spellings that may count alone
        and are disguises go there too (and with ``alone``, only they go anywhere)."""
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
            m = Match(t.term, t.rule, t.action, s, e, "lexicon", field)
            if disguised is not None and c.entry.alone_for:
                text, a, b = (norm.contact, c.start, c.end) if c.text is None else (c.text, c.text_start, c.text_end)
                if reads_better(text, a, b, c.entry.alone_for):
                    disguised.append(m)
                elif alone:
                    continue
            out.append((m, t, variant))

    def _variant_matches(
        self, norm: Normalised, field: str, state: dict, disguised: list[Match], alone: bool = False
    ) -> list[tuple[Match, Term, str]]:
        """Generated spellings (homophones, pinyin abbreviations) in a text that has intent evidence, or with
        ``alone`` only those that may count alone and are disguises (:func:`.segment.reads_better`): read exactly as
        the exact terms are (same collapsed windows, the same allowed words cover them), from their own automaton
        (searched only here, so a text without intent evidence and without such a spelling never pays for them).
        The disguises among them are also added to ``disguised``."""
        lex = self.lexicon
        if lex._vac is None:
            return []
        find = lex.find_variants if not alone else lambda t: [h for h in lex.find_variants(t) if h.entry.alone_for]
        hits = find(norm.contact)
        # Collapsing matters for a spelling wherever a key character repeats (whatever its neighbours).
        repeats = state["latin"] + lex.key_runs(norm.contact)
        windows, touched = self._windows(norm, repeats) if repeats else ([], [])
        if not hits and not windows:
            return []
        cands = (
            self._cands(norm, hits, windows, touched, find)
            if windows
            else [_Cand(h.start, h.end, h.entry, None, 0, 0) for h in hits]
        )
        out: list[tuple[Match, Term, str]] = []
        if cands:
            self._read_cands(norm, field, cands, state["allows"], out, disguised, alone)
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
