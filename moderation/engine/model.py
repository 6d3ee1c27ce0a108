"""Plain data types shared by the engine modules."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


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
# Weights for Result.score: one block outranks any realistic number of flags.
SCORE_WEIGHTS = {"block": 100.0, "hold": 10.0, "flag": 1.0}


@dataclass(frozen=True, slots=True)
class Term:
    """One lexicon entry.  ``rule`` is a policy code such as "3.4"."""

    term: str
    rule: str
    action: str

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"unknown action {self.action!r} for term {self.term!r}")
        if not self.term.strip():
            raise ValueError("empty term")


@dataclass(frozen=True, slots=True)
class Match:
    """One reason for a verdict; ``start``/``end`` index the ORIGINAL text of ``field`` (end exclusive)."""

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
    matches: list[Match] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        worst = max((SEVERITY[m.action] for m in self.matches), default=0)
        return {3: "block", 2: "hold", 1: "flag"}.get(worst, "pass")

    @property
    def score(self) -> float:
        """Queue priority: weighted count of matches (higher = look at it sooner)."""
        return sum(SCORE_WEIGHTS.get(m.action, 0.0) for m in self.matches)

    def to_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "matches": [m.to_dict() for m in self.matches]}
