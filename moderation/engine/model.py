"""Plain data types shared by the engine modules."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

from .evidence import TERM_KINDS, TERM_WEIGHTS, Evidence


class Verdict(StrEnum):
    """What a check decides. The one definition: moderation's models and the content apps import this."""

    PASS = "pass"
    FLAG = "flag"  # published, and a case opened for a moderator to look at
    HOLD = "hold"  # waits for a moderator
    BLOCK = "block"  # rejected, citing the rule

    @property
    def publishes(self) -> bool:
        return self in (Verdict.PASS, Verdict.FLAG)


ACTIONS = ("block", "hold", "flag", "allow")
# Ranking of actions; "allow" is not a verdict, it only suppresses other lexicon hits.
SEVERITY = {"allow": 0, "flag": 1, "hold": 2, "block": 3}
VERDICTS = tuple(Verdict)
SOURCES = ("lexicon", "contact", "link", "duplicate", "clickbait")


@dataclass(frozen=True, slots=True)
class Term:
    """One lexicon entry.  ``rule`` is a policy code such as "3.4"; ``action`` the strongest verdict the term
    stands for (``block`` marks an explicit block term); ``kind`` says whether the word only names a topic (赌博,
    发票: news and reviews use it) or states an intent (代开发票, 招嫖: an offer); ``weight`` (None: the default for
    its kind and action, see ``TERM_WEIGHTS``) is its contribution to the score; ``category`` is free text for
    people (gambling, invoices)."""

    term: str
    rule: str
    action: str
    kind: str = "topic"
    weight: float | None = None
    category: str = ""

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"unknown action {self.action!r} for term {self.term!r}")
        if not self.term.strip():
            raise ValueError("empty term")
        if self.kind not in TERM_KINDS:
            raise ValueError(f"unknown kind {self.kind!r} for term {self.term!r} (topic or intent)")
        if self.weight is not None and not 0 <= self.weight <= 100:
            raise ValueError(f"weight of {self.term!r} must be between 0 and 100")

    @property
    def score(self) -> float:
        return TERM_WEIGHTS[self.kind][self.action] if self.weight is None else float(self.weight)


@dataclass(frozen=True, slots=True)
class Match:
    """One finding with a span; ``start``/``end`` index the ORIGINAL text of ``field`` (end exclusive)."""

    term: str
    rule: str
    action: str
    start: int
    end: int
    source: str = "lexicon"
    field: str = "body"
    ref: object | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "rule": self.rule,
            "action": self.action,
            "start": self.start,
            "end": self.end,
            "source": self.source,
            "field": self.field,
        }


@dataclass(slots=True)
class Result:
    """What a scan found.  ``verdict``, ``explanation`` and ``rule`` come from the policy over ``evidence``;
    ``matches`` are the findings with a span as before (kept for the callers that store them)."""

    matches: list[Match] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    verdict: str = "pass"
    explanation: dict[str, Any] = field(default_factory=lambda: {"reason": "pass.none", "score": 0.0})
    rule: str = ""
    fingerprint: int | None = None

    @property
    def score(self) -> float:
        """Queue priority: the summed weight of the evidence (higher = look at it sooner)."""
        return max(0.0, round(sum(e.weight for e in self.evidence), 3))

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "matches": [m.to_dict() for m in self.matches],
            "score": self.score,
            "rule": self.rule,
            "evidence": [e.to_dict() for e in self.evidence],
            "explanation": dict(self.explanation),
        }


def _refuse(self: object, *args: object, **kwargs: object) -> None:
    raise TypeError("the shared pass result cannot be changed: build a Result of your own")


class _FrozenList(list):
    """A list that refuses to change: equal to ``[]`` and written as one by ``json``."""

    __slots__ = ()
    append = extend = insert = remove = pop = clear = sort = reverse = _refuse
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse


class _FrozenDict(dict):
    """A dict that refuses to change: equal to the dict of its items and written as one by ``json``."""

    __slots__ = ()
    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _refuse


_FIELDS = tuple(f.name for f in fields(Result))


class _Passed(Result):
    """The result of every text with nothing in it (most text), built once and shared (a Result, two lists and a
    dict for each of them were 0.07 s of the engine's 0.31 s on the real corpus in bench/quality.py, which keeps a
    chunk's results: allocations and collections).  Shared, it refuses every change, of itself or of its lists and
    dict, and equals any Result of the same fields."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"the shared pass result cannot be changed ({name})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Result):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in _FIELDS)

    __hash__ = None  # type: ignore[assignment]


def _passed() -> Result:
    """A pass: Result's own defaults, their lists and dict frozen."""
    fresh, r = Result(), object.__new__(_Passed)
    for name in _FIELDS:
        value = getattr(fresh, name)
        if isinstance(value, list):
            value = _FrozenList(value)
        elif isinstance(value, dict):
            value = _FrozenDict(value)
        object.__setattr__(r, name, value)
    return r


PASSED = _passed()
