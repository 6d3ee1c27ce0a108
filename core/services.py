"""Writes every app needs: the audit log and notifications."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from . import messages
from .models import AuditAction, AuditLog, Notification, NotificationPreference
from .tasks import notification_email


def audit_record(
    *,
    actor,
    action: AuditAction,
    target: Model | None = None,
    rule_codes: list[str] | tuple[str, ...] = (),
    before: dict | None = None,
    after: dict | None = None,
) -> AuditLog:
    """Append an audit row. Call it inside the transaction that makes the change, so both commit or neither.

    `actor` is a user (None, or an anonymous one, for the system).
    """
    if action not in AuditAction.values:
        raise ValueError(f"unknown audit action {action!r}: add it to core.models.AuditAction")
    return AuditLog.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        rule_codes=list(rule_codes),
        before=before,
        after=after,
    )


def notify(
    *,
    recipient,
    subject: str,
    body: str,
    params: dict | None = None,
    url: str = "",
    kind: str = "",
) -> Notification | None:
    """An inbox notice, and an email sent by a task after commit (a rolled-back change sends nothing).

    `subject` and `body` are untranslated messages (marked with `gettext_noop`) whose `%(name)s` placeholders
    `params` fill (core.messages: a value may itself be a term to translate, rule codes or a typed sentence). The
    inbox shows them in the reader's language; the email says them in the language active here.
    With a `kind` (a `NotificationPreference.Kind`: a reply, a mention), the recipient's preferences decide:
    nothing when they turned that kind off (None is returned), no email when they turned email off. Without a kind
    the notice is about their own content or account and always goes out.
    The task retries a failing mail server; the inbox notice stands whatever happens to the email.
    """
    email = True
    if kind:
        pref = notification_preference_of(user=recipient)
        if not pref.wants(kind):
            return None
        email = pref.email
    stored = messages.store(params)
    notice = Notification.objects.create(
        recipient=recipient,
        subject=messages.render(subject, stored)[:200],
        body=messages.render(body, stored),
        url=url,
        subject_msgid=subject,
        body_msgid=body,
        params=stored,
    )
    if recipient.email and email:
        transaction.on_commit(lambda: notification_email.delay(notice.pk))
    return notice


def notification_preference_of(*, user) -> NotificationPreference:
    """The user's preferences, or the defaults (unsaved) when they never changed them."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)


@transaction.atomic
def notification_preference_set(*, user, reply: bool, mention: bool, email: bool) -> NotificationPreference:
    pref = NotificationPreference.objects.update_or_create(
        user=user, defaults={"reply": reply, "mention": mention, "email": email}
    )[0]
    return pref


def notification_mark_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
