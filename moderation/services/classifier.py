"""Writes for the site's classifier: training a new version on the decided cases, activating and deactivating one.

A version is measured on decisions held out of its training before anything uses it: it is activated (by the
periodic retraining, or by an admin) only with `CHECKS_CLASSIFIER_MIN_DECISIONS` decisions behind it and at least
`CHECKS_CLASSIFIER_MIN_PRECISION` / `_MIN_RECALL` on the hold-out. A version that falls short is kept, with the
reason, so an admin sees why the site's classifier did not change.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.models import AuditAction
from core.services import audit_record

from .. import classifier
from ..errors import ModerationError
from ..models import CheckClassifier
from ..selectors.classifier import classifier_examples, classifier_latest

log = logging.getLogger(__name__)


def classifier_refusal(*, metrics: classifier.Metrics) -> str:
    """Why a model measured so may not be used ("" when it may)."""
    if metrics.decisions < settings.CHECKS_CLASSIFIER_MIN_DECISIONS:
        return _("决定太少：%(n)s 个，至少需要 %(min)s 个。") % {
            "n": metrics.decisions,
            "min": settings.CHECKS_CLASSIFIER_MIN_DECISIONS,
        }
    if metrics.precision < settings.CHECKS_CLASSIFIER_MIN_PRECISION:
        return _("留出集精确率 %(value).2f 低于要求的 %(min).2f。") % {
            "value": metrics.precision,
            "min": settings.CHECKS_CLASSIFIER_MIN_PRECISION,
        }
    if metrics.recall < settings.CHECKS_CLASSIFIER_MIN_RECALL:
        return _("留出集召回率 %(value).2f 低于要求的 %(min).2f。") % {
            "value": metrics.recall,
            "min": settings.CHECKS_CLASSIFIER_MIN_RECALL,
        }
    return ""


def classifier_train(
    *, actor: User | None = None, activate: bool = True, force: bool = False
) -> CheckClassifier | None:
    """Train a version on every decided case, measure it on its hold-out, store it, and activate it when it meets
    the bar (and `activate`). Returns None, doing nothing, when the classifier is switched off by the setting, when
    no decision was made since the last version (unless `force`), or when the decisions cannot be split into a
    training set and a hold-out that both hold removals and dismissals.

    Training (seconds, more on a big site) runs outside any transaction; only storing and activating are atomic."""
    if not settings.CHECKS_CLASSIFIER_ENABLED:
        return None
    examples, last_decision_id = classifier_examples()
    latest = classifier_latest()
    if not force and latest is not None and latest.last_decision_id == last_decision_id:
        return None
    try:
        trained = classifier.train(examples)
    except (classifier.TrainingError, ValueError) as exc:
        log.info("classifier not trained: %s (%d decisions)", exc, len(examples))
        return None
    refusal = classifier_refusal(metrics=trained.metrics)
    with transaction.atomic():
        model = CheckClassifier.objects.create(
            params=trained.params,
            decisions=trained.metrics.decisions,
            last_decision_id=last_decision_id,
            precision=trained.metrics.precision,
            recall=trained.metrics.recall,
            metrics=trained.metrics.as_dict(),
            refusal=refusal,
        )
        audit_record(actor=actor, action=AuditAction.CLASSIFIER_TRAIN, target=model, after=model.metrics)
        if activate and not refusal:
            model = classifier_activate(classifier_id=model.pk, actor=actor)
    return model


@transaction.atomic
def classifier_activate(*, classifier_id: int, actor: User | None) -> CheckClassifier:
    """Make a version the one the checks use. Refused when its hold-out figures fall short of the bar as it is now."""
    model = CheckClassifier.objects.select_for_update().get(pk=classifier_id)
    refusal = classifier_refusal(metrics=classifier.Metrics(**model.metrics))
    if refusal:
        raise ModerationError(_("分类器 v%(id)s 不能启用：%(why)s") % {"id": model.pk, "why": refusal})
    previous = list(CheckClassifier.objects.select_for_update().filter(is_active=True).exclude(pk=model.pk))
    CheckClassifier.objects.filter(pk__in=[m.pk for m in previous]).update(is_active=False)
    model.is_active, model.activated_at = True, timezone.now()
    model.save(update_fields=["is_active", "activated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CLASSIFIER_ACTIVATE,
        target=model,
        before={"active": [m.pk for m in previous]},
        after={"active": model.pk, "precision": model.precision, "recall": model.recall},
    )
    return model


@transaction.atomic
def classifier_deactivate(*, actor: User | None) -> int:
    """Stop using any version (until the next one that meets the bar is trained, or an admin activates one).
    To keep the classifier out of the checks for good, turn it off in the policy. Returns how many were active."""
    active = list(CheckClassifier.objects.select_for_update().filter(is_active=True).values_list("pk", flat=True))
    if active:
        CheckClassifier.objects.filter(pk__in=active).update(is_active=False)
        audit_record(actor=actor, action=AuditAction.CLASSIFIER_DEACTIVATE, before={"active": active})
    return len(active)
