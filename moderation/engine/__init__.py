"""Automatic text-checking engine (plain Python, no Django).

    from moderation.engine import Engine, Term
    engine = Engine.default()            # or Engine(terms, detector_rules={"contact": "3.1", ...})
    result = engine.scan(body, title=title, recent=[(fingerprint, ref), ...])
    result.verdict, result.evidence, result.explanation, result.matches, result.score, result.to_dict()
    engine.scan(body, policy=Policy.from_dict(data), context=Context(account_age_days=2, prior_sanctions=1))

Bump ENGINE_VERSION whenever a change can alter verdicts, so stored results can be re-checked.
"""

from .engine import DEFAULT_DETECTOR_RULES, DETECTORS, Engine
from .evidence import EVIDENCE_KINDS, TERM_KINDS, TERM_WEIGHTS, Context, Evidence, Policy
from .lexicon import DEFAULT_LEXICON, MIN_TERM_CHARS, load_lexicon, term_key, term_problem
from .model import Match, Result, Term, Verdict
from .normalise import normalise
from .segment import settle, warm_up
from .simhash import fingerprint, hamming

ENGINE_VERSION = "2.7.0"

__all__ = [
    "DEFAULT_DETECTOR_RULES",
    "DEFAULT_LEXICON",
    "EVIDENCE_KINDS",
    "MIN_TERM_CHARS",
    "TERM_KINDS",
    "TERM_WEIGHTS",
    "Context",
    "Evidence",
    "Policy",
    "term_key",
    "term_problem",
    "DETECTORS",
    "ENGINE_VERSION",
    "Engine",
    "Match",
    "Result",
    "Term",
    "Verdict",
    "fingerprint",
    "hamming",
    "load_lexicon",
    "normalise",
    "settle",
    "warm_up",
]
