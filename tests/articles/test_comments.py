import pytest

from articles import services
from articles.models import Article, Comment
from articles.moderation import ArticleAdapter, CommentAdapter
from moderation.registry import CheckText, adapter_for
from tests.articles.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def checks_later(monkeypatch):
    calls = []
    monkeypatch.setattr(services.common, "check_submit", lambda *, target, revision_id=None: calls.append(target))
    return calls


def test_comment_appears_after_its_check(client, article, reader, django_capture_on_commit_callbacks):
    client.force_login(reader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{article.get_absolute_url()}comments/", {"body": "写得很透彻"})
    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.VISIBLE
    client.logout()
    assert "写得很透彻" in client.get(article.get_absolute_url()).content.decode()


def test_comment_in_checking_is_shown_to_its_author_only(client, article, reader, checks_later):
    client.force_login(reader)
    client.post(f"{article.get_absolute_url()}comments/", {"body": "还在检查的评论"})
    assert Comment.objects.get().status == Comment.Status.CHECKING
    body = client.get(article.get_absolute_url()).content.decode()
    assert "还在检查的评论" in body
    assert "检查中，仅您可见" in body
    client.logout()
    assert "还在检查的评论" not in client.get(article.get_absolute_url()).content.decode()


def test_html_in_a_comment_is_shown_as_text(client, article, reader):
    client.force_login(reader)
    client.post(f"{article.get_absolute_url()}comments/", {"body": "<script>alert(1)</script><b>粗</b>"})
    body = client.get(article.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;粗&lt;/b&gt;" in body
    assert "<script>alert(1)" not in body


def test_reply_to_a_reply_stays_in_the_thread_one_level_deeper(article, reader):
    top = CommentFactory(article=article)
    reply = services.comment_create(article=article, user=reader, body="回复", parent_id=top.pk)
    adapter_for(reply).apply_verdict(reply, revision_id=None, verdict="pass", rule="")
    reply_to_reply = services.comment_create(article=article, user=reader, body="再回复", parent_id=reply.pk)
    assert (reply.parent, reply.root, reply.depth) == (top, top, 1)
    assert (reply_to_reply.parent, reply_to_reply.root, reply_to_reply.depth) == (reply, top, 2)


def test_comment_on_a_removed_article_is_404(client, article, reader):
    adapter_for(article).hide(article)
    client.force_login(reader)
    response = client.post(f"{article.get_absolute_url()}comments/", {"body": "还能评论吗"})
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_comment_on_a_draft_is_refused(author, reader):
    draft = ArticleFactory(author=author, status=Article.Status.DRAFT, published_at=None)
    with pytest.raises(services.ArticleError) as exc:
        services.comment_create(article=draft, user=reader, body="嗯")
    assert exc.value.status == 404


def test_empty_comment_is_refused(article, reader):
    with pytest.raises(services.ArticleError):
        services.comment_create(article=article, user=reader, body="   ")


def test_anonymous_cannot_comment(client, article):
    response = client.post(f"{article.get_absolute_url()}comments/", {"body": "匿名"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Comment.objects.exists()


def test_blocked_comment_is_rejected_with_the_rule(article, reader, checks_later):
    comment = services.comment_create(article=article, user=reader, body="加我微信")
    adapter_for(comment).apply_verdict(comment, revision_id=None, verdict="block", rule="3.4")
    assert comment.status == Comment.Status.REJECTED
    assert comment.rejection_rule == "3.4"


def test_comment_hide_and_restore(article):
    comment = CommentFactory(article=article)
    adapter_for(comment).hide(comment)
    assert comment.status == Comment.Status.REMOVED
    assert not adapter_for(comment).is_public(comment)
    adapter_for(comment).restore(comment)
    assert comment.status == Comment.Status.VISIBLE


def test_articles_and_comments_are_moderated_through_their_registered_adapters(article):
    comment = CommentFactory(article=article, body="评论正文")
    assert isinstance(adapter_for(article), ArticleAdapter)
    assert isinstance(adapter_for(comment), CommentAdapter)
    assert adapter_for(article).owner(article) == article.author
    assert adapter_for(comment).check_text(comment) == CheckText("", "评论正文")
    title, text = adapter_for(article).check_text(article)
    assert title == "直播电商的下半场"
    assert "<p>" not in text
    assert "直播电商正在从流量驱动走向内容驱动。" in text
    snapshot = adapter_for(article).snapshot(article)
    assert snapshot["url"] == article.get_absolute_url()
    assert snapshot["status"] == "published"


def test_article_hide_and_restore(article):
    adapter_for(article).hide(article)
    assert article.status == Article.Status.REMOVED
    adapter_for(article).restore(article)
    assert article.status == Article.Status.PUBLISHED
    assert adapter_for(article).is_public(article)


def test_muted_reader_cannot_comment(client, article, reader):
    from datetime import timedelta

    from django.utils import timezone

    reader.muted_until = timezone.now() + timedelta(days=1)
    reader.save()
    client.force_login(reader)
    response = client.post(f"{article.get_absolute_url()}comments/", {"body": "想说话"})
    assert response.status_code == 403
    assert not Comment.objects.exists()
