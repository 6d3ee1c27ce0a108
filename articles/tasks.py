"""Periodic work of the articles app: thin tasks, each one idempotent service call (articles.services.engagement)."""

from celery import shared_task

from .services import engagement


@shared_task(acks_late=True, ignore_result=True)
def engagement_flush() -> int:
    return engagement.engagement_flush()


@shared_task(acks_late=True, ignore_result=True)
def hot_refresh() -> int:
    return len(engagement.hot_refresh())
