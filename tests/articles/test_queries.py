"""List and detail pages run a constant number of queries whatever the number of articles, tags and comments."""

import pytest

from tests.articles.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_articles(author, category):
    return [
        ArticleFactory(author=author, category=category, title=f"直播电商案例 {i}", tags=["直播", f"标签{i}", "电商"])
        for i in range(30)
    ]


def test_home_query_count(client, many_articles, django_assert_max_num_queries):
    # the header's categories (then cached), the featured area, the hot list, the sidebar's categories, the page's
    # count, the page (with its read and comment counts), its tags
    with django_assert_max_num_queries(7):
        response = client.get("/")
    assert len(response.context["page"].object_list) == 20


def test_category_query_count(client, many_articles, category, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):  # + the header's categories (then cached)
        response = client.get(f"/category/{category.slug}/")
    assert response.status_code == 200


def test_detail_with_50_comments_query_count(client, article, django_assert_max_num_queries):
    tops = CommentFactory.create_batch(25, article=article)
    for top in tops:
        CommentFactory(article=article, parent=top)
    # + the header's categories (then cached), the author card (one query), the previous and next articles
    with django_assert_max_num_queries(9):
        response = client.get(article.get_absolute_url())
    assert response.content.decode().count('class="comment"') == 50


def test_detail_query_count_for_a_logged_in_reader(client, article, reader, django_assert_max_num_queries):
    CommentFactory.create_batch(50, article=article)
    client.force_login(reader)
    with django_assert_max_num_queries(16):
        client.get(article.get_absolute_url())


@pytest.mark.postgres
def test_search_query_count(client, many_articles, django_assert_max_num_queries):
    # candidates, the page's count, the page, its tags: whatever the number of matches; + the header's categories
    with django_assert_max_num_queries(5):
        response = client.get("/search/", {"q": "直播电商"})
    assert len(response.context["hits"]) == 20


def test_cached_detail_page_for_anonymous_readers(client, article, django_assert_max_num_queries):
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(0):
        response = client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"
    assert article.title in response.content.decode()


def test_logged_in_readers_are_never_served_the_anonymous_copy(client, article, reader):
    client.get(article.get_absolute_url())
    client.force_login(reader)
    response = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert reader.public_name in response.content.decode()


def test_cached_home_page_is_retired_when_an_article_is_published(client, article, django_capture_on_commit_callbacks):
    from articles.cache import page_bump_on_commit
    from articles.models import Article

    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.filter(pk=article.pk).update(title="全新的标题")
        page_bump_on_commit(article.pk)
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "全新的标题" in response.content.decode()


def test_a_cached_page_keeps_the_security_headers(client, article):
    client.get(article.get_absolute_url())
    response = client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_a_plain_http_request_is_not_served_from_the_cache_when_https_is_required(client, article, settings):
    settings.SECURE_SSL_REDIRECT = True  # before the client builds its middleware
    assert client.get(article.get_absolute_url(), secure=True)["X-Page-Cache"] == "miss"
    assert client.get(article.get_absolute_url(), secure=True)["X-Page-Cache"] == "hit"
    response = client.get(article.get_absolute_url())
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
