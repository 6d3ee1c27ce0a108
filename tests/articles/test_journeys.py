"""The issue's "Done when" walks, end to end through views and the real check pipeline (run on commit)."""

import xml.etree.ElementTree as ET
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article, ArticleRevision

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    out = BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.postgres
def test_anonymous_reader_walk(client, author, django_capture_on_commit_callbacks):
    client.force_login(author)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/write/", {
            "title": "直播电商的选品逻辑", "body": "<p>做直播电商，选品是第一步。</p>", "summary": "", "source": "原创",
            "tags": "直播", "action": "publish",
        })  # fmt: skip
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    client.logout()

    assert article.title in client.get("/").content.decode()
    page = client.get(f"/category/{article.category.slug}/") if article.category else client.get("/tag/直播/")
    assert article.title in page.content.decode()
    body = client.get(article.get_absolute_url()).content.decode()
    assert "本文为作者独立观点，不代表本站立场，未经允许不得转载。" in body
    assert "版权及免责申明" in body
    search = client.get("/search/", {"q": "直播电商"}).content.decode()
    assert "<mark>直播电商</mark>" in search
    assert article.get_absolute_url() in search
    feed = ET.fromstring(client.get("/feed/").content)
    assert feed.tag == "rss"
    assert feed.find("channel/item/title").text == article.title


def test_author_writes_with_an_image_publishes_and_edits(client, author, django_capture_on_commit_callbacks):
    client.force_login(author)
    image_url = client.post("/upload/image/", {"upload": SimpleUploadedFile("p.png", _png())}).json()["url"]
    form = {"title": "私域运营笔记", "body": f'<p>第一版</p><figure class="image"><img src="{image_url}"></figure>',
            "summary": "", "source": "原创", "tags": "私域"}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/write/", {**form, "action": "publish"})
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert f'<img src="{image_url}">' in article.body
    assert client.get(image_url).status_code == 200

    # The edit is saved, but while its check has not run the old revision stays public.
    with django_capture_on_commit_callbacks(execute=False) as pending_checks:
        client.post(f"/write/{article.pk}/", {**form, "body": "<p>第二版</p>", "action": "save"})
    assert pending_checks
    article.refresh_from_db()
    assert article.pending_revision.status == ArticleRevision.Status.CHECKING
    client.logout()
    assert "第一版" in client.get(article.get_absolute_url()).content.decode()

    for callback in pending_checks:  # the check runs, passes, and the new revision goes live
        callback()
    body = client.get(article.get_absolute_url()).content.decode()
    assert "第二版" in body
    assert "第一版" not in body
