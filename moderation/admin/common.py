"""What the moderation admin pages share: a service refusal shown on the form, and rule codes in words."""

from django import forms
from django.core.cache import cache
from django.utils.translation import gettext

from core.messages import joined

from .. import selectors
from ..errors import ModerationError
from ..models import (
    Rule,
)


def add_service_error(form: forms.BaseForm, exc: ModerationError) -> None:
    """A refusal from a validating service, shown beside the field it names (or above the form)."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def rules_in_words(codes) -> str:
    """Rule codes with their titles in the current rules, in the page's language ("3.2 发布广告、3.3 …"), not
    `["3.2", "3.3"]`."""
    codes = [str(c) for c in (codes or [])]
    if not codes:
        return "-"
    titles = rule_titles()
    return joined([f"{c} {gettext(titles[c])[:24]}" if c in titles else c for c in codes])


def rule_titles() -> dict[str, str]:
    # One query per list page, not per row: the titles of the current rules, kept for a minute.
    titles = cache.get("moderation:admin-rule-titles")
    if titles is None:
        titles = dict(Rule.objects.filter(ruleset__is_current=True).values_list("code", "title"))
        cache.set("moderation:admin-rule-titles", titles, 60)
    return titles


def rule_code_choices() -> list[tuple[str, str]]:
    return [
        (r.code, f"{r.code} {r.title_display[:40]}") for c in selectors.rule_categories_current() for r in c.rules.all()
    ]
