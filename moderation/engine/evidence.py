"""Verdicts from evidence.

Every signal the engine finds (a lexicon term, a contact detail, a link, a call to action, a price, repetition, a
near-duplicate, the account's age and record, a classifier's score) becomes one :class:`Evidence` with a weight.
The verdict is the combination of the weights against the thresholds of a :class:`Policy`, which is plain data that
admins edit.  The rules that keep innocent text published:

* a topic word alone (a crime report naming gambling) is at most a flag;
* a hold needs intent evidence (a contact detail, a link, a call to action, money, an intent term) or a severe term
  (a term weighted at least ``Policy.severe``);
* a near-duplicate of other accounts' posts counts as intent only beside another sign of an offer (a contact, a link,
  an intent term, a call to action, money): alone, or beside topic words only, it is at most a flag (quotes, reprints
  and reviews posted twice recur without being spam);
* a contact detail written plainly (a bare mobile number, "QQ:12345678", "微信：abc123": the app's own name and the
  number or ID in plain ASCII, nothing between its digits) counts as intent only beside another sign of an offer (a
  call to action, money, an intent term, a link, a contact written to get past a filter, a near-duplicate) or a term
  of a restricted subject (a hold or block term): alone, or beside everyday topic words, it is at most a flag (a
  review quoting the shop's number, a reader selling the laptop they reviewed).  A contact written to get past a
  filter (a homophone or nickname of the app, letters spaced out or joined by symbols, digits broken up or in other
  forms) is intent by itself;
* a block needs an explicit block term (written as itself: a homophone or the initials the engine generated from it
  hold instead), intent evidence and a score reaching the block threshold; the account's
  trust does not count against it (trust lowers the score of what would be a flag or a hold, never an explicit
  block term's block);
* the account's age and record only add to what the content shows: they never make a verdict alone.

Each piece of evidence carries a machine-readable ``reason`` and its ``params``; the Django side turns them into words
(the engine knows no language).  ``Result.explanation`` says which rule produced the verdict.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

EVIDENCE_KINDS = (
    "term",
    "contact",
    "link",
    "cta",
    "money",
    "repetition",
    "near_duplicate",
    "account",
    "classifier",
    "clickbait",
    "context",
    "obfuscation",
)
# Supporting kinds: they add to what the text shows but never make more than a flag alone (a shop says 欢迎咨询, a
# review 好评返现; an account's record is no content at all: alone it makes no verdict).
SUPPORT_KINDS = frozenset({"cta", "money"})
# A contact detail or a web address written plainly (``params["plain"]``): intent only beside another sign of an offer.
PLAIN_KINDS = frozenset({"contact", "link"})
# Kinds that show intent (someone wants the reader to do something, or posts the same thing everywhere; a
# near-duplicate only beside another sign of an offer, see Policy.decide).
INTENT_KINDS = frozenset({"contact", "link", "near_duplicate", "obfuscation"})
# Default weight of a lexicon term (when its row gives none) by kind and action.  An intent term reaches the threshold
# of its action alone (加微信 holds, 招嫖 blocks); a topic term is worth less, and alone it is at most a flag.
TERM_WEIGHTS = {
    "topic": {"allow": 0.0, "flag": 1.0, "hold": 1.5, "block": 3.0},
    "intent": {"allow": 0.0, "flag": 1.0, "hold": 3.0, "block": 6.0},
}
TERM_KINDS = ("topic", "intent")
VARIANTS = ("exact", "collapsed", "homophone", "annotated", "pinyin_abbr")
# Spellings the engine generated from a term (a same-sounding character, the initials): a guess, however likely, so a
# block term read through one holds for a moderator instead of blocking.
GUESSED_VARIANTS = frozenset({"homophone", "pinyin_abbr"})


@dataclass(frozen=True, slots=True)
class Evidence:
    """One reason for a verdict.  ``start``/``end`` index the ORIGINAL text of ``field`` (end exclusive)."""

    kind: str
    rule: str
    weight: float
    reason: str
    params: dict[str, Any] = field(default_factory=dict)
    start: int = 0
    end: int = 0
    field: str = "body"
    intent: bool = False
    ref: object | None = None

    def __post_init__(self) -> None:
        if self.kind not in EVIDENCE_KINDS:
            raise ValueError(f"unknown evidence kind {self.kind!r}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "rule": self.rule,
            "weight": round(self.weight, 3),
            "reason": self.reason,
            "params": self.params,
            "start": self.start,
            "end": self.end,
            "field": self.field,
            "intent": self.intent,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        return cls(
            kind=d["kind"],
            rule=d.get("rule", ""),
            weight=float(d.get("weight", 0.0)),
            reason=d.get("reason", d["kind"]),
            params=dict(d.get("params") or {}),
            start=int(d.get("start", 0)),
            end=int(d.get("end", 0)),
            field=d.get("field", "body"),
            intent=bool(d.get("intent", False)),
        )

    def scaled(self, factor: float) -> Evidence:
        return Evidence(
            self.kind,
            self.rule,
            self.weight * factor,
            self.reason,
            self.params,
            self.start,
            self.end,
            self.field,
            self.intent,
            self.ref,
        )


@dataclass(frozen=True)
class Context:
    """What the engine is told about the author.  ``extra`` holds evidence computed elsewhere (a classifier)."""

    account_age_days: float | None = None
    prior_sanctions: int = 0
    trust_level: int = 0
    extra: tuple[Evidence, ...] = ()


_THRESHOLDS = ("flag", "hold", "block")


@dataclass
class Policy:
    """Weights per evidence kind (multipliers) and the thresholds of the verdicts.  Plain data: ``to_dict`` /
    ``from_dict`` round-trip through JSON, so admins can edit and store it."""

    weights: dict[str, float] = field(default_factory=dict)
    flag: float = 1.0
    hold: float = 3.0
    block: float = 6.0
    severe: float = 5.0
    new_account_days: int = 7
    # Account evidence weights (before the "account" multiplier).
    new_account_weight: float = 1.0
    sanction_weight: float = 1.0  # per prior sanction, at most max_sanction_count of them
    max_sanction_count: int = 3
    trusted_weight: float = -1.0  # per trust level

    @classmethod
    def default(cls) -> Policy:
        return cls(weights=dict.fromkeys(EVIDENCE_KINDS, 1.0))

    def weight(self, kind: str) -> float:
        return self.weights.get(kind, 1.0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "weights": {k: self.weights[k] for k in sorted(self.weights)},
            "thresholds": {"flag": self.flag, "hold": self.hold, "block": self.block},
            "severe": self.severe,
            "account": {
                "new_account_days": self.new_account_days,
                "new_account_weight": self.new_account_weight,
                "sanction_weight": self.sanction_weight,
                "max_sanction_count": self.max_sanction_count,
                "trusted_weight": self.trusted_weight,
            },
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Policy:
        """Build a policy from data; raises ValueError with a message naming the bad key."""
        if not isinstance(d, dict):
            raise ValueError("a policy is a JSON object")
        unknown = sorted(set(d) - {"weights", "thresholds", "severe", "account"})
        if unknown:
            raise ValueError(f"unknown policy keys: {', '.join(unknown)}")
        base = cls.default()
        weights = dict(base.weights)
        for k, v in (d.get("weights") or {}).items():
            if k not in EVIDENCE_KINDS:
                raise ValueError(f"weights: unknown evidence kind {k!r}")
            weights[k] = _number(v, f"weights.{k}", low=0.0)
        th = d.get("thresholds") or {}
        bad = sorted(set(th) - set(_THRESHOLDS))
        if bad:
            raise ValueError(f"thresholds: unknown keys: {', '.join(bad)}")
        flag = _number(th.get("flag", base.flag), "thresholds.flag", low=0.0)
        hold = _number(th.get("hold", base.hold), "thresholds.hold", low=0.0)
        block = _number(th.get("block", base.block), "thresholds.block", low=0.0)
        if not 0 < flag <= hold <= block:
            raise ValueError("thresholds: need 0 < flag <= hold <= block")
        acc = d.get("account") or {}
        fields = {
            "new_account_days",
            "new_account_weight",
            "sanction_weight",
            "max_sanction_count",
            "trusted_weight",
        }
        bad = sorted(set(acc) - fields)
        if bad:
            raise ValueError(f"account: unknown keys: {', '.join(bad)}")
        return cls(
            weights=weights,
            flag=flag,
            hold=hold,
            block=block,
            severe=_number(d.get("severe", base.severe), "severe", low=0.0),
            new_account_days=int(_number(acc.get("new_account_days", base.new_account_days), "new_account_days")),
            new_account_weight=_number(acc.get("new_account_weight", base.new_account_weight), "new_account_weight"),
            sanction_weight=_number(acc.get("sanction_weight", base.sanction_weight), "sanction_weight"),
            max_sanction_count=int(
                _number(acc.get("max_sanction_count", base.max_sanction_count), "max_sanction_count", low=0)
            ),
            trusted_weight=_number(acc.get("trusted_weight", base.trusted_weight), "trusted_weight", high=0.0),
        )

    # -- the verdict -----------------------------------------------------------------------------------------
    def account_evidence(self, context: Context | None) -> list[Evidence]:
        if context is None:
            return []
        out: list[Evidence] = []
        m = self.weight("account")
        age = context.account_age_days
        if age is not None and age < self.new_account_days:
            out.append(
                Evidence("account", "", self.new_account_weight * m, "account.new", {"days": int(age)}, field="")
            )
        n = min(max(context.prior_sanctions, 0), self.max_sanction_count)
        if n:
            out.append(
                Evidence(
                    "account",
                    "",
                    self.sanction_weight * n * m,
                    "account.sanctions",
                    {"count": context.prior_sanctions},
                    field="",
                )
            )
        if context.trust_level > 0:
            out.append(
                Evidence(
                    "account",
                    "",
                    self.trusted_weight * context.trust_level * m,
                    "account.trusted",
                    {"level": context.trust_level},
                    field="",
                )
            )
        return out

    def decide(self, evidence: list[Evidence]) -> tuple[str, dict[str, Any], str]:
        """(verdict, explanation, rule to cite) for a list of evidence (weights already scaled)."""
        if not evidence:  # what the general case below gives for no evidence, without its passes
            thresholds = {"flag": self.flag, "hold": self.hold, "block": self.block}
            expl0 = {"score": 0, "thresholds": thresholds, "intent": False, "severe": False, "block_term": False}
            expl0["reason"] = "pass.none"
            return "pass", expl0, ""
        # One pass over the evidence (a scan's verdict is this on every text that has any).
        # A near-duplicate is intent only beside other signs of an offer (a contact, a link, an intent term, a call to
        # action, money): on its own, or beside topic words, it is a text that recurs (a speech quoted in two news
        # reports, a review posted twice), not an offer.  A plainly written contact detail likewise (a review quoting
        # a number), except that a term of a restricted subject beside it makes an offer of that subject.
        # The account's trust (negative account evidence) does not count against an explicit block term.
        score = trust = 0.0
        content: list[Evidence] = []
        duplicate = plain = intent = support = restricted_term = severe = block_term = False
        for e in evidence:
            w = e.weight
            score += w
            kind = e.kind
            if kind == "account":
                if w < 0:
                    trust += w
                continue
            content.append(e)
            if kind == "near_duplicate":
                duplicate = True
            elif kind in PLAIN_KINDS and e.params.get("plain"):
                plain = True
            elif e.intent:
                intent = True
            if kind in SUPPORT_KINDS:
                support = True
            elif kind == "term":
                action = e.params.get("action")
                restricted_term = restricted_term or action in ("hold", "block")
                severe = severe or w >= self.severe
                block_term = block_term or (action == "block" and e.params.get("variant") not in GUESSED_VARIANTS)
        offer = intent or support
        restricted = plain and restricted_term
        intent = intent or (duplicate and (offer or plain)) or (plain and (offer or duplicate or restricted))
        expl: dict[str, Any] = {
            "score": round(score, 3),
            "thresholds": {"flag": self.flag, "hold": self.hold, "block": self.block},
            "intent": intent,
            "severe": severe,
            "block_term": block_term,
        }
        if not evidence:
            verdict, reason = "pass", "pass.none"
        elif not content:
            verdict, reason = "pass", "pass.account_only"
        elif trust and block_term and intent and score - trust >= self.block:
            verdict, reason = "block", "block.term_trusted"
            expl["score_without_trust"] = round(score - trust, 3)
        elif score < self.flag or math.isclose(score, 0.0):
            verdict, reason = "pass", "pass.below_flag"
        elif score < self.hold:
            verdict, reason = "flag", "flag.score"
        elif all(e.kind in SUPPORT_KINDS for e in content):
            verdict, reason = "flag", "flag.support_only"
        elif duplicate and not intent and not severe:
            verdict, reason = "flag", "flag.duplicate_only"
        elif plain and not intent and not severe:
            verdict, reason = "flag", "flag.plain_contact"
        elif not (intent or severe):
            verdict, reason = "flag", "flag.no_intent"
        elif score >= self.block and block_term and intent:
            verdict, reason = "block", "block.term"
        else:
            verdict, reason = "hold", "hold.intent" if intent else "hold.severe"
            # A score that reaches the block threshold without a block term (or without intent) stays a hold.
            expl["capped"] = score >= self.block
        expl["reason"] = reason
        return verdict, expl, _rule_for(verdict, content)


def _rule_for(verdict: str, content: list[Evidence]) -> str:
    """The rule a verdict cites: for a block, the strongest block term; otherwise the strongest evidence with a rule
    (a term before a detector of equal weight, so that the rule names what the text is about)."""
    if verdict == "pass":
        return ""
    cands = [e for e in content if e.rule]
    if verdict == "block":
        cands = [e for e in cands if e.kind == "term" and e.params.get("action") == "block"] or cands
    if not cands:
        return ""
    best = max(cands, key=lambda e: (e.weight, e.kind == "term", -e.start))
    return best.rule


def _number(v: Any, name: str, *, low: float | None = None, high: float | None = None) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        raise ValueError(f"{name}: expected a number, got {v!r}")
    if low is not None and v < low:
        raise ValueError(f"{name}: must be at least {low}")
    if high is not None and v > high:
        raise ValueError(f"{name}: must be at most {high}")
    return float(v)
