"""Writes to the lexicon: CSV import, and the admin's term edits. Each one is audited and changes the lexicon version
row in its own transaction (see `moderation.selectors.lexicon`), so every process rebuilds its engine at its next scan.
A term is in the lexicon once: an import that names it with another rule or action updates it."""

import csv
import io
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from core.models import AuditAction
from core.services import audit_record

from ..engine import term_problem
from ..errors import ModerationError
from ..models import LexiconTerm, LexiconVersion
from ..selectors.lexicon import NO_RULE, lexicon_rule_codes

ACTIONS = {choice.value for choice in LexiconTerm.Action}
DEFAULT_LEXICON_CSV = Path(__file__).resolve().parent.parent / "data" / "lexicon.csv"
MANUAL_SOURCE = "手工添加"


class LexiconError(ModerationError):
    """A lexicon file that cannot be imported; the message names the line."""


def _version_locked() -> LexiconVersion:
    """The version row, locked: lexicon writes take it first, so that concurrent imports run one after the other."""
    version, _created = LexiconVersion.objects.select_for_update().get_or_create(
        pk=1, defaults={"token": uuid.uuid4().hex}
    )
    return version


def lexicon_changed() -> None:
    """Call inside the transaction of every lexicon write: a new version token, committed with the change, which
    every process reads before its next scan."""
    version = _version_locked()
    version.token = uuid.uuid4().hex
    version.save(update_fields=["token", "changed_at"])


def _cites_unknown_rule(*, rule: str, action: str, known: set[str]) -> bool:
    if action == LexiconTerm.Action.ALLOW and rule in NO_RULE:
        return False  # an allowed word protects innocent text; it need not cite a rule
    return rule not in known


def lexicon_term_validate(*, rule: str, action: str, term: str | None = None, weight: float | None = None) -> None:
    """Refuse a term that cites a rule the current rule-set version does not have (an `allow` term may cite none),
    that the engine cannot use (shorter than two characters once normalised), or whose weight is out of range."""
    if _cites_unknown_rule(rule=rule, action=action, known=lexicon_rule_codes()):
        raise ModerationError(_("现行规则中没有编号为 %(code)s 的规则。") % {"code": rule}, field="rule")
    problem = term_problem(term) if term else None
    if problem:
        raise ModerationError(
            _("词条“%(term)s”无法使用：%(problem)s") % {"term": term, "problem": problem}, field="term"
        )
    if weight is not None and not 0 <= weight <= 100:
        raise ModerationError(_("权重须在 0 到 100 之间。"), field="weight")


@transaction.atomic
def lexicon_term_save(*, term: LexiconTerm, actor: User, change: bool) -> LexiconTerm:
    """Add (`change=False`) or change one term, as an admin edits it."""
    lexicon_term_validate(rule=term.rule, action=term.action, term=term.term, weight=term.weight)
    _version_locked()
    if LexiconTerm.objects.filter(term=term.term).exclude(pk=term.pk).exists():
        raise ModerationError(_("词条“%(term)s”已在词库中。") % {"term": term.term}, field="term")
    before = None
    if change:
        before = LexiconTerm.objects.select_for_update().filter(pk=term.pk).values("term", *STORED).first()
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
        after={"term": term.term, **{name: getattr(term, name) for name in STORED}},
    )
    lexicon_changed()
    return term


@transaction.atomic
def lexicon_term_delete(*, terms: QuerySet[LexiconTerm], actor: User) -> int:
    """Delete the given terms (one, or an admin's selection); returns how many."""
    _version_locked()
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
    updated: int
    unchanged: int


@dataclass(frozen=True)
class Row:
    line: int
    term: str
    rule: str
    action: str
    kind: str = LexiconTerm.Kind.TOPIC
    weight: float | None = None
    category: str = ""
    # The optional columns the file has: a column the file leaves out keeps what the lexicon stores.
    given: tuple[str, ...] = ()

    @property
    def values(self) -> tuple:
        """What the lexicon stores for the term, beside the term itself."""
        return (self.rule, self.action, self.kind, self.weight, self.category)

    def merged(self, stored: tuple) -> tuple:
        """These values over `stored` (in STORED order): the columns the file does not have are kept."""
        return tuple(
            value if name in REQUIRED_COLUMNS or name in self.given else old
            for name, value, old in zip(STORED, self.values, stored, strict=True)
        )


REQUIRED_COLUMNS = ("term", "rule", "action")
OPTIONAL_COLUMNS = ("kind", "weight", "category")  # any of them, after the required ones (moderation.engine's CSV)
STORED = ("rule", "action", "kind", "weight", "category")


def _columns(header: list[str] | None, path: Path) -> list[str]:
    names = [h.strip().lower() for h in header or []]
    if names[:3] != list(REQUIRED_COLUMNS):
        raise LexiconError(f"{path}: line 1: the header must start with term,rule,action")
    extra = names[3:]
    unknown = [n for n in extra if n not in OPTIONAL_COLUMNS]
    if unknown or len(set(extra)) != len(extra):
        raise LexiconError(
            f"{path}: line 1: unknown or repeated column {', '.join(unknown) or ', '.join(extra)!r} "
            f"(after term,rule,action: kind, weight, category)"
        )
    return names


