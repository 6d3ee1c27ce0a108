"""Reads for the site's classifier: the decided cases it learns from, and the active model, loaded once per process.

A decision teaches the classifier what the site's moderators do with such text: a removal (with or without a
sanction) under the category of its first rule, a dismissal; a removal later overturned on appeal counts as a
dismissal (the content was found fine in the end). Cases about accounts are left out: a profile is not content.
"""

import threading

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from ..classifier import Example
from ..models import CheckClassifier, Decision, Rule

_lock = threading.Lock()
_loaded: tuple[int, dict] | None = None  # (model id, params) of the model this process loaded


def case_text(snapshot: dict) -> str:
    """The text a classifier reads from a case's snapshot or a check's target: title and body."""
    return "\n".join(part for part in (snapshot.get("title") or "", snapshot.get("text") or "") if part)


def classifier_examples() -> tuple[list[Example], int]:
    """One example per decided case about content, oldest first, and the newest decision's id."""
    decisions = Decision.objects.exclude(case__target_type=ContentType.objects.get_for_model(get_user_model()))
    decisions = decisions.order_by("pk")
    rows = list(
        decisions.values_list(
            "pk",
            "action",
            "overturned_at",
            "rule_codes",
            "ruleset_id",
            "case__snapshot_decided",
            "case__snapshot_reported",
        )
    )
    categories = {
        (ruleset_id, code): category
        for ruleset_id, code, category in Rule.objects.filter(ruleset_id__in={row[4] for row in rows}).values_list(
            "ruleset_id", "code", "category__code"
        )
    }
    examples, last = [], 0
    for pk, action, overturned_at, rule_codes, ruleset_id, decided, reported in rows:
        last = max(last, pk)
        text = case_text(decided or reported or {})
        if not text.strip():
            continue
        removed = action != Decision.Action.DISMISS and overturned_at is None
        category = ""
        if removed and rule_codes:
            category = categories.get((ruleset_id, str(rule_codes[0])), "")
        examples.append(Example(text=text, removed=removed, category=category))
    return examples, last


def classifier_latest() -> CheckClassifier | None:
    return CheckClassifier.objects.order_by("-pk").first()


def classifier_active() -> tuple[CheckClassifier | None, dict | None]:
    """The active model's row (without its params) and its params, read from the database once per model per process.

    One indexed query per call answers which model is active, so an activation reaches every process at its next
    check."""
    global _loaded
    active = CheckClassifier.objects.filter(is_active=True).defer("params").first()
    if active is None:
        return None, None
    if _loaded is None or _loaded[0] != active.pk:
        with _lock:
            if _loaded is None or _loaded[0] != active.pk:
                params = CheckClassifier.objects.filter(pk=active.pk).values_list("params", flat=True).first()
                _loaded = (active.pk, params or {})
    return active, _loaded[1]
