"""Issue 12 (load): anonymous search pages come from the page cache like the other anonymous pages, while the hot
searches still count every search, cached or not, and a publication retires the cached results."""

import pytest

from articles import cache as page_cache
from articles import selectors, services
from articles.models import Article, ArticleRevision
from moderation.engine import Verdict
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hot_counts_empty():
    page_cache._local_hot.clear()
    yield
    page_cache._local_hot.clear()


def test_a_cached_search_still_counts_for_the_hot_searches(client, article, hot_counts_empty):
    # given a search page rendered once (and counted once)
    assert client.get("/search/", {"q": "直播电商"})["X-Page-Cache"] == "miss"
    # when a second reader is served the cached copy
    assert client.get("/search/", {"q": "直播电商"})["X-Page-Cache"] == "hit"
    # then both searches count: twice is the threshold for the hot list
    assert selectors.searches_hot() == ["直播电商"]


def test_a_cached_search_that_found_nothing_counts_nothing(client, article, hot_counts_empty):
    for _ in range(3):
        client.get("/search/", {"q": "区块链"})
    assert client.get("/search/", {"q": "区块链"})["X-Page-Cache"] == "hit"
    assert selectors.searches_hot() == []


def test_a_newly_published_article_appears_in_cached_results(
    client, article, author, category, django_capture_on_commit_callbacks
):
    # given cached results for a query
    client.get("/search/", {"q": "直播电商"})
    assert client.get("/search/", {"q": "直播电商"})["X-Page-Cache"] == "hit"
    # when a new matching article passes its check and is published
    fresh = ArticleFactory(author=author, category=category, title="直播电商的新打法", status=Article.Status.CHECKING)
    revision = fresh.revisions.get()
    ArticleRevision.objects.filter(pk=revision.pk).update(status=ArticleRevision.Status.CHECKING)
    Article.objects.filter(pk=fresh.pk).update(pending_revision=revision)
    with django_capture_on_commit_callbacks(execute=True):
        services.article_verdict_apply(article_id=fresh.pk, revision_id=revision.pk, verdict=Verdict.PASS)
    # then the next reader gets freshly rendered results that include it
    response = client.get("/search/", {"q": "直播电商"})
    assert response["X-Page-Cache"] == "miss"
    assert fresh.get_absolute_url() in response.content.decode()


def test_a_logged_in_readers_search_is_never_cached(client, article, reader):
    client.get("/search/", {"q": "直播电商"})  # an anonymous copy exists
    client.force_login(reader)
    for _ in range(2):
        response = client.get("/search/", {"q": "直播电商"})
        assert "X-Page-Cache" not in response
        assert reader.public_name in response.content.decode()


def test_a_search_count_redis_does_not_answer_opens_the_cache_breaker_once(monkeypatch, caplog):
    """A hung Redis must not cost every cached search a socket timeout and a traceback: the first failure opens
    the cache's circuit breaker (one line), and the searches after it skip Redis without waiting."""
    from redis.exceptions import TimeoutError as RedisTimeoutError

    from core.cache import BreakerRedisCache, _Breaker

    calls = []

    class HungPipeline:
        def zincrby(self, *args):
            pass

        def expire(self, *args):
            pass

        def execute(self):
            calls.append("execute")
            raise RedisTimeoutError("Timeout reading from socket")

    class HungRedis:
        def pipeline(self, transaction=False):
            return HungPipeline()

    class BreakerCache:
        breaker = _Breaker()
        cooldown = 10.0
        guarded = BreakerRedisCache.guarded

        def make_key(self, key):
            return key

        client = type("Client", (), {"get_client": lambda self, write=True: HungRedis()})()

    monkeypatch.setattr(page_cache, "cache", BreakerCache())
    with caplog.at_level("WARNING"):
        for _ in range(5):
            services.search_record(query="直播电商")
    assert calls == ["execute"]  # the four after the first skipped Redis
    assert BreakerCache.breaker.is_open()
    assert [r.exc_info for r in caplog.records] == [None]  # one line, no traceback