def _read_rows(path: Path) -> list[Row]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise LexiconError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise LexiconError(f"{path}: line {line}: not valid UTF-8") from exc
    reader = csv.reader(io.StringIO(text))
    columns = _columns(next(reader, None), path)
    rows = []
    for record in reader:
        if not record or all(not cell.strip() for cell in record):
            continue
        line = reader.line_num
        if len(record) != len(columns):
            raise LexiconError(
                f"{path}: line {line}: expected {len(columns)} columns ({','.join(columns)}), got {len(record)}"
            )
        cells = dict(zip(columns, (cell.strip() for cell in record), strict=True))
        weight = cells.get("weight", "")
        try:
            weight_value = float(weight) if weight else None
        except ValueError:
            raise LexiconError(f"{path}: line {line}: the weight {weight!r} is not a number") from None
        rows.append(
            Row(
                line,
                cells["term"],
                cells["rule"],
                cells["action"].lower(),
                kind=(cells.get("kind") or LexiconTerm.Kind.TOPIC).lower(),
                weight=weight_value,
                category=cells.get("category", ""),
                given=tuple(columns[3:]),
            )
        )
    return rows


def _validate(rows: list[Row], path: Path) -> list[Row]:
    """Every row checked against the current rules and the engine's own rules for a term; returns one row per term.
    A term listed twice the same way is imported once; listed twice differently, the file contradicts itself and is
    refused."""
    known = lexicon_rule_codes()
    kinds = {choice.value for choice in LexiconTerm.Kind}
    first: dict[str, Row] = {}
    for row in rows:
        line, term, rule, action = row.line, row.term, row.rule, row.action
        if not term:
            raise LexiconError(f"{path}: line {line}: the term is empty")
        if len(term) > 100:
            raise LexiconError(f"{path}: line {line}: the term is longer than 100 characters")
        problem = term_problem(term)
        if problem:
            raise LexiconError(f"{path}: line {line}: {term!r}: {problem}")
        if action not in ACTIONS:
            raise LexiconError(f"{path}: line {line}: unknown action {action!r} (block, hold, flag or allow)")
        if row.kind not in kinds:
            raise LexiconError(f"{path}: line {line}: unknown kind {row.kind!r} (topic or intent)")
        if row.weight is not None and not 0 <= row.weight <= 100:
            raise LexiconError(f"{path}: line {line}: the weight must be between 0 and 100")
        if len(row.category) > 40:
            raise LexiconError(f"{path}: line {line}: the category is longer than 40 characters")
        if _cites_unknown_rule(rule=rule, action=action, known=known):
            hint = "" if known else " (no community rules are loaded: run `manage.py migrate`)"
            raise LexiconError(f"{path}: line {line}: unknown rule code {rule!r}{hint}")
        earlier = first.setdefault(term, row)
        if earlier.values != row.values:
            raise LexiconError(
                f"{path}: line {line}: {term!r} is also on line {earlier.line} with another rule, action, kind, "
                "weight or category"
            )
    return list(first.values())


def lexicon_read(*, path: Path) -> list[Row]:
    """A lexicon CSV read and validated as `lexicon_import` would, one row per term, without writing anything (for a
    replay of a draft). Raises LexiconError naming the line."""
    path = Path(path)
    return _validate(_read_rows(path), path)


def lexicon_import(
    *, path: Path, actor: User | None = None, progress: Callable[[Iterable], Iterable] | None = None
) -> ImportResult:
    """Import a `term,rule,action[,kind,weight,category]` CSV: new terms are added, terms the lexicon has otherwise
    are updated (the file is the truth for the terms and columns it names; terms it does not name are kept, and so
    are the optional columns a file leaves out). All or nothing; importing the same file twice changes nothing."""
    path = Path(path)
    rows = _validate(_read_rows(path), path)
    with transaction.atomic():
        _version_locked()  # one import at a time: what is read below stays true until commit
        existing = {row[1]: (row[0], row[2:]) for row in LexiconTerm.objects.values_list("pk", "term", *STORED)}
        new, changed, before = [], [], []
        for row in progress(rows) if progress else rows:
            current = existing.get(row.term)
            if current is None:
                fields = dict(zip(STORED, row.values, strict=True))
                new.append(LexiconTerm(term=row.term, source=path.name, added_by=actor, **fields))
            elif current[1] != row.merged(current[1]):
                fields = dict(zip(STORED, row.merged(current[1]), strict=True))
                changed.append(LexiconTerm(pk=current[0], term=row.term, source=path.name, **fields))
                before.append({"term": row.term, **dict(zip(STORED, current[1], strict=True))})
        LexiconTerm.objects.bulk_create(new, batch_size=2000)
        LexiconTerm.objects.bulk_update(changed, [*STORED, "source"], batch_size=2000)
        if new or changed:
            audit_record(
                actor=actor,
                action=AuditAction.LEXICON_IMPORT,
                before={"updated": before[:1000]} if before else None,
                after={"file": path.name, "created": len(new), "updated": len(changed)},
            )
            lexicon_changed()
    return ImportResult(created=len(new), updated=len(changed), unchanged=len(rows) - len(new) - len(changed))
