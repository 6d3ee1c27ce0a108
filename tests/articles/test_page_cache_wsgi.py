"""Page-cache hits answered before Django's handler (`core.pagecache.wsgi_hits`, the WSGI application gunicorn runs):
the same page, headers and hooks as the middleware's hit, and every case that is not a plain hit left to Django."""

import time

import pytest
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from articles import cache as page_cache
from articles import selectors, services
from articles.cache import page_bump_on_commit
from articles.models import Article
from core import pagecache
from tests import services as test_services

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


@pytest.fixture(autouse=True)
def _redis():
    test_services.need("redis")  # pages are kept in the process only while the shared cache is Redis


class Django:
    """The inner application: records that a request reached it, and answers as the real handler does (without
    closing the test's database connection at the end of the request, as Django's test client does not)."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)
        try:
            body = self.handler(environ, start_response)
            content = b"".join(body)
            body.close()
        finally:
            for signal in (request_started, request_finished):
                signal.connect(close_old_connections)
        return [content]


@pytest.fixture
def django_app():
    return Django()


@pytest.fixture
def app(django_app):
    return pagecache.wsgi_hits(django_app)


def _get(app, rf, path: str, **extra) -> tuple[int, dict, bytes]:
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = int(status.split()[0]), dict(headers)

    body = app(rf.get(path, **extra).environ, start_response)
    content = b"".join(body)
    getattr(body, "close", lambda: None)()
    return seen["status"], seen["headers"], content


def test_a_hit_before_django_is_the_page_the_middleware_serves(client, article, rf, app, django_app):
    url = article.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    through_django = client.get(url)
    assert through_django["X-Page-Cache"] == "hit"
    status, headers, content = _get(app, rf, url)
    assert django_app.calls == 0
    assert status == 200
    assert content == through_django.content
    assert headers == dict(through_django.headers)


def test_a_page_not_kept_yet_goes_to_django_and_is_kept_by_it(article, rf, app, django_app):
    url = article.get_absolute_url()
    assert _get(app, rf, url)[1]["X-Page-Cache"] == "miss"
    assert _get(app, rf, url)[1]["X-Page-Cache"] == "hit"
    assert django_app.calls == 1


def test_a_changed_article_goes_to_django_and_its_new_page_is_served(
    client, article, rf, app, django_app, django_capture_on_commit_callbacks
):
    url = article.get_absolute_url()
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.filter(pk=article.pk).update(title="改过以后的标题")
        page_bump_on_commit(article.pk)
    status, headers, content = _get(app, rf, url)
    assert django_app.calls == 1
    assert headers["X-Page-Cache"] == "miss"
    assert "改过以后的标题" in content.decode()
    assert _get(app, rf, url)[1]["X-Page-Cache"] == "hit"
    assert django_app.calls == 1


def test_a_removed_article_is_never_served_before_django(
    client, article, rf, app, django_app, django_capture_on_commit_callbacks
):
    url = article.get_absolute_url()
    client.get(url)
    assert _get(app, rf, url)[1]["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.article_visibility_set(article_id=article.pk, hide=True)
    for _ in range(2):
        status, headers, _content = _get(app, rf, url)
        assert status == 404
        assert "X-Page-Cache" not in headers
    assert django_app.calls == 2


def test_a_page_whose_shared_copy_is_gone_goes_to_django(client, article, rf, app, django_app):
    url = article.get_absolute_url()
    client.get(url)
    key = pagecache._key(rf.get(url))
    caches["default"].delete_many([key, f"{key}:stamp"])
    assert _get(app, rf, url)[1]["X-Page-Cache"] == "miss"
    assert django_app.calls == 1


def test_a_version_whose_cached_copy_expired_goes_to_django(client, article, rf, app, django_app):
    """The database holds the version then: only the middleware reads it (the hit before Django opens no
    database connection), and the page it finds current is a hit."""
    url = article.get_absolute_url()
    client.get(url)
    caches["default"].delete(page_cache.article_version(article.pk))
    assert _get(app, rf, url)[1]["X-Page-Cache"] == "hit"
    assert django_app.calls == 1


@pytest.mark.parametrize(
    "extra",
    [
        {"HTTP_COOKIE": "sessionid=abc"},
        {"HTTP_COOKIE": "messages=abc"},
        {"HTTP_HOST": "evil.example"},
        {"REQUEST_METHOD": "POST"},
    ],
    ids=["session", "messages", "foreign-host", "post"],
)
def test_what_the_cache_never_answers_goes_to_django(client, article, rf, app, django_app, extra):
    url = article.get_absolute_url()
    client.get(url)
    status, headers, _content = _get(app, rf, url, **extra)
    assert django_app.calls == 1
    assert headers.get("X-Page-Cache") != "hit"
    if "HTTP_HOST" in extra:
        assert status == 400


def test_while_the_breaker_is_open_django_answers(client, article, rf, app, django_app):
    url = article.get_absolute_url()
    client.get(url)
    breaker = caches["default"].breaker
    breaker.open_until = time.monotonic() + 60
    try:
        _get(app, rf, url)
    finally:
        breaker.open_until = 0.0
    assert django_app.calls == 1


def test_a_kept_connection_that_redis_closed_is_made_again_without_opening_the_breaker(client, article, rf, app):
    url = article.get_absolute_url()
    client.get(url)
    assert _get(app, rf, url)[1]["X-Page-Cache"] == "hit"  # this thread's connection is made and kept
    backend = caches["default"]
    conn = backend._connection()
    conn.send_command("CLIENT", "ID")
    backend.client.get_client(write=True).client_kill_filter(_id=conn.read_response())  # as a Redis restart does
    assert _get(app, rf, url)[1]["X-Page-Cache"] == "hit"
    assert not backend.breaker.is_open()


def test_a_cached_search_served_before_django_still_counts(client, article, rf, app, django_app):
    page_cache._local_hot.clear()
    try:
        assert client.get("/search/", {"q": "直播电商"})["X-Page-Cache"] == "miss"
        assert _get(app, rf, "/search/", data={"q": "直播电商"})[1]["X-Page-Cache"] == "hit"
        assert django_app.calls == 0
        assert selectors.searches_hot() == ["直播电商"]  # twice: the threshold for the hot list
    finally:
        page_cache._local_hot.clear()
