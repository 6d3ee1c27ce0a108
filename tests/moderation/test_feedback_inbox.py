"""The feedback inbox: suggestions and copyright complaints with statuses, assignment and replies."""

import pytest
from django.core import mail
from django.urls import reverse

from core.models import AuditLog, Notification
from moderation import services
from moderation.models import Feedback, FeedbackReply
from tests.articles.factories import ArticleFactory
from tests.factories import UserFactory


@pytest.fixture
def suggestion(rules, reader):
    return services.feedback_submit(author=reader, kind="suggestion", text="希望增加夜间模式")


def test_a_reply_reaches_the_senders_inbox_and_email(
    client, suggestion, reader, moderator, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("moderation_staff:feedback_item", args=[suggestion.pk]), {"text": "已排入下个版本，谢谢建议"}
        )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == Feedback.Status.ANSWERED
    assert suggestion.assigned_to == moderator
    notice = Notification.objects.get(recipient=reader)
    assert "已排入下个版本" in notice.body
    assert [m.to for m in mail.outbox] == [[reader.email]]
    assert AuditLog.objects.filter(action="feedback.reply", actor=moderator).exists()
    client.force_login(reader)
    assert "已排入下个版本" in client.get(reverse("moderation:inbox")).content.decode()


def test_an_internal_note_is_not_sent_and_changes_no_status(suggestion, reader, moderator):
    services.feedback_reply(feedback=suggestion, actor=moderator, text="先问问产品", internal=True)
    suggestion.refresh_from_db()
    assert suggestion.status == Feedback.Status.NEW
    assert not Notification.objects.filter(recipient=reader).exists()


def test_assignment_moves_new_feedback_in_progress_and_statuses_follow_their_moves(suggestion, moderator, moderator2):
    services.feedback_assign(feedback=suggestion, actor=moderator, assignee=moderator2)
    suggestion.refresh_from_db()
    assert (suggestion.assigned_to, suggestion.status) == (moderator2, Feedback.Status.IN_PROGRESS)
    services.feedback_status_set(feedback=suggestion, actor=moderator2, status=Feedback.Status.CLOSED)
    with pytest.raises(services.ModerationError):
        services.feedback_status_set(feedback=suggestion, actor=moderator2, status=Feedback.Status.ANSWERED)
    services.feedback_status_set(feedback=suggestion, actor=moderator2, status=Feedback.Status.IN_PROGRESS)
    suggestion.refresh_from_db()
    assert suggestion.status == Feedback.Status.IN_PROGRESS
    assert AuditLog.objects.filter(action="feedback.status").count() == 2


def test_feedback_cannot_be_assigned_to_someone_who_may_not_handle_it(suggestion, moderator, editor):
    with pytest.raises(services.ModerationError) as exc:
        services.feedback_assign(feedback=suggestion, actor=moderator, assignee=editor)
    assert exc.value.field == "assignee"


def test_a_moderator_cannot_answer_their_own_or_a_linked_accounts_feedback(client, rules, moderator, moderator2):
    sock = UserFactory(username="sock")
    services.account_link(account=moderator, other=sock, moderator=moderator2)
    own = services.feedback_submit(author=moderator, kind="suggestion", text="自己的建议")
    linked = services.feedback_submit(author=sock, kind="suggestion", text="马甲的建议")
    client.force_login(moderator)
    for item in (own, linked):
        response = client.post(reverse("moderation_staff:feedback_item", args=[item.pk]), {"text": "好的"})
        assert response.status_code == 403
        response = client.post(reverse("moderation_staff:feedback_assign", args=[item.pk]), {"me": "1"})
        assert response.status_code == 403
    assert not FeedbackReply.objects.exists()


def test_an_editor_cannot_answer_a_complaint_about_their_own_article(rules, editor, reader):
    article = ArticleFactory(author=editor)
    complaint = services.feedback_submit(author=reader, kind="copyright", text="盗图", article_id=article.pk)
    with pytest.raises(services.ModerationError) as exc:
        services.feedback_reply(feedback=complaint, actor=editor, text="没有")
    assert exc.value.status == 403


def test_each_kind_is_handled_by_its_own_staff(client, suggestion, rules, reader, editor, moderator):
    complaint = services.feedback_submit(author=reader, kind="copyright", text="盗图", article_id=ArticleFactory().pk)
    client.force_login(editor)
    page = client.get(reverse("moderation_staff:feedback_inbox")).content.decode()
    assert "盗图" in page
    assert "夜间模式" not in page
    assert client.get(reverse("moderation_staff:feedback_item", args=[suggestion.pk])).status_code == 404
    client.force_login(moderator)
    page = client.get(reverse("moderation_staff:feedback_inbox")).content.decode()
    assert "夜间模式" in page
    assert "盗图" not in page
    assert client.get(reverse("moderation_staff:feedback_item", args=[complaint.pk])).status_code == 404
    client.force_login(reader)
    assert client.get(reverse("moderation_staff:feedback_inbox")).status_code == 403


def test_a_complaint_without_an_account_is_answered_at_its_email(rules, editor, django_capture_on_commit_callbacks):
    article = ArticleFactory()
    complaint = services.feedback_submit(
        author=None, kind="copyright", text="盗用我的摄影作品", contact="rights@example.com", article_id=article.pk
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_reply(feedback=complaint, actor=editor, text="已下架该文章")
    assert [(m.to, m.body) for m in mail.outbox] == [(["rights@example.com"], "已下架该文章")]


def test_an_empty_reply_is_a_form_error_with_the_page_kept(client, suggestion, moderator):
    client.force_login(moderator)
    response = client.post(reverse("moderation_staff:feedback_item", args=[suggestion.pk]), {"text": "  "})
    assert response.status_code == 400
    assert "希望增加夜间模式" in response.content.decode()
