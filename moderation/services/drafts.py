"""Edits of a draft rule-set version, as an admin makes them before publishing it: its texts, its detector rules and
its rules. A published version is frozen (decisions cite it); every edit of a draft is audited as `rule.change`."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.models import AuditAction
from core.services import audit_record

from ..engine import DETECTORS
from ..errors import ModerationError
from ..models import Rule, RuleSet

DRAFT_FIELDS = ("name", "preamble", "legal_basis", "penalties", "appeals", "detectors")


def _draft_locked(ruleset: RuleSet) -> RuleSet:
    draft = RuleSet.objects.select_for_update().get(pk=ruleset.pk)
    if not draft.is_draft:
        raise ModerationError(_("已发布的规则版本不能修改：请复制为新版本后再编辑。"), status=403)
    return draft


def ruleset_detectors_validate(*, detectors: object, codes: Iterable[str] | None = None) -> None:
    """Each automatic detector must cite one rule; with `codes` (the version's rule codes), one of those."""
    if (
        not isinstance(detectors, dict)
        or set(detectors) != set(DETECTORS)
        or not all(isinstance(code, str) and code for code in detectors.values())
    ):
        names = ", ".join(DETECTORS)
        raise ModerationError(
            _("请为每个自动检测项（%(names)s）各填写一个规则编号。") % {"names": names}, field="detectors"
        )
    if codes is not None:
        missing = sorted(set(detectors.values()) - set(codes))
        if missing:
            raise ModerationError(
                _("自动检测项引用的规则不在本版本中：%(codes)s。") % {"codes": ", ".join(missing)}, field="detectors"
            )


@transaction.atomic
def ruleset_draft_update(*, ruleset: RuleSet, actor: User, changes: dict) -> RuleSet:
    """Change the texts (or the detector rules) of a draft. Rule codes the detectors cite are checked by
    `rule_draft_save`, which the admin calls after this with the rules as edited in the same form."""
    draft = _draft_locked(ruleset)
    unknown = sorted(set(changes) - set(DRAFT_FIELDS))
    if unknown:
        raise ModerationError(_("这些字段不能修改：%(fields)s。") % {"fields": ", ".join(unknown)})
    if "detectors" in changes:
        ruleset_detectors_validate(detectors=changes["detectors"])
    changes = {name: value for name, value in changes.items() if getattr(draft, name) != value}
    if not changes:
        return draft
    before = {name: getattr(draft, name) for name in changes}
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.save(update_fields=list(changes))
    audit_record(actor=actor, action=AuditAction.RULE_CHANGE, target=draft, before=before, after=changes)
    return draft


def _snapshot(rule: Rule) -> dict:
    return {
        "code": rule.code,
        "category": rule.category.code,
        "title": rule.title,
        "gloss": rule.gloss,
        "aggravating": rule.aggravating,
        "position": rule.position,
    }


@transaction.atomic
def rule_draft_save(*, ruleset: RuleSet, rules: Iterable[Rule], deleted: Iterable[Rule], actor: User) -> RuleSet:
    """Save new or changed rules of a draft and delete others, then check that the detectors' rules still exist."""
    draft = _draft_locked(ruleset)
    rules, deleted = list(rules), list(deleted)
    for rule in [*rules, *deleted]:
        if rule.ruleset_id != draft.pk or rule.category.ruleset_id != draft.pk:
            raise ModerationError(_("规则必须属于本草稿版本及其类别。"))
    stored = {r.pk: r for r in Rule.objects.select_related("category").filter(ruleset=draft)}
    before = [_snapshot(stored[r.pk]) for r in [*rules, *deleted] if r.pk in stored]
    Rule.objects.filter(ruleset=draft, pk__in=[r.pk for r in deleted]).delete()
    for rule in rules:
        rule.save()
    if draft.detectors:
        codes = Rule.objects.filter(ruleset=draft).values_list("code", flat=True)
        ruleset_detectors_validate(detectors=draft.detectors, codes=codes)
    if rules or deleted:
        after = [_snapshot(r) for r in rules]
        audit_record(
            actor=actor,
            action=AuditAction.RULE_CHANGE,
            target=draft,
            rule_codes=sorted({snap["code"] for snap in [*before, *after]}),
            before={"rules": before},
            after={"rules": after, "deleted": [stored[r.pk].code for r in deleted if r.pk in stored]},
        )
    return draft


@transaction.atomic
def ruleset_draft_delete(*, ruleset: RuleSet, actor: User) -> None:
    """Throw a draft away. Nothing cites a draft, so nothing else changes."""
    draft = _draft_locked(ruleset)
    audit_record(
        actor=actor,
        action=AuditAction.RULE_CHANGE,
        target=draft,
        before={"version": draft.version, "rules": draft.rules.count()},
        after={"deleted": True},
    )
    draft.delete()
