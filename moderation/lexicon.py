"""The lexicon as the engine sees it: one Engine per process, rebuilt lazily when the lexicon changes.

Every change to `LexiconTerm` bumps a version token in the cache (Redis when configured), which every web process
and worker reads before a scan: a change reaches all of them within one scan, with no restart and no broadcast.
If the token is missing (a cold or flushed cache) it is derived from the table itself.
"""

import csv
import hashlib
import io
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max

from accounts.models import User
from core.models import AuditAction
from core.services import audit_record

from .engine import Engine, Term
from .models import LexiconTerm, Rule, RuleSet

VERSION_KEY = "moderation:lexicon:version"
ACTIONS = {choice.value for choice in LexiconTerm.Action}
NO_RULE = {"", "0", "-"}
DEFAULT_LEXICON_CSV = Path(__file__).resolve().parent / "data" / "lexicon.csv"

_lock = threading.Lock()
_engine: Engine | None = None
_engine_version: str | None = None


class LexiconError(Exception):
    """A lexicon file that cannot be imported; the message names the line."""


def lexicon_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        stats = LexiconTerm.objects.aggregate(n=Count("id"), last=Max("id"))
        version = "db-" + hashlib.sha1(f"{stats['n']}:{stats['last']}".encode()).hexdigest()[:16]
        cache.add(VERSION_KEY, version, timeout=None)
    return version


def lexicon_changed() -> None:
    """Call after any change to the lexicon (on commit), so that every process rebuilds its engine."""
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None))


def current_engine() -> tuple[Engine, str]:
    """The engine for the lexicon as it is now, and that lexicon's version."""
    global _engine, _engine_version
    version = lexicon_version()
    if _engine is None or version != _engine_version:
        with _lock:
            if _engine is None or version != _engine_version:
                terms = [Term(t, r, a) for t, r, a in LexiconTerm.objects.values_list("term", "rule", "action")]
                _engine, _engine_version = Engine(terms), version
    return _engine, version


@dataclass(frozen=True)
class ImportResult:
    created: int
    unchanged: int


def _read_rows(path: Path) -> list[tuple[int, str, str, str]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise LexiconError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise LexiconError(f"{path}: line {line}: not valid UTF-8") from exc
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header] != ["term", "rule", "action"]:
        raise LexiconError(f"{path}: line 1: the header must be term,rule,action")
    rows = []
    for record in reader:
        if not record or all(not cell.strip() for cell in record):
            continue
        line = reader.line_num
        if len(record) != 3:
            raise LexiconError(f"{path}: line {line}: expected 3 columns (term,rule,action), got {len(record)}")
        term, rule, action = (cell.strip() for cell in record)
        rows.append((line, term, rule, action.lower()))
    return rows


def _validate(rows: list[tuple[int, str, str, str]], path: Path) -> None:
    ruleset = RuleSet.objects.filter(is_current=True).first()
    known = set(Rule.objects.filter(ruleset=ruleset).values_list("code", flat=True)) if ruleset else set()
    for line, term, rule, action in rows:
        if not term:
            raise LexiconError(f"{path}: line {line}: the term is empty")
        if len(term) > 100:
            raise LexiconError(f"{path}: line {line}: the term is longer than 100 characters")
        if action not in ACTIONS:
            raise LexiconError(f"{path}: line {line}: unknown action {action!r} (block, hold, flag or allow)")
        if action == LexiconTerm.Action.ALLOW and rule in NO_RULE:
            continue  # an allowed word protects innocent text; it need not cite a rule
        if rule not in known:
            raise LexiconError(f"{path}: line {line}: unknown rule code {rule!r}")


def lexicon_import(
    *, path: Path, actor: User | None = None, progress: Callable[[Iterable], Iterable] | None = None
) -> ImportResult:
    """Import a `term,rule,action` CSV. All or nothing; importing the same file twice changes nothing."""
    path = Path(path)
    rows = _read_rows(path)
    _validate(rows, path)
    existing = set(LexiconTerm.objects.values_list("term", "rule", "action"))
    new, seen = [], set()
    for _line, term, rule, action in progress(rows) if progress else rows:
        key = (term, rule, action)
        if key in existing or key in seen:
            continue
        seen.add(key)
        new.append(LexiconTerm(term=term, rule=rule, action=action, source=path.name, added_by=actor))
    with transaction.atomic():
        LexiconTerm.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
        if new:
            audit_record(actor=actor, action=AuditAction.LEXICON_IMPORT, after={"file": path.name, "created": len(new)})
            lexicon_changed()
    return ImportResult(created=len(new), unchanged=len(rows) - len(new))


def lexicon_export(*, out: io.TextIOBase) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["term", "rule", "action"])
    count = 0
    for row in LexiconTerm.objects.order_by("rule", "term", "action").values_list("term", "rule", "action").iterator():
        writer.writerow(row)
        count += 1
    return count
