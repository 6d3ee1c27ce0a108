"""Issue 11 item 10: a muted account sees its mute (the rule, the end) where a form would be, and a refused submit
shows the form again with what was typed, never a bare error page that throws the text away."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Comment
from core.ratelimits import rate
from tests.articles.factories import CommentFactory

pytestmark = pytest.mark.django_db

TYPED = "这是一段我花了很久才写好的评论，不希望丢失。"


@pytest.fixture
def muted(reader):
    reader.muted_until = timezone.now() + timedelta(days=3)
    reader.sanction_rule = "2.6"
    reader.save()
    return reader


def _until(user) -> str:
    return timezone.localtime(user.muted_until).strftime("%Y-%m-%d %H:%M")


def test_a_muted_reader_sees_the_mute_instead_of_the_comment_and_reply_boxes(client, article, muted):
    CommentFactory(article=article)
    client.force_login(muted)
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'name="body"' not in page  # neither the comment box nor a reply box
    assert "禁言" in page
    assert "2.6" in page
    assert _until(muted) in page
    assert "/me/status/" in page  # where to appeal


def test_a_muted_reader_who_posts_anyway_gets_the_text_back_with_the_mute(client, article, muted):
    client.force_login(muted)
    response = client.post(f"{article.get_absolute_url()}comments/", {"body": TYPED})
    assert response.status_code == 403
    page = response.content.decode()
    assert TYPED in page
    assert "禁言" in page
    assert _until(muted) in page
    assert not Comment.objects.exists()


def test_a_refused_reply_keeps_its_text_and_its_thread(client, article, muted):
    top = CommentFactory(article=article)
    client.force_login(muted)
    response = client.post(f"{article.get_absolute_url()}comments/", {"body": TYPED, "parent": top.pk})
    assert response.status_code == 403
    assert TYPED in response.content.decode()


def test_a_comment_over_the_length_limit_comes_back_with_its_text(client, article, reader):
    client.force_login(reader)
    long_text = "长" * 2001
    response = client.post(f"{article.get_absolute_url()}comments/", {"body": long_text})
    assert response.status_code == 400
    assert long_text in response.content.decode()
    assert not Comment.objects.exists()


def test_a_reply_to_a_comment_gone_meanwhile_keeps_its_text(client, article, reader):
    top = CommentFactory(article=article, status=Comment.Status.REMOVED)
    client.force_login(reader)
    response = client.post(f"{article.get_absolute_url()}comments/", {"body": TYPED, "parent": top.pk})
    assert response.status_code == 404
    page = response.content.decode()
    assert TYPED in page
    assert "要回复的评论不存在" in page


def test_a_comment_over_the_rate_limit_keeps_its_text(client, article, reader, monkeypatch):
    from articles import services

    monkeypatch.setattr(services.common, "check_submit", lambda **kwargs: None)
    import time_machine

    allowed, _ = rate("comment")
    client.force_login(reader)
    # One fixed rate-limit window for all the posts: a minute boundary between them would reset the counter.
    with time_machine.travel("2026-06-01 10:00:05 +0800", tick=False):
        for n in range(allowed):
            client.post(f"{article.get_absolute_url()}comments/", {"body": f"第 {n} 条"})
        response = client.post(f"{article.get_absolute_url()}comments/", {"body": TYPED})
    assert response.status_code == 429
    page = response.content.decode()
    assert TYPED in page
    assert "频繁" in page


# --- The write page -----------------------------------------------------------------------------------------------

FORM = {"title": "我的长文", "body": "<p>这是正文，写了很久。</p>", "summary": "", "source": "", "tags": "增长"}


def test_a_muted_writer_who_saves_gets_the_article_back_with_the_mute(client, author):
    author.muted_until = timezone.now() + timedelta(days=1)
    author.sanction_rule = "2.6"
    author.save()
    client.force_login(author)
    response = client.post("/write/", {**FORM, "action": "save"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "禁言" in page
    assert response.context["form"]["title"].value() == "我的长文"
    assert "这是正文，写了很久。" in page
    assert not Article.objects.exists()


def test_a_contributor_who_presses_publish_keeps_the_article(client, contributor):
    client.force_login(contributor)
    response = client.post("/write/", {**FORM, "action": "publish"})
    assert response.status_code == 403
    assert "不能直接发布" in response.content.decode()
    assert response.context["form"]["title"].value() == "我的长文"
