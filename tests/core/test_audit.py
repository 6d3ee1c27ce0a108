"""The audit log takes only named actions; notifications email through a task after commit."""

import pytest
from django.core import mail

from cms.celery import app as celery_app
from core.models import AuditAction, AuditLog, Notification
from core.services import audit_record, notify

pytestmark = pytest.mark.django_db


def test_an_action_outside_the_named_list_is_refused(moderator):
    with pytest.raises(ValueError, match="unknown audit action"):
        audit_record(actor=moderator, action="case.whatever")
    assert not AuditLog.objects.exists()


def test_every_action_is_a_dotted_name_with_a_label():
    for action in AuditAction:
        noun, _, verb = action.value.partition(".")
        assert noun, action
        assert verb, action
        assert str(action.label) != action.value


def test_audit_row_names_actor_target_and_rules(moderator, reader):
    log = audit_record(actor=moderator, action=AuditAction.ACCOUNT_LINK, target=reader, rule_codes=["3.3"])
    assert (log.actor, log.target_id, log.rule_codes, log.get_action_display()) == (
        moderator,
        str(reader.pk),
        ["3.3"],
        "关联账号",
    )


def test_notification_email_is_sent_after_commit_by_the_task(reader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(recipient=reader, subject="标题", body="正文")
    assert Notification.objects.filter(recipient=reader).count() == 1
    assert mail.outbox == []  # nothing is sent while the transaction could still roll back
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [[reader.email]]


def test_a_failing_mail_server_is_retried_and_the_inbox_notice_stays(reader, monkeypatch):
    from core import tasks

    attempts = []

    def flaky_send(*args, **kwargs):
        attempts.append(1)
        if len(attempts) < 3:
            raise OSError("connection refused")
        return 1

    monkeypatch.setattr(tasks, "send_mail", flaky_send)
    # In-process, a retry runs again at once; with propagation on, the first failure would be raised instead.
    propagates = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    notice = Notification.objects.create(recipient=reader, subject="s", body="b")
    try:
        result = tasks.notification_email.apply(args=[notice.pk], throw=False)
    finally:
        celery_app.conf.task_eager_propagates = propagates
    assert result.successful()
    assert len(attempts) == 3
    assert Notification.objects.filter(pk=notice.pk).exists()
