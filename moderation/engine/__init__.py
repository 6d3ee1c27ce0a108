"""Automatic text-checking engine (plain Python, no Django).

    from moderation.engine import Engine, Term
    engine = Engine.default()            # or Engine(terms, detector_rules={"contact": "3.1", ...})
    result = engine.scan(body, title=title, recent=[(fingerprint, ref), ...])
    result.verdict, result.matches, result.score, result.to_dict()

Bump ENGINE_VERSION whenever a change can alter verdicts, so stored results can be re-checked.
"""

from .engine import DEFAULT_DETECTOR_RULES, DETECTORS, Engine
from .lexicon import DEFAULT_LEXICON, load_lexicon
from .model import Match, Result, Term, Verdict
from .normalise import normalise
from .segment import warm_up
from .simhash import fingerprint, hamming

ENGINE_VERSION = "1.0.0"

__all__ = [
    "DEFAULT_DETECTOR_RULES",
    "DEFAULT_LEXICON",
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
    "warm_up",
]
