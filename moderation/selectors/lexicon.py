"""Reads of the lexicon, and the engine built from it: one Engine per process, rebuilt lazily when the lexicon or the
current rule-set version changes.

The lexicon's version is a token in the database (`LexiconVersion`), changed in the same transaction as every
lexicon write. Each process reads it before a scan through a cache entry that lives `VERSION_TTL` seconds: the writer
deletes the entry on commit, so with Redis every process sees the change at its next scan; a process whose cache was
not told (the embedded default's local-memory cache in another process, or a write while Redis was unreachable)
sees it within `VERSION_TTL` seconds. The rule-set version is read from its row on each scan (one indexed query), so
a newly published version's detector rules apply at once too.
"""

import csv
import hashlib
import io
import threading

from django.core.cache import cache
from django.db.models import Count, Max

from ..engine import Engine, Term
from ..models import LexiconTerm, LexiconVersion, Rule, RuleSet

VERSION_KEY = "moderation:lexicon:version"
# How stale a process's idea of the lexicon may be when its cache was not told of a change: seconds.
VERSION_TTL = 2
# The rule an `allow` term may cite when it cites none.
NO_RULE = frozenset({"", "0", "-"})

_lock = threading.Lock()
_engine: Engine | None = None
_engine_key: tuple | None = None


def lexicon_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        token = LexiconVersion.objects.filter(pk=1).values_list("token", flat=True).first()
        if token is None:  # no version row (a table emptied by hand): derive one from the terms themselves
            stats = LexiconTerm.objects.aggregate(n=Count("id"), last=Max("id"))
            token = "db-" + hashlib.sha1(f"{stats['n']}:{stats['last']}".encode()).hexdigest()[:16]
        version = token
        cache.set(VERSION_KEY, version, timeout=VERSION_TTL)
    return version


def lexicon_rule_codes() -> set[str]:
    """The rule codes of the current rule-set version: the only codes a lexicon term may cite."""
    return set(Rule.objects.filter(ruleset__is_current=True).values_list("code", flat=True))


def lexicon_cited_codes() -> set[str]:
    """The rule codes the lexicon's terms cite (an `allow` term citing none left out)."""
    rows = LexiconTerm.objects.values_list("rule", "action").distinct()
    return {rule for rule, action in rows if not (action == LexiconTerm.Action.ALLOW and rule in NO_RULE)}


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
