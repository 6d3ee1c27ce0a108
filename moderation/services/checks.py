"""The automatic-check pipeline: the single entry point content goes through, and the worker side that runs it.

`check_submit` (called by articles when an article is published, a contribution accepted, a published article
edited, or a comment posted) records a ContentCheck and enqueues `moderation.tasks.content_check` after commit.
The target stays `checking` until `check_run` applies the verdict. If the broker is down, the check stays pending
and `checks_sweep` (Celery beat, or `manage.py checks sweep`) enqueues it again: nothing is lost and nothing goes
public unchecked. Tasks are named by their dotted path (`core.tasks.enqueue`): the tasks module imports this one,
never the other way round.
"""

import uuid
from dataclasses import replace
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from accounts.models import User
from accounts.selectors import newcomer_held
from core.models import AuditAction
from core.services import audit_record
from core.tasks import enqueue

from .. import classifier
from ..engine import ENGINE_VERSION, Evidence, Verdict
from ..models import CheckClassifier, CheckPolicy, ContentCheck, RuleCategory
from ..registry import adapter_for
from ..selectors.checks import (
    RESCAN_KEY,
    RESCAN_TIMEOUT,
    check_context,
    check_policy_current,
    check_recent_fingerprints,
    checks_latest_targets,
    checks_stale_ids,
)
from ..selectors.classifier import case_text, classifier_active
from ..selectors.lexicon import current_engine
from .cases import case_open_for_check

SWEEP_AFTER = timedelta(seconds=60)
# The classifier's evidence weighs at most this much (before the policy's "classifier" multiplier), for a text the
# site's moderators would remove for certain; as much below zero for one they would dismiss for certain. Within
# CLASSIFIER_QUIET of an even chance it says nothing.
CLASSIFIER_WEIGHT = 2.0
CLASSIFIER_QUIET = 0.1
SIGNED_64 = 1 << 63


def _signed(value: int) -> int:
    """Simhashes are unsigned 64-bit; PostgreSQL's bigint is signed."""
    return value - (1 << 64) if value >= SIGNED_64 else value


def _unsigned(value: int) -> int:
    return value + (1 << 64) if value < 0 else value


@transaction.atomic
def check_submit(*, target: Model, revision_id: int | None = None) -> ContentCheck:
    """Record a check of `target` (at `revision_id`, for revisioned content) and enqueue it after commit.

    Submitting the same revision again while its check is pending returns that check: one revision, one result.
    """
    content_type = ContentType.objects.get_for_model(target)
    pending = ContentCheck.objects.filter(
        target_type=content_type, target_id=target.pk, revision_id=revision_id, status=ContentCheck.Status.PENDING
    ).first()
    if pending is not None:
        return pending
    check = ContentCheck.objects.create(
        target_type=content_type,
        target_id=target.pk,
        revision_id=revision_id,
        owner=adapter_for(target).owner(target),
    )
    transaction.on_commit(lambda: check_enqueue(check_id=check.pk))
    return check


def check_enqueue(*, check_id: int) -> bool:
    """Hand a check to the broker. A broker that is down is logged (by `enqueue`), not raised: the sweep retries.

    Called after commit (or by the sweep), outside any transaction: each update stands alone.
    """
    pending = ContentCheck.objects.filter(pk=check_id, status=ContentCheck.Status.PENDING)
    pending.update(enqueued_at=timezone.now())
    if enqueue("moderation.tasks.content_check", check_id):
        return True
    pending.update(enqueued_at=None)
    return False


def checks_sweep(*, older_than: timedelta = SWEEP_AFTER) -> int:
    """Enqueue again every check still pending after `older_than` (never enqueued, or lost). Returns how many."""
    count = 0
    for check_id in checks_stale_ids(cutoff=timezone.now() - older_than):
        count += check_enqueue(check_id=check_id)
    return count


def _matches_json(result) -> list[dict]:
    return [
        {
            "term": m.term,
            "rule": m.rule,
            "action": m.action,
            "start": m.start,
            "end": m.end,
            "source": m.source,
            "field": m.field,
        }
        for m in result.matches
    ]


def classifier_evidence(
    *, policy: CheckPolicy | None, title: str, text: str
) -> tuple[CheckClassifier | None, tuple[Evidence, ...]]:
    """The active classifier version and what it says about the text, as evidence (kind "classifier"); nothing when
    it is switched off (setting, or the policy) or no version is active."""
    if not settings.CHECKS_CLASSIFIER_ENABLED or (policy is not None and not policy.classifier_enabled):
        return None, ()
    model, params = classifier_active()
    if model is None or not params:
        return None, ()
    prediction = classifier.predict(params, case_text({"title": title, "text": text}))
    lean = prediction.probability - 0.5
    if abs(lean) < CLASSIFIER_QUIET:
        return model, ()
    category_title = ""
    if prediction.category and lean > 0:
        category_title = (
            RuleCategory.objects.filter(ruleset__is_current=True, code=prediction.category)
            .values_list("title", flat=True)
            .first()
            or ""
        )
    evidence = Evidence(
        "classifier",
        "",
        round(2 * lean * CLASSIFIER_WEIGHT, 3),
        "classifier",
        {
            "version": model.pk,
            "probability": prediction.probability,
            "category": prediction.category,
            "category_title": category_title,
            "category_probability": prediction.category_probability,
            "tokens": prediction.top_tokens,
            "precision": model.precision,
            "recall": model.recall,
        },
        field="",
    )
    return model, (evidence,)


