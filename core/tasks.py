"""Background work of the bottom layer: notification emails, and the one way services enqueue tasks."""

import logging
import smtplib

from celery import shared_task
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from .models import Notification

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
    ignore_result=True,
)
def notification_email(notification_id: int) -> bool:
    """Send the email of one notification. Idempotent enough: a notice that no longer exists sends nothing."""
    notice = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notice is None or not notice.recipient.email:
        return False
    send_mail(notice.subject, notice.body, None, [notice.recipient.email])
    return True


def enqueue(task_path: str, *args) -> bool:
    """Hand a task, named by its dotted path, to the broker; False (logged) when the broker is unreachable.

    Services name tasks by path instead of importing the tasks module, because a tasks module imports the services
    it calls: the arrow points from tasks to services only. Results are never awaited here.
    """
    task = import_string(task_path)
    try:
        task.apply_async(args=args, retry=False, ignore_result=True)
    except Exception:  # kombu and redis raise several connection errors; none may fail the caller's request
        logger.warning("could not enqueue %s%r; it will be retried by its sweep", task_path, args)
        return False
    return True


@shared_task(ignore_result=True)
def form_submissions_purge() -> int:
    """Daily: forget the one-time form tokens older than two days."""
    from .idempotency import form_submissions_purge as purge

    return purge()
