"""Reads of the lexicon, and the engine built from it: one Engine per process, rebuilt lazily when the lexicon or the
current rule-set version changes.

The lexicon's version is a token in the database (`LexiconVersion`), changed in the same transaction as every
lexicon write. Before each scan a process reads it in the one query that also reads the current rule-set version
(and its detector rules), so a change made anywhere (the admin, `manage.py lexicon import` beside a running server,
a write while Redis is unreachable) reaches every web process and worker at its next scan. No cache sits in between:
a cached token would leave a window in which a process scans with the old lexicon, and the query costs one row.
"""

import csv
import hashlib
import io
import threading

from django.db.models import Count, Max, Subquery

from ..engine import Engine, Term, settle
from ..models import LexiconTerm, LexiconVersion, Rule, RuleSet

EXPORTED = ("term", "rule", "action", "kind", "weight", "category")
# The rule an `allow` term may cite when it cites none.
NO_RULE = frozenset({"", "0", "-"})

_lock = threading.Lock()
_engine: Engine | None = None
_engine_key: tuple | None = None


def _derived_version() -> str:
    """Without a version row (a table emptied by hand), a version derived from the terms themselves."""
    stats = LexiconTerm.objects.aggregate(n=Count("id"), last=Max("id"))
    return "db-" + hashlib.sha1(f"{stats['n']}:{stats['last']}".encode()).hexdigest()[:16]


def lexicon_version() -> str:
    token = LexiconVersion.objects.filter(pk=1).values_list("token", flat=True).first()
    return token or _derived_version()


def lexicon_rule_codes() -> set[str]:
    """The rule codes of the current rule-set version: the only codes a lexicon term may cite."""
    return set(Rule.objects.filter(ruleset__is_current=True).values_list("code", flat=True))


def lexicon_cited_codes() -> set[str]:
    """The rule codes the lexicon's terms cite (an `allow` term citing none left out)."""
    rows = LexiconTerm.objects.values_list("rule", "action").distinct()
    return {rule for rule, action in rows if not (action == LexiconTerm.Action.ALLOW and rule in NO_RULE)}


def _scan_state() -> tuple[str, int | None, dict[str, str] | None]:
    """The lexicon's version, the current rule-set version's id and its detector → rule mapping, in one query.

    Without a current version (or with one whose rules file carried no mapping) the engine keeps its own defaults:
    there is no rules data to take them from."""
    row = (
        RuleSet.objects.filter(is_current=True)
        .annotate(lexicon_token=Subquery(LexiconVersion.objects.filter(pk=1).values("token")[:1]))
        .values_list("pk", "detectors", "lexicon_token")
        .first()
    )
    if row is None:
        return lexicon_version(), None, None
    ruleset_id, detectors, version = row
    return (version or _derived_version()), ruleset_id, (detectors or None)


def current_engine() -> tuple[Engine, str]:
    """The engine for the lexicon and the rule-set version as they are now, and that lexicon's version."""
    global _engine, _engine_key
    version, ruleset_id, detector_rules = _scan_state()
    key = (version, ruleset_id, tuple(sorted((detector_rules or {}).items())))
    if _engine is None or key != _engine_key:
        with _lock:
            if _engine is None or key != _engine_key:
                _engine, _engine_key = Engine(lexicon_terms(), detector_rules=detector_rules), key
                settle()  # the engine lives as long as the process: out of the garbage collector's walks
    return _engine, version


def lexicon_terms() -> list[Term]:
    """The lexicon as the engine's terms."""
    rows = LexiconTerm.objects.values_list(*EXPORTED)
    return [Term(t, r, a, kind=k, weight=w, category=c) for t, r, a, k, w, c in rows]


def lexicon_export(*, out: io.TextIOBase) -> int:
    """Write the lexicon as `term,rule,action,kind,weight,category` CSV (what `lexicon_import` reads); returns how
    many terms. A weight left to the engine's default is an empty cell."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORTED)
    count = 0
    for row in LexiconTerm.objects.order_by("rule", "term", "action").values_list(*EXPORTED).iterator():
        term, rule, action, kind, weight, category = row
        writer.writerow([term, rule, action, kind, "" if weight is None else f"{weight:g}", category])
        count += 1
    return count
