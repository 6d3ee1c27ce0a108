"""Smaller items of issue 11: HEAD is answered wherever GET is (RFC 9110), the same on a page-cache miss as on a
hit; it answered 405 on a miss (views took GET only) and 200 on a hit (the cache answered first)."""

import pytest

from tests.articles.factories import ArticleFactory
from tests.conftest import clear_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(author, category):
    article = ArticleFactory(author=author, category=category, tags=["直播"])
    return {
        "anonymous": [
            "/",
            f"/category/{category.slug}/",
            "/tag/直播/",
            f"/authors/{author.username}/",
            article.get_absolute_url(),
            "/search/?q=直播",
            "/feed/",
            "/sitemap.xml",
            "/accounts/login/",
            "/accounts/register/",
            "/accounts/password/reset/",
            f"/accounts/u/{author.username}/",
        ],
        "editor": [
            "/me/",
            "/write/",
            "/become-author/",
            "/accounts/profile/",
            "/editor/",
            f"/editor/articles/{article.pk}/",
            f"/editor/articles/{article.pk}/revisions/",
        ],
    }


def test_head_answers_like_get_on_a_cache_miss(client, pages):
    for url in pages["anonymous"]:
        get = client.get(url)
        clear_cache()  # a miss: the view itself answers
        head = client.head(url)
        assert head.status_code == get.status_code, url
        assert head.content == b"", url


def test_head_answers_like_get_for_signed_in_pages(client, pages, editor):
    client.force_login(editor)
    for url in pages["editor"]:
        assert client.head(url).status_code == client.get(url).status_code, url


def test_head_of_an_uploaded_image(client, author, settings):
    (settings.MEDIA_ROOT / "uploads").mkdir(parents=True)
    (settings.MEDIA_ROOT / "uploads" / "x.png").write_bytes(b"\x89PNG")
    assert client.head("/media/uploads/x.png").status_code == 200
