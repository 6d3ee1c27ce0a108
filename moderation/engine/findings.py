"""Findings: each a span the engine read (a ``Match``) with the evidence it gives (an ``Evidence``), either side
possibly None; and what is done to a field's findings as a whole before the verdict."""

from __future__ import annotations

from dataclasses import replace

from .evidence import TERM_WEIGHTS, Evidence
from .model import SEVERITY, Match, Term
from .normalise import DeletionMap
from .simhash import nearest

Found = tuple[Match | None, Evidence | None]


def term_evidence(m: Match, t: Term, variant: str, multiplier: float) -> Evidence:
    params = {"term": t.term, "action": t.action, "category": t.category, "variant": variant}
    return Evidence(
        "term", t.rule, t.score * multiplier, f"term.{t.kind}", params, m.start, m.end, m.field, t.kind == "intent"
    )


def dedupe(found: list[Found]) -> list[Found]:
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


def moved(x, vmap: DeletionMap):  # type: ignore[no-untyped-def]
    """A Match or an Evidence with its span moved from the visible text to the original (None stays None)."""
    if x is None:
        return None
    s, e = vmap.span(x.start, x.end)
    return replace(x, start=s, end=e) if (s, e) != (x.start, x.end) else x


def as_reported(f: Found) -> Found:
    """In a report or a warning an intent term is named, not offered: it counts as a topic word of its action."""
    m, ev = f
    if ev is None or ev.kind != "term" or not ev.intent:
        return f
    topic = TERM_WEIGHTS["topic"][ev.params.get("action", "hold")]
    params = {**ev.params, "reported": True}
    return m, Evidence("term", ev.rule, min(ev.weight, topic), "term.topic", params, ev.start, ev.end, ev.field, False)


# Bits out of 64.  Measured on the real corpus (2,941 documents of >= 50 characters, 200,000 random pairs):
# unrelated documents are 13+ bits apart; the same documents with 5% of their characters changed, 12 (median).
DUPLICATE_MAX_DISTANCE = 8
DUPLICATE_MAX_REPORTED = 5
DUPLICATE_WEIGHT = 3.0  # a near-duplicate of other accounts' posts reaches the hold threshold alone (see evidence)


def near_duplicates(text: str, fp: int, recent: list[tuple[int, object]], rule: str, multiplier: float) -> list[Found]:
    """The nearest few near-duplicates of ``text`` (simhash ``fp``) among ``recent`` (fingerprint, ref) pairs: one
    piece of evidence naming them all, one match per duplicate."""
    near = [(d, i, recent[i][1]) for d, i in nearest(fp, recent, DUPLICATE_MAX_DISTANCE)]
    if len(near) > 1:
        near.sort(key=lambda x: (x[0], x[1]))
    near = near[:DUPLICATE_MAX_REPORTED]
    if not near:
        return []
    ev = Evidence(
        "near_duplicate",
        rule,
        DUPLICATE_WEIGHT * multiplier,
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


def _json_safe(ref: object) -> object:
    return ref if ref is None or isinstance(ref, str | int | float | bool) else str(ref)
