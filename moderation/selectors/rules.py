"""Reads of the rules: the current version (with its categories and rules) and the published ones."""

from django.db.models import QuerySet

from ..models import RuleCategory, RuleSet


def ruleset_current() -> RuleSet | None:
    return RuleSet.objects.filter(is_current=True).prefetch_related("categories__rules").first()


def ruleset_published(*, version: int) -> RuleSet | None:
    """A published (not draft) version of the rules, with its categories and rules."""
    return RuleSet.objects.filter(is_draft=False, version=version).prefetch_related("categories__rules").first()


def rulesets_published() -> QuerySet[RuleSet]:
    return RuleSet.objects.filter(is_draft=False).only("version", "name", "published_at", "is_current")


def rule_categories_current() -> list[RuleCategory]:
    ruleset = ruleset_current()
    return list(ruleset.categories.all()) if ruleset else []
