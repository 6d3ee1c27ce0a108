"""A dry run of a lexicon or policy change: what a draft would do to the content of the last N days and how often it
would agree with what the moderators decided. It writes nothing (it is a service because it is the preview of two
writes, `lexicon_import` and `check_policy_update`, and reads their validation).

Both sides are scanned now, with the same engine version, the same account context (age at the time of the check,
sanctions not overturned) and the same classifier evidence, so that the only difference is the draft. Near-duplicates
are left out on both sides: they depend on what else was posted that week, not on the lexicon or the policy.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from ..engine import Context, Engine, Term
from ..models import Case, ContentCheck, Decision
from ..registry import adapter_for
from ..selectors.checks import check_context, check_policy_current
from ..selectors.classifier import case_text
from ..selectors.lexicon import current_engine, lexicon_terms
from .checks import classifier_evidence
from .lexicon import lexicon_read
from .policy import check_policy_validate

HELD = frozenset({"hold", "block"})  # verdicts that keep content from readers until a moderator looks
DEFAULT_DAYS = 30
MAX_ITEMS = 5000  # content items and decided cases each: a replay stays an interactive tool
MAX_EXAMPLES = 20


@dataclass(frozen=True)
class Change:
    what: str  # the content (kind #id) or the case (#id)
    before: str  # verdict now
    after: str  # verdict with the draft
    text: str  # the start of the text
    decided: str = ""  # for a case: "remove" or "dismiss"


@dataclass
class Agreement:
    """How a side's held/not-held verdicts match the moderators' removed/dismissed decisions."""

    held_removed: int = 0  # held, and moderators removed it
    held_dismissed: int = 0  # held, but moderators dismissed it
    passed_removed: int = 0  # published, but moderators removed it
    passed_dismissed: int = 0  # published, and moderators dismissed it

    @property
    def total(self) -> int:
        return self.held_removed + self.held_dismissed + self.passed_removed + self.passed_dismissed

    @property
    def agreed(self) -> int:
        return self.held_removed + self.passed_dismissed

    @property
    def rate(self) -> float | None:
        return self.agreed / self.total if self.total else None

    def add(self, *, held: bool, removed: bool) -> None:
        name = ("held_" if held else "passed_") + ("removed" if removed else "dismissed")
        setattr(self, name, getattr(self, name) + 1)


@dataclass
class Replay:
    days: int
    content: int = 0  # items of content checked in the window and scanned again
    new_holds: int = 0
    lost_holds: int = 0
    new_flags: int = 0
    lost_flags: int = 0
    cases: int = 0
    before: Agreement = field(default_factory=Agreement)
    after: Agreement = field(default_factory=Agreement)
    examples: list[Change] = field(default_factory=list)
    truncated: bool = False

    def as_dict(self) -> dict:
        def agreement(a: Agreement) -> dict:
            return {**a.__dict__, "agreed": a.agreed, "total": a.total, "rate": a.rate}

        return {
            "days": self.days,
            "content": self.content,
            "new_holds": self.new_holds,
            "lost_holds": self.lost_holds,
            "new_flags": self.new_flags,
            "lost_flags": self.lost_flags,
            "cases": self.cases,
            "agreement_before": agreement(self.before),
            "agreement_after": agreement(self.after),
            "examples": [c.__dict__ for c in self.examples],
            "truncated": self.truncated,
        }


def _draft_terms(path: Path, *, whole: bool) -> list[Term]:
    rows = lexicon_read(path=path)
    terms = {} if whole else {t.term: t for t in lexicon_terms()}
    for row in rows:
        current = terms.get(row.term)
        stored = (
            (current.rule, current.action, current.kind, current.weight, current.category)
            if current is not None
            else row.values
        )
        rule, action, kind, weight, category = row.merged(stored)
        terms[row.term] = Term(row.term, rule, action, kind=kind, weight=weight, category=category)
    return list(terms.values())


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text[:80] + ("…" if len(text) > 80 else "")


def _recent_content(days: int) -> Iterable[tuple[ContentCheck, str, str, str]]:
    """(check, what, title, text) of each revision checked in the last `days` days, its latest check, newest first."""
    since = timezone.now() - timedelta(days=days)
    checks = (
        ContentCheck.objects.filter(status=ContentCheck.Status.DONE, created_at__gte=since)
        .select_related("owner", "target_type")
        .order_by("-created_at")
    )
    seen: set[tuple[int, int, int | None]] = set()
    targets: dict[tuple[int, int], object] = {}
    for check in checks.iterator():
        key = (check.target_type_id, check.target_id, check.revision_id)
        if key in seen:
            continue
        seen.add(key)
        target_key = (check.target_type_id, check.target_id)
        if target_key not in targets:
            model = ContentType.objects.get_for_id(check.target_type_id).model_class()
            targets[target_key] = model._default_manager.filter(pk=check.target_id).first() if model else None
        target = targets[target_key]
        if target is None:
            continue
        adapter = adapter_for(target)
        title, text = adapter.check_text(target, revision_id=check.revision_id)
        yield check, f"{adapter.kind} #{check.target_id}", title, text


def check_replay(
    *,
    lexicon_path: Path | None = None,
    whole_lexicon: bool = False,
    policy_data: dict | None = None,
    classifier_enabled: bool | None = None,
    days: int = DEFAULT_DAYS,
    progress: Callable[[Iterable], Iterable] | None = None,
) -> Replay:
    """Scan the content checked in the last `days` days and the decided cases with the current lexicon and policy
    and with the draft (a lexicon CSV, merged over the lexicon as an import would be, or taken as the whole lexicon;
    and/or a policy in `Policy.to_dict()` shape), and count what changes. Raises LexiconError / ModerationError for
    a draft that could not be imported or stored."""
    if days < 1:
        raise ValueError("days must be at least 1")
    engine, _version = current_engine()
    policy_row, policy = check_policy_current()
    draft_engine = engine
    if lexicon_path is not None:
        draft_engine = Engine(
            _draft_terms(Path(lexicon_path), whole=whole_lexicon), detector_rules=engine.detector_rules
        )
    draft_policy = check_policy_validate(data=policy_data) if policy_data is not None else policy
    # The classifier's evidence is computed once (whatever the policies say) and given to each side whose policy
    # consults the classifier: a draft may turn it on or off.
    now_classifier = policy_row is None or policy_row.classifier_enabled
    draft_classifier = now_classifier if classifier_enabled is None else classifier_enabled
    either_classifier = now_classifier or draft_classifier
    report = Replay(days=days)
    owners: dict[int, Context] = {}

    def scan_both(title: str, text: str, context: Context) -> tuple[str, str]:
        extra = classifier_evidence(policy=None, title=title, text=text)[1] if either_classifier else ()
        before = engine.scan(
            text, title=title, policy=policy, context=replace(context, extra=extra if now_classifier else ())
        )
        after = draft_engine.scan(
            text, title=title, policy=draft_policy, context=replace(context, extra=extra if draft_classifier else ())
        )
        return before.verdict, after.verdict

    items = _recent_content(days)
    for n, (check, what, title, text) in enumerate(progress(items) if progress else items):
        if n >= MAX_ITEMS:
            report.truncated = True
            break
        owner = check.owner
        context = Context()
        if owner is not None:
            # Sanctions are counted once per owner; the age is the account's at the time of the check.
            if owner.pk not in owners:
                owners[owner.pk] = check_context(owner=owner)
            context = replace(owners[owner.pk], account_age_days=check_context_age(owner, check))
        before, after = scan_both(title, text, context)
        report.content += 1
        was_held, is_held = before in HELD, after in HELD
        report.new_holds += is_held and not was_held
        report.lost_holds += was_held and not is_held
        report.new_flags += after == "flag" and before != "flag"
        report.lost_flags += before == "flag" and after != "flag"
        if was_held != is_held and len(report.examples) < MAX_EXAMPLES:
            report.examples.append(Change(what, before, after, _excerpt(case_text({"title": title, "text": text}))))

    account_type = ContentType.objects.get_for_model(get_user_model())
    decisions = (
        Decision.objects.exclude(case__target_type=account_type)
        .filter(case__status=Case.Status.DECIDED)
        .select_related("case")
        .only("action", "overturned_at", "case__id", "case__snapshot_decided", "case__snapshot_reported")
        .order_by("-pk")[:MAX_ITEMS]
    )
    for decision in decisions:
        text = case_text(decision.case.snapshot_decided or decision.case.snapshot_reported or {})
        if not text.strip():
            continue
        removed = decision.action != Decision.Action.DISMISS and decision.overturned_at is None
        before, after = scan_both("", text, Context())
        report.cases += 1
        report.before.add(held=before in HELD, removed=removed)
        report.after.add(held=after in HELD, removed=removed)
        if (before in HELD) != (after in HELD) and len(report.examples) < MAX_EXAMPLES:
            report.examples.append(
                Change(f"#{decision.case.pk}", before, after, _excerpt(text), "remove" if removed else "dismiss")
            )
    return report


def check_context_age(owner, check: ContentCheck) -> float | None:
    if not owner.date_joined:
        return None
    return (check.created_at - owner.date_joined).total_seconds() / 86400
