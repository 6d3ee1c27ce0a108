"""Writes to the lexicon: CSV import, and the admin's term edits. Each one is audited and bumps the lexicon version
(see `moderation.selectors.lexicon`) on commit, so every process rebuilds its engine on its next scan."""

import csv
import io
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from core.models import AuditAction
from core.services import audit_record

from ..errors import ModerationError
from ..models import LexiconTerm
from ..selectors.lexicon import VERSION_KEY, lexicon_rule_codes

ACTIONS = {choice.value for choice in LexiconTerm.Action}
NO_RULE = {"", "0", "-"}
DEFAULT_LEXICON_CSV = Path(__file__).resolve().parent.parent / "data" / "lexicon.csv"
MANUAL_SOURCE = "手工添加"


class LexiconError(ModerationError):
    """A lexicon file that cannot be imported; the message names the line."""


def lexicon_changed() -> None:
    """Call after any change to the lexicon (on commit), so that every process rebuilds its engine."""
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None))


def _cites_unknown_rule(*, rule: str, action: str, known: set[str]) -> bool:
    if action == LexiconTerm.Action.ALLOW and rule in NO_RULE:
        return False  # an allowed word protects innocent text; it need not cite a rule
    return rule not in known


def lexicon_term_validate(*, rule: str, action: str) -> None:
    """Refuse a term that cites a rule the current rule-set version does not have (an `allow` term may cite none)."""
    if _cites_unknown_rule(rule=rule, action=action, known=lexicon_rule_codes()):
        raise ModerationError(_("现行规则中没有编号为 %(code)s 的规则。") % {"code": rule}, field="rule")


@transaction.atomic
def lexicon_term_save(*, term: LexiconTerm, actor: User, change: bool) -> LexiconTerm:
    """Add (`change=False`) or change one term, as an admin edits it."""
    lexicon_term_validate(rule=term.rule, action=term.action)
    before = None
    if change:
        before = LexiconTerm.objects.select_for_update().filter(pk=term.pk).values("term", "rule", "action").first()
    else:
        term.added_by = actor
        term.source = term.source or MANUAL_SOURCE
    term.save()
    audit_record(
        actor=actor,
        action=AuditAction.LEXICON_CHANGE if change else AuditAction.LEXICON_ADD,
        target=term,
        rule_codes=[term.rule] if term.rule else [],
        before=before,
        after={"term": term.term, "rule": term.rule, "action": term.action},
    )
    lexicon_changed()
    return term


@transaction.atomic
def lexicon_term_delete(*, terms: QuerySet[LexiconTerm], actor: User) -> int:
    """Delete the given terms (one, or an admin's selection); returns how many."""
    rows = list(terms.select_for_update().order_by("pk").values_list("pk", "term", "rule", "action"))
    if not rows:
        return 0
    if len(rows) == 1:
        pk, term, rule, action = rows[0]
        target, before = LexiconTerm.objects.get(pk=pk), {"term": term, "rule": rule, "action": action}
    else:
        target, before = None, {"terms": [row[1] for row in rows[:1000]]}
    audit_record(
        actor=actor,
        action=AuditAction.LEXICON_DELETE,
        target=target,
        rule_codes=sorted({row[2] for row in rows if row[2]}),
        before=before,
    )
    LexiconTerm.objects.filter(pk__in=[row[0] for row in rows]).delete()
    lexicon_changed()
    return len(rows)


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
    known = lexicon_rule_codes()
    for line, term, rule, action in rows:
        if not term:
            raise LexiconError(f"{path}: line {line}: the term is empty")
        if len(term) > 100:
            raise LexiconError(f"{path}: line {line}: the term is longer than 100 characters")
        if action not in ACTIONS:
            raise LexiconError(f"{path}: line {line}: unknown action {action!r} (block, hold, flag or allow)")
        if _cites_unknown_rule(rule=rule, action=action, known=known):
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
