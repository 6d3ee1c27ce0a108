"""Every page renders for the people who may see it."""

import pytest

from accounts.models import AuthorApplication
from articles import services
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_editor_pages_render(client, editor, contributor):
    draft = services.article_create(user=contributor, title="待审稿件", body="<p>正文</p>")
    services.article_submit(article=draft, user=contributor)
    AuthorApplication.objects.create(user=contributor, motivation="想成为作者")
    client.force_login(editor)
    queue = client.get("/editor/").content.decode()
    assert "待审稿件" in queue
    assert "想成为作者" in queue
    review = client.get(f"/editor/articles/{draft.pk}/")
    assert review.status_code == 200
    assert "采纳并发布" in review.content.decode()
    assert client.get(f"/editor/articles/{draft.pk}/revisions/").status_code == 200
    assert client.get(f"/write/{draft.pk}/").status_code == 200


def test_writer_pages_render(client, contributor):
    client.force_login(contributor)
    assert client.get("/become-author/").status_code == 200
    assert client.get("/me/").status_code == 200


def test_edit_page_prefills_the_pending_revision(client, author, monkeypatch):
    monkeypatch.setattr(services.common, "check_submit", lambda **kwargs: None)
    article = ArticleFactory(author=author, title="公开标题")
    services.article_update(article=article, user=author, title="待检查的新标题", body="<p>新</p>")
    client.force_login(author)
    assert 'value="待检查的新标题"' in client.get(f"/write/{article.pk}/").content.decode()


def test_anonymous_is_sent_to_login_from_writer_pages(client):
    for url in ("/write/", "/me/", "/become-author/", "/editor/"):
        assert client.get(url).status_code == 302
