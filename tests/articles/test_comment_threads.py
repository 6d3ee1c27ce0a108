"""Issue 14 item 5: threaded, paginated, sortable comments; likes; edit and delete within a window; @mentions and
reply notifications as the recipients' settings allow; the page cache untouched by what readers cannot see."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles import cache as page_cache
from articles import services
from articles.models import Comment, CommentLike
from core import pagecache
from core.errors import ApplicationError
from core.models import Notification
from core.services import notification_preference_set
from moderation.registry import adapter_for
from tests.articles.factories import CommentFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HELD = "想了解更多请加微信 abc12345 私聊"  # a contact detail: the default lexicon holds it for a moderator


@pytest.fixture
def lexicon(db):
    from moderation.services import ruleset_load

    ruleset_load()
    call_command("lexicon", "import", "moderation/data/lexicon.csv")


def _publish(comment: Comment) -> Comment:
    adapter_for(comment).apply_verdict(comment, revision_id=None, verdict="pass", rule="")
    comment.refresh_from_db()
    return comment


def test_a_reply_notifies_the_replied_to_author_once_it_is_visible(article, reader, django_capture_on_commit_callbacks):
    writer = UserFactory(username="writer")
    top = CommentFactory(article=article, author=writer)
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.comment_create(article=article, user=reader, body="同意你的看法", parent_id=top.pk)
    reply.refresh_from_db()  # the check ran on commit
    assert reply.status == Comment.Status.VISIBLE
    notice = Notification.objects.get(recipient=writer)
    assert reader.public_name in notice.subject
    assert notice.url.endswith(f"#comment-{reply.pk}")
    # a redelivered verdict tells nobody twice
    _publish(reply)
    assert Notification.objects.filter(recipient=writer).count() == 1


def test_a_held_reply_notifies_nobody_and_leaves_the_cached_page_alone(
    client, article, reader, lexicon, django_capture_on_commit_callbacks
):
    writer = UserFactory(username="writer")
    top = CommentFactory(article=article, author=writer)
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"
    before = pagecache.versions([page_cache.article_version(article.pk)])
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.comment_create(article=article, user=reader, body=HELD, parent_id=top.pk)
    reply.refresh_from_db()
    assert reply.status == Comment.Status.HELD
    assert not Notification.objects.filter(recipient=writer).exists()
    assert pagecache.versions([page_cache.article_version(article.pk)]) == before
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_visible_comment_retires_the_cached_page(client, article, reader, django_capture_on_commit_callbacks):
    client.get(article.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(article=article, user=reader, body="新评论来了")
    response = client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "新评论来了" in response.content.decode()


def test_mentions_link_and_notify_as_the_settings_allow(client, article, reader, django_capture_on_commit_callbacks):
    fan = UserFactory(username="fan")
    quiet = UserFactory(username="quiet")
    notification_preference_set(user=quiet, reply=True, mention=False, email=True)
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.comment_create(article=article, user=reader, body="@fan 和 @quiet 看看，@nobody 不存在")
    assert comment.mentions == ["fan", "quiet"]
    assert Notification.objects.filter(recipient=fan).count() == 1
    assert not Notification.objects.filter(recipient=quiet).exists()
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<a class="mention" href="/authors/fan/">@fan</a>' in page
    assert "@nobody" in page
    assert 'href="/authors/nobody/"' not in page


def test_email_off_keeps_the_inbox_notice_and_sends_no_mail(
    article, reader, mailoutbox, django_capture_on_commit_callbacks
):
    writer = UserFactory(username="writer")
    notification_preference_set(user=writer, reply=True, mention=True, email=False)
    top = CommentFactory(article=article, author=writer)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(article=article, user=reader, body="回复一下", parent_id=top.pk)
    assert Notification.objects.filter(recipient=writer).count() == 1
    assert mailoutbox == []


def test_notification_settings_are_edited_on_the_profile(client, reader):
    client.force_login(reader)
    assert "通知设置" in client.get("/accounts/profile/").content.decode()
    client.post("/accounts/profile/notifications/", {"mention": "on"})
    pref = reader.notification_pref
    assert (pref.reply, pref.mention, pref.email) == (False, True, False)


def test_a_like_counts_once_and_can_be_taken_back(client, article, reader):
    comment = CommentFactory(article=article)
    client.force_login(reader)
    for _ in range(2):
        response = client.post(f"/comments/{comment.pk}/like/", {"like": "1"}, HTTP_ACCEPT="application/json")
    assert response.json() == {"liked": True, "count": 1}
    assert CommentLike.objects.count() == 1
    response = client.post(f"/comments/{comment.pk}/like/", {"like": "0"}, HTTP_ACCEPT="application/json")
    assert response.json() == {"liked": False, "count": 0}


def test_an_edit_is_checked_again_before_others_see_it(
    client, article, reader, lexicon, django_capture_on_commit_callbacks
):
    comment = CommentFactory(article=article, author=reader, body="原来的评论")
    client.force_login(reader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/comments/{comment.pk}/edit/", {"body": HELD})
    comment.refresh_from_db()
    assert (comment.body, comment.status) == (HELD, Comment.Status.HELD)
    assert comment.edited_at is not None
    client.logout()
    assert "abc12345" not in client.get(article.get_absolute_url()).content.decode()


def test_edit_and_delete_close_after_the_window(client, article, reader, settings):
    settings.COMMENT_EDIT_WINDOW_MINUTES = 15
    old = CommentFactory(article=article, author=reader, created_at=timezone.now() - timedelta(minutes=16))
    client.force_login(reader)
    response = client.post(f"/comments/{old.pk}/edit/", {"body": "想改"})
    assert response.status_code == 409
    assert "想改" in response.content.decode()  # what was typed stays in the box
    with pytest.raises(ApplicationError):
        services.comment_delete(comment_id=old.pk, user=reader)
    assert f"comments/{old.pk}/edit/" not in client.get(article.get_absolute_url()).content.decode()


def test_nobody_edits_or_deletes_another_readers_comment(client, article, reader):
    theirs = CommentFactory(article=article)
    client.force_login(reader)
    assert client.post(f"/comments/{theirs.pk}/edit/", {"body": "改别人的"}).status_code == 404
    assert client.post(f"/comments/{theirs.pk}/delete/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Comment.Status.VISIBLE


def test_a_deleted_comment_keeps_its_replies_under_a_placeholder(client, article, reader):
    top = CommentFactory(article=article, author=reader, body="将被删除")
    CommentFactory(article=article, parent=top, root=top, depth=1, body="下面的回复")
    client.force_login(reader)
    client.post(f"/comments/{top.pk}/delete/")
    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "将被删除" not in page
    assert "该评论已被作者删除。" in page
    assert "下面的回复" in page


def test_two_levels_of_replies_are_open_and_deeper_ones_folded(client, article):
    top = CommentFactory(article=article, body="第零层")
    one = CommentFactory(article=article, parent=top, root=top, depth=1, body="第一层")
    two = CommentFactory(article=article, parent=one, root=top, depth=2, body="第二层")
    CommentFactory(article=article, parent=two, root=top, depth=3, body="第三层")
    page = client.get(article.get_absolute_url()).content.decode()
    folded = page.index('<details class="more-replies">')
    assert page.index("第二层") < folded < page.index("第三层")
    assert "展开 1 条回复" in page


def test_threads_page_and_sort_by_likes(client, article, settings):
    settings.COMMENT_PAGE_SIZE = 2
    oldest = CommentFactory(
        article=article, body="最早的", like_count=9, created_at=timezone.now() - timedelta(hours=3)
    )
    CommentFactory(article=article, body="中间的", created_at=timezone.now() - timedelta(hours=2))
    CommentFactory(article=article, body="最新的", created_at=timezone.now() - timedelta(hours=1))
    first = client.get(article.get_absolute_url()).content.decode()
    assert "最新的" in first
    assert "最早的" not in first
    assert "?cpage=2#comments" in first
    assert "最早的" in client.get(article.get_absolute_url(), {"cpage": 2}).content.decode()
    liked = client.get(article.get_absolute_url(), {"csort": "liked"}).content.decode()
    assert liked.index(f'id="comment-{oldest.pk}"') < liked.index("最新的")


def test_a_double_submit_posts_one_comment(client, article, reader):
    client.force_login(reader)
    for _ in range(2):
        client.post(f"{article.get_absolute_url()}comments/", {"body": "只发一次", "token": "t" * 32})
    assert Comment.objects.filter(body="只发一次").count() == 1


def test_the_inbox_shows_a_reply_notice_through_the_catalogue(
    client, article, reader, monkeypatch, django_capture_on_commit_callbacks
):
    # the notice keeps its untranslated words, so an English reader's inbox can show it in English
    from core import messages as core_messages

    writer = UserFactory(username="writer")
    top = CommentFactory(article=article, author=writer)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(article=article, user=reader, body="回复一下", parent_id=top.pk)
    monkeypatch.setattr(core_messages, "gettext", lambda msgid: "EN: " + msgid)
    client.force_login(writer)
    page = client.get("/me/inbox/").content.decode()
    assert f"EN: {reader.public_name} 回复了您的评论" in page
