"""Reads of the lexicon, and the engine built from it: one Engine per process, rebuilt lazily when the lexicon or the
current rule-set version changes.

Every change to `LexiconTerm` bumps a version token in the cache (Redis when configured), which every web process
and worker reads before a scan: a change reaches all of them within one scan, with no restart and no broadcast.
If the token is missing (a cold or flushed cache) it is derived from the table itself. The rule-set version is read
from its row on each scan (one indexed query), so a newly published version's detector rules apply at once too.
"""

import csv
import hashlib
import io
import threading

from django.core.cache import cache
from django.db.models import Count, Max

from ..engine import Engine, Term
from ..models import LexiconTerm, Rule, RuleSet

VERSION_KEY = "moderation:lexicon:version"

_lock = threading.Lock()
_engine: Engine | None = None
_engine_key: tuple | None = None


def lexicon_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        stats = LexiconTerm.objects.aggregate(n=Count("id"), last=Max("id"))
        version = "db-" + hashlib.sha1(f"{stats['n']}:{stats['last']}".encode()).hexdigest()[:16]
        cache.add(VERSION_KEY, version, timeout=None)
    return version


def lexicon_rule_codes() -> set[str]:
    """The rule codes of the current rule-set version: the only codes a lexicon term may cite."""
    return set(Rule.objects.filter(ruleset__is_current=True).values_list("code", flat=True))


def _detector_rules() -> tuple[int | None, dict[str, str] | None]:
    """The current version's id and its detector → rule mapping. Without a current version (or with one whose
    rules file carried no mapping) the engine keeps its own defaults: there is no rules data to take them from."""
    row = RuleSet.objects.filter(is_current=True).values_list("pk", "detectors").first()
    if row is None:
        return None, None
    return row[0], (row[1] or None)


def current_engine() -> tuple[Engine, str]:
    """The engine for the lexicon and the rule-set version as they are now, and that lexicon's version."""
    global _engine, _engine_key
    version = lexicon_version()
    ruleset_id, detector_rules = _detector_rules()
    key = (version, ruleset_id, tuple(sorted((detector_rules or {}).items())))
    if _engine is None or key != _engine_key:
        with _lock:
            if _engine is None or key != _engine_key:
                terms = [Term(t, r, a) for t, r, a in LexiconTerm.objects.values_list("term", "rule", "action")]
                _engine, _engine_key = Engine(terms, detector_rules=detector_rules), key
    return _engine, version


def lexicon_export(*, out: io.TextIOBase) -> int:
    """Write the lexicon as `term,rule,action` CSV (what `lexicon_import` reads); returns how many terms."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["term", "rule", "action"])
    count = 0
    for row in LexiconTerm.objects.order_by("rule", "term", "action").values_list("term", "rule", "action").iterator():
        writer.writerow(row)
        count += 1
    return count
