"""Celery tasks: thin, idempotent, ids in, one service call. This module imports the services; the services enqueue
these by their dotted path (`core.tasks.enqueue`), never by importing this module."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from .services import checks as check_services
from .services import classifier as classifier_services
from .services import escalation as escalation_services
from .services import feedback as feedback_services
from .services import stats as stats_services


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=8,
)
def content_check(check_id: int) -> str:
    return check_services.check_run(check_id=check_id).verdict


@shared_task
def checks_sweep() -> int:
    return check_services.checks_sweep()


@shared_task(acks_late=True)
def lexicon_rescan(job_id: str, batch_size: int = 200) -> int:
    return check_services.rescan_published(job_id=job_id, batch_size=batch_size)


# --- Feedback inbox -------------------------------------------------------------------------------------------------


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=600, max_retries=8)
def feedback_reply_email(reply_id: int) -> bool:
    """E-mail a reply to a complaint filed without an account (its sender has no inbox)."""
    return feedback_services.feedback_reply_email_send(reply_id=reply_id)


@shared_task(acks_late=True, autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, max_retries=3)
def cases_escalate() -> int:
    """Beat: keep each open case's earned raise (the queue's escalation policy) on its row."""
    return escalation_services.case_escalation_sweep()


@shared_task(acks_late=True)
def classifier_train() -> int | None:
    """Celery beat (`CHECKS_CLASSIFIER_RETRAIN_HOURS`): retrain the site's classifier on the decisions so far.
    Idempotent: with no new decision since the last version it does nothing. Returns the new version's id."""
    model = classifier_services.classifier_train()
    return model.pk if model is not None else None


@shared_task(acks_late=True, autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, max_retries=3)
def stats_rollup() -> int:
    """Beat (`MODERATION_STATS_ROLLUP_SECONDS`): compute the closed days of the statistics not yet computed or marked
    dirty. Idempotent: a run with nothing missing reads two small lists and writes nothing. Returns how many days."""
    return stats_services.stats_rollup_missing()
