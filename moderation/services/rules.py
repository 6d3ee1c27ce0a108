"""Rules (社区规则): loading a rules file, drafting and publishing a new version, and looking rules up by code."""

import json
from collections.abc import Iterable
from pathlib import Path

from django.apps.registry import Apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.messages import joined
from core.models import AuditAction
from core.services import audit_record

from ..errors import ModerationError
from ..models import Rule, RuleCategory, RuleSet, SanctionPolicy
from ..selectors.lexicon import lexicon_cited_codes

RULES_V1 = Path(__file__).resolve().parent.parent / "data" / "rules-v1.json"


@transaction.atomic
def ruleset_load(*, path: Path = RULES_V1, make_current: bool = True, apps: Apps | None = None) -> tuple[RuleSet, bool]:
    """Load a rules file (JSON, the shape of data/rules-v1.json). Idempotent per version: returns (ruleset, created).

    A new version never touches earlier ones: decisions keep the version and codes they applied. With `apps` (a data
    migration's app registry) it writes through that migration's historical models, so that `migrate` ships the
    rules with this same code.
    """
    if apps is None:
        ruleset_model, category_model, rule_model = RuleSet, RuleCategory, Rule
    else:
        ruleset_model, category_model, rule_model = (
            apps.get_model("moderation", name) for name in ("RuleSet", "RuleCategory", "Rule")
        )
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    existing = ruleset_model.objects.filter(version=data["version"]).first()
    if existing is not None:
        return existing, False
    if make_current:
        ruleset_model.objects.filter(is_current=True).update(is_current=False)
    ruleset = ruleset_model.objects.create(
        version=data["version"],
        name=data["name"],
        preamble=data["preamble"],
        legal_basis=data.get("legal_basis", ""),
        penalties=data["penalties"],
        appeals=data["appeals"],
        detectors=data.get("detectors", {}),
        is_current=make_current,
    )
    position = 0
    for cat in data["categories"]:
        category = category_model.objects.create(
            ruleset=ruleset, code=cat["code"], title=cat["title"], gloss=cat["gloss"]
        )
        for rule in cat["rules"]:
            position += 1
            rule_model.objects.create(
                ruleset=ruleset,
                category=category,
                code=rule["code"],
                title=rule["title"],
                gloss=rule["gloss"],
                aggravating=rule["aggravating"],
                position=position,
            )
    return ruleset, True


# --- Lookups the other services validate against -----------------------------------------------------------------


def ruleset_current_required() -> RuleSet:
    """The current version, or a ModerationError: nothing can be reported or decided before the rules are loaded."""
    ruleset = RuleSet.objects.filter(is_current=True).first()
    if ruleset is None:
        raise ModerationError(_("社区规则尚未载入。"))
    return ruleset


def rules_by_code(ruleset: RuleSet, codes: Iterable) -> dict[str, Rule]:
    """The rules of `ruleset` named by `codes` (blank codes dropped), in the order given; unknown codes are refused."""
    codes = [str(c).strip() for c in codes if str(c).strip()]
    rules = {r.code: r for r in Rule.objects.filter(ruleset=ruleset, code__in=codes).select_related("category")}
    unknown = [c for c in codes if c not in rules]
    if unknown:
        raise ModerationError(_("规则编号不存在：%(codes)s") % {"codes": joined(unknown)})
    return {c: rules[c] for c in codes}


def rule_severity(rule: Rule, policy: SanctionPolicy) -> int:
    """How high a case about `rule` sorts in the queue: the rung the policy starts it at (capped)."""
    base = int(policy.base_rungs.get(rule.category.code, 1))
    if rule.code in policy.aggravating_rules:
        base += policy.aggravating_step
    return min(base, policy.max_rung)


# --- Versions -----------------------------------------------------------------------------------------------------


@transaction.atomic
def ruleset_copy(*, source: RuleSet, actor: User) -> RuleSet:
    """Start a new version (a draft) as a copy of `source`. Earlier versions and their decisions are untouched."""
    version = (RuleSet.objects.order_by("-version").values_list("version", flat=True).first() or 0) + 1
    draft = RuleSet.objects.create(
        version=version,
        name=source.name,
        preamble=source.preamble,
        legal_basis=source.legal_basis,
        penalties=source.penalties,
        appeals=source.appeals,
        detectors=source.detectors,
        is_current=False,
        is_draft=True,
    )
    categories = {}
    for category in source.categories.all():
        categories[category.pk] = RuleCategory.objects.create(
            ruleset=draft, code=category.code, title=category.title, gloss=category.gloss
        )
    Rule.objects.bulk_create(
        Rule(
            ruleset=draft,
            category=categories[rule.category_id],
            code=rule.code,
            title=rule.title,
            gloss=rule.gloss,
            aggravating=rule.aggravating,
            position=rule.position,
        )
        for rule in source.rules.all()
    )
    audit_record(
        actor=actor, action=AuditAction.RULESET_COPY, target=draft, after={"version": version, "from": source.version}
    )
    return draft


@transaction.atomic
def ruleset_publish(*, ruleset: RuleSet, actor: User) -> RuleSet:
    """Make a draft the current version. Decisions keep the version they applied."""
    ruleset = RuleSet.objects.select_for_update().get(pk=ruleset.pk)
    if ruleset.is_current:
        raise ModerationError(_("该版本已是现行版本。"))
    if not ruleset.rules.exists():
        raise ModerationError(_("该版本没有任何规则，不能发布。"))
    # The lexicon may cite only rules of the current version: a version that drops a cited rule would leave terms
    # pointing at nothing. The admin first changes those terms (an import updates them).
    missing = sorted(lexicon_cited_codes() - set(ruleset.rules.values_list("code", flat=True)))
    if missing:
        raise ModerationError(
            _("词库中有词条引用了该版本没有的规则：%(codes)s。请先修改这些词条。") % {"codes": joined(missing)}
        )
    previous = RuleSet.objects.select_for_update().filter(is_current=True).first()
    RuleSet.objects.filter(is_current=True).update(is_current=False)
    ruleset.is_current = True
    ruleset.is_draft = False
    ruleset.published_at = timezone.now()
    ruleset.save(update_fields=["is_current", "is_draft", "published_at"])
    audit_record(
        actor=actor,
        action=AuditAction.RULESET_PUBLISH,
        target=ruleset,
        before={"current": previous.version if previous else None},
        after={"current": ruleset.version},
    )
    return ruleset