def check_run(*, check_id: int, apply_verdict: bool = True) -> ContentCheck:
    """Run one check and apply its verdict. Idempotent: a check already done is returned as it is.

    With `apply_verdict=False` (a re-scan of content already public) nothing is hidden automatically: any finding
    opens a case, and a moderator decides.

    Runs in the worker. The row is locked for the whole run, so a redelivered task waits and then sees `done`.
    """
    with transaction.atomic():
        check = ContentCheck.objects.select_for_update().get(pk=check_id)
        if check.status == ContentCheck.Status.DONE:
            return check
        target = check.target_type.get_object_for_this_type(pk=check.target_id)
        adapter = adapter_for(target)
        title, text = adapter.check_text(target, revision_id=check.revision_id)
        engine, lexicon_version = current_engine()
        policy_row, policy = check_policy_current()
        model, extra = classifier_evidence(policy=policy_row, title=title, text=text)
        context = replace(check_context(owner=check.owner), extra=extra)
        recent = [(_unsigned(fp), pk) for fp, pk in check_recent_fingerprints(check=check)]
        # The body's fingerprint comes with the result: computed once, for the near-duplicate search and to store.
        result = engine.scan(text, title=title, recent=recent, policy=policy, context=context, fingerprint=True)
        check.fingerprint = _signed(result.fingerprint) if result.fingerprint is not None else None
        verdict = Verdict(result.verdict)
        check.verdict = verdict
        check.matches = _matches_json(result)
        check.evidence = [e.to_dict() for e in result.evidence]
        check.explanation = dict(result.explanation)  # a copy: a pass result is shared (engine.model.PASSED)
        check.policy, check.classifier = policy_row, model
        check.score = result.score
        check.engine_version = ENGINE_VERSION
        check.lexicon_version = lexicon_version
        check.attempts += 1
        check.status = ContentCheck.Status.DONE
        check.finished_at = timezone.now()
        check.save()

        if not apply_verdict:
            if verdict != Verdict.PASS:
                case_open_for_check(check=check, target=target)
            return check
        rule = result.rule
        # 先审后发: a new account's content that the checks would publish is held for a moderator instead. The
        # check records the hold it applied (so that dismissing the case releases the content, as for any hold);
        # the case is marked and its report says the engine passed it.
        new_account = verdict.publishes and newcomer_held(adapter.owner(target))
        if new_account:
            verdict = Verdict.HOLD
            check.verdict = verdict
            check.save(update_fields=["verdict"])
        # The content's owner is told the outcome (and the rule) by the content's own app, through its adapter.
        adapter.apply_verdict(target, revision_id=check.revision_id, verdict=verdict, rule=rule)
        if verdict in (Verdict.HOLD, Verdict.FLAG):
            case_open_for_check(check=check, target=target, new_account=new_account)
    return check


def _rescan_progress_set(job_id: str, *, total: int | None, done: int, rechecked: int, finished: bool) -> None:
    progress = {"total": total, "done": done, "rechecked": rechecked, "finished": finished}
    cache.set(RESCAN_KEY.format(job_id=job_id), progress, timeout=RESCAN_TIMEOUT)


@transaction.atomic
def rescan_start(*, actor: User | None) -> str:
    """Queue a re-check of everything public with the current lexicon; returns the job id to follow progress."""
    job_id = uuid.uuid4().hex[:12]
    _rescan_progress_set(job_id, total=None, done=0, rechecked=0, finished=False)
    audit_record(actor=actor, action=AuditAction.LEXICON_RESCAN, after={"job": job_id})
    transaction.on_commit(lambda: enqueue("moderation.tasks.lexicon_rescan", job_id))
    return job_id


def rescan_published(*, job_id: str, batch_size: int = 200) -> int:
    """Check every public piece of content again with the current lexicon, in batches, recording progress.

    Content is found through the checks it had: everything published went through one.
    """
    targets = checks_latest_targets()
    total, done, rechecked = len(targets), 0, 0
    _rescan_progress_set(job_id, total=total, done=0, rechecked=0, finished=False)
    for start in range(0, total, batch_size):
        for type_id, target_id, revision_id in targets[start : start + batch_size]:
            model = ContentType.objects.get_for_id(type_id).model_class()
            target = model._default_manager.filter(pk=target_id).first() if model else None
            if target is not None and adapter_for(target).is_public(target):
                check = ContentCheck.objects.create(
                    target_type_id=type_id,
                    target_id=target_id,
                    revision_id=revision_id,
                    owner=adapter_for(target).owner(target),
                )
                check_run(check_id=check.pk, apply_verdict=False)
                rechecked += 1
            done += 1
        _rescan_progress_set(job_id, total=total, done=done, rechecked=rechecked, finished=False)
    _rescan_progress_set(job_id, total=total, done=done, rechecked=rechecked, finished=True)
    return rechecked
