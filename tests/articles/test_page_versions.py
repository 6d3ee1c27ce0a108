"""Only what a reader can see retires cached pages, and a bump lost with the cache still takes effect."""

import pytest
from django.core.cache import caches

from articles import services
from articles.cache import article_version, page_bump_on_commit
from articles.models import Article, Comment
from core.models import PageVersion
from core.pagecache import VERSION_TIMEOUT
from moderation.engine import Verdict

pytestmark = pytest.mark.django_db


def _cache_state(client, url: str) -> str:
    return client.get(url)["X-Page-Cache"]


@pytest.fixture
def checks_later(monkeypatch):
    monkeypatch.setattr(services.common, "check_submit", lambda *, target, revision_id=None: None)


def test_a_comment_waiting_for_its_check_retires_no_page(
    client, article, reader, checks_later, django_capture_on_commit_callbacks
):
    url = article.get_absolute_url()
    for page in ("/", url):
        client.get(page)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(article=article, user=reader, body="还在检查", parent_id=None)
    assert Comment.objects.get().status == Comment.Status.CHECKING
    assert _cache_state(client, "/") == "hit"
    assert _cache_state(client, url) == "hit"


def test_a_held_comment_retires_no_page_and_a_visible_one_only_its_article(
    client, article, reader, checks_later, django_capture_on_commit_callbacks
):
    url = article.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        held = services.comment_create(article=article, user=reader, body="被拦下的", parent_id=None)
        shown = services.comment_create(article=article, user=reader, body="通过的评论", parent_id=None)
    for page in ("/", url):
        client.get(page)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_verdict_apply(comment_id=held.pk, verdict=Verdict.HOLD, rule="3.1")
    assert _cache_state(client, url) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_verdict_apply(comment_id=shown.pk, verdict=Verdict.PASS)
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "通过的评论" in response.content.decode()
    assert _cache_state(client, "/") == "hit"  # the lists' comment counts may lag by the page timeout


def test_a_bump_the_cache_never_received_takes_effect_when_its_cached_version_expires(
    client, article, monkeypatch, django_capture_on_commit_callbacks
):
    """Redis was unreachable when the article changed: the bump reached the database only. Once the cache's short
    copy of the version expires, the next reader gets the new page (and not after the page's own 5 minutes)."""
    url = article.get_absolute_url()
    client.get(url)
    assert _cache_state(client, url) == "hit"
    with monkeypatch.context() as outage:
        outage.setattr(caches["default"], "set", lambda *args, **kwargs: None)  # dropped, as in an outage
        with django_capture_on_commit_callbacks(execute=True):
            Article.objects.filter(pk=article.pk).update(title="下线前改过的标题")
            page_bump_on_commit(article.pk)
    assert PageVersion.objects.filter(name=article_version(article.pk)).exists()
    assert _cache_state(client, url) == "hit"  # the cache still trusts its copy for a few seconds
    caches["default"].delete(article_version(article.pk))  # ... until it expires (VERSION_TIMEOUT)
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "下线前改过的标题" in response.content.decode()


def test_the_cache_holds_versions_only_briefly(client, article, monkeypatch, django_capture_on_commit_callbacks):
    """Every copy of a version the cache receives expires after VERSION_TIMEOUT: a copy that an outage kept from
    being replaced cannot outlive it by more."""
    timeouts = []
    backend = caches["default"]
    for method in ("set", "add"):
        real = getattr(backend, method)
        monkeypatch.setattr(
            backend,
            method,
            lambda key, value, timeout=None, _real=real, **kw: (
                timeouts.append((key, timeout)),
                _real(key, value, timeout, **kw),
            )[1],
        )
    client.get(article.get_absolute_url())  # reads: cache.add of what the database holds
    with django_capture_on_commit_callbacks(execute=True):
        page_bump_on_commit(article.pk)  # a bump: cache.set of the new version
    version_writes = [t for key, t in timeouts if "version" in key]
    assert version_writes
    assert set(version_writes) == {VERSION_TIMEOUT}


@pytest.mark.redis
def test_while_redis_is_unreachable_pages_are_cached_in_the_process(
    client, article, django_capture_on_commit_callbacks
):
    """With the cache's breaker open (Redis dead or hung), anonymous pages are kept in this process's memory, so
    readers are not all served freshly rendered pages; a bump still retires them here at once."""
    import time

    from django.conf import settings

    from tests import services as test_services

    test_services.need("redis")
    if "pages_local" not in settings.CACHES:
        pytest.skip("the per-process fallback exists with REDIS_URL only")
    caches["pages_local"].clear()
    breaker = caches["default"].breaker
    url = article.get_absolute_url()
    breaker.open_until = time.monotonic() + 60  # as after a failed call
    try:
        assert _cache_state(client, url) == "miss"
        assert _cache_state(client, url) == "hit"
        with django_capture_on_commit_callbacks(execute=True):
            Article.objects.filter(pk=article.pk).update(title="故障期间改过的标题")
            page_bump_on_commit(article.pk)
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss"
        assert "故障期间改过的标题" in response.content.decode()
    finally:
        breaker.open_until = 0.0


def _retire(article, django_capture_on_commit_callbacks, title: str) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.filter(pk=article.pk).update(title=title)
        page_bump_on_commit(article.pk)


def test_while_another_request_renders_a_retired_page_readers_get_the_previous_one(
    client, article, monkeypatch, django_capture_on_commit_callbacks
):
    url = article.get_absolute_url()
    old_title = article.title
    client.get(url)
    _retire(article, django_capture_on_commit_callbacks, "改过的标题")
    with monkeypatch.context() as rendering:
        rendering.setattr(caches["default"], "add", lambda *args, **kwargs: False)
        response = client.get(url)
        assert response["X-Page-Cache"] == "stale"
        assert old_title in response.content.decode()
    response = client.get(url)  # the lock is free: this request renders the new version
    assert response["X-Page-Cache"] == "miss"
    assert "改过的标题" in response.content.decode()
    assert _cache_state(client, url) == "hit"


def test_the_render_lock_is_released_after_each_render(client, article, django_capture_on_commit_callbacks):
    url = article.get_absolute_url()
    client.get(url)
    for title in ("第一次修改", "第二次修改"):
        _retire(article, django_capture_on_commit_callbacks, title)
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss"  # not "stale": the previous render left no lock behind
        assert title in response.content.decode()


def test_a_removed_page_is_never_served_from_its_previous_copy(
    client, article, monkeypatch, django_capture_on_commit_callbacks
):
    url = article.get_absolute_url()
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        services.article_visibility_set(article_id=article.pk, hide=True)
    assert client.get(url).status_code == 404  # this request held the lock: the previous copy is dropped
    monkeypatch.setattr(caches["default"], "add", lambda *args, **kwargs: False)
    response = client.get(url)
    assert response.status_code == 404
    assert "X-Page-Cache" not in response


@pytest.mark.redis
def test_a_page_kept_in_the_process_is_served_only_while_the_shared_copy_is_the_same(client, article, rf):
    """Each process keeps the pages it served and asks Redis only for their stamp and versions: once the shared
    copy is gone (expired, evicted, cleared), the kept one is not served either."""
    from core import pagecache
    from tests import services as test_services

    test_services.need("redis")
    url = article.get_absolute_url()
    client.get(url)
    assert _cache_state(client, url) == "hit"
    key = pagecache._key(rf.get(url))
    caches["default"].delete_many([key, f"{key}:stamp"])
    assert _cache_state(client, url) == "miss"
    assert _cache_state(client, url) == "hit"
