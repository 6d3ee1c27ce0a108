"""List and detail pages run a constant number of queries whatever the number of articles, tags and comments."""

import pytest

from tests.articles.factories import ArticleFactory, CommentFactory
from tests.conftest import clear_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_articles(author, category):
    return [
        ArticleFactory(author=author, category=category, title=f"直播电商案例 {i}", tags=["直播", f"标签{i}", "电商"])
        for i in range(30)
    ]


# Each first render below includes one query for the page's cache versions (core.pagecache), read from the
# database when the cache does not hold them yet; in steady state the cache holds them for VERSION_TIMEOUT seconds.


def test_home_query_count(client, many_articles, django_assert_max_num_queries):
    # the header's categories (then cached), the featured area, the hot list, the sidebar's categories, the page's
    # count, the page (with its read and comment counts), its tags; + the page-cache versions
    with django_assert_max_num_queries(8):
        response = client.get("/")
    assert len(response.context["page"].object_list) == 20


def test_category_query_count(client, many_articles, category, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):  # + the header's categories (then cached), + the page-cache versions
        response = client.get(f"/category/{category.slug}/")
    assert response.status_code == 200


def test_detail_with_50_comments_query_count(client, article, django_assert_max_num_queries):
    tops = CommentFactory.create_batch(20, article=article)
    for top in tops:
        CommentFactory(article=article, parent=top, root=top, depth=1)
    # + the header's categories (then cached), the author card (one query), the previous and next articles, the
    # threads' count for the comment pages
    with django_assert_max_num_queries(11):
        response = client.get(article.get_absolute_url())
    assert response.content.decode().count('class="comment depth-') == 40


def _thread(article, top, depth: int):
    """A chain of replies `depth` levels below `top`."""
    parent = top
    for level in range(1, depth + 1):
        parent = CommentFactory(article=article, parent=parent, root=top, depth=level)


def _detail_queries(client, article, django_assert_num_queries, n: int) -> None:
    clear_cache()
    with django_assert_num_queries(n):
        client.get(article.get_absolute_url(), {"cpage": 2, "csort": "liked"})


@pytest.mark.parametrize("logged_in", [False, True])
def test_detail_query_count_stays_constant_as_threads_grow(
    client, article, reader, logged_in, django_assert_num_queries
):
    # given a page of threads, then four times as many threads, each four levels deep and liked
    if logged_in:
        client.force_login(reader)
    tops = CommentFactory.create_batch(25, article=article)
    _thread(article, tops[0], 4)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clear_cache()
    with CaptureQueriesContext(connection) as small:
        client.get(article.get_absolute_url(), {"cpage": 2, "csort": "liked"})
    for top in CommentFactory.create_batch(75, article=article, like_count=3):
        _thread(article, top, 4)
    # then the same page costs exactly as many queries
    _detail_queries(client, article, django_assert_num_queries, len(small.captured_queries))


def test_detail_query_count_for_a_logged_in_reader(client, article, reader, django_assert_max_num_queries):
    CommentFactory.create_batch(50, article=article)
    client.force_login(reader)
    # includes whether the reader's e-mail is verified (accounts.policy, asked once per request) and the
    # reader's engagement state
    with django_assert_max_num_queries(19):
        client.get(article.get_absolute_url())


@pytest.mark.postgres
@pytest.mark.parametrize("more", [0, 40])
def test_search_query_count(client, many_articles, author, category, more, django_assert_num_queries):
    # the page-cache versions, the categories (the filter's choices, the chosen one and the header's navigation,
    # then cached), the search (the walk over the newest articles and, fewer than 100 matches, the index: one
    # statement), the page, matching authors and tags (one statement): whatever the number of matches
    from articles.selectors import search_stats

    for i in range(more):
        ArticleFactory(author=author, category=category, title=f"直播电商复盘 {i}", tags=[f"复盘{i}"])
    # The lexeme statistics are read once per process every ten minutes (selectors.search_stats.lexeme_stats), not per
    # request: read before counting, as a running site has them.
    search_stats.lexeme_stats()
    with django_assert_num_queries(5):
        response = client.get("/search/", {"q": "直播电商", "category": category.slug, "sort": "newest"})
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
