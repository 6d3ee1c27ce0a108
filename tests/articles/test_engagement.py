"""Readers' engagement: likes, favourites and follows (idempotent, rate-limited), reads counted without a database
write per view and flushed in a batch, the hot list, and the counts reaching the anonymous page cache."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import services
from articles.models import (
    Article,
    ArticleDailyStat,
    ArticleFavorite,
    ArticleLike,
    ArticleStats,
    AuthorFollow,
    ReadingHistory,
)
from articles.services import ArticleError
from tests.articles.factories import ArticleFactory, CategoryFactory
from tests.conftest import clear_cache
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _flush_by_hand(settings):
    """The tests run the flush themselves (one test checks the embedded default's in-process tick)."""
    settings.ENGAGEMENT_INLINE_FLUSH = False


def _post_json(client, url, **data):
    return client.post(url, data, HTTP_ACCEPT="application/json")


def _counts(client, article):
    return json.loads(client.get(f"/articles/{article.pk}/counts/").content)


def test_liking_twice_counts_once_and_unliking_twice_takes_one_back(
    reader, article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.article_like_set(user=reader, article_id=article.pk, on=True) is True
        assert services.article_like_set(user=reader, article_id=article.pk, on=True) is False
    services.engagement_flush()
    assert ArticleLike.objects.filter(article=article).count() == 1
    assert ArticleStats.objects.get(article=article).likes == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.article_like_set(user=reader, article_id=article.pk, on=False) is True
        assert services.article_like_set(user=reader, article_id=article.pk, on=False) is False
    services.engagement_flush()
    assert ArticleStats.objects.get(article=article).likes == 0


def test_an_article_that_is_not_public_cannot_be_liked_or_favourited(reader, author):
    draft = ArticleFactory(author=author, status=Article.Status.DRAFT)
    for action in (services.article_like_set, services.article_favorite_set):
        with pytest.raises(ArticleError) as refused:
            action(user=reader, article_id=draft.pk, on=True)
        assert refused.value.status == 404


def test_following_is_idempotent_and_nobody_follows_themselves(reader, author):
    assert services.author_follow_set(follower=reader, author_id=author.pk, on=True) is True
    assert services.author_follow_set(follower=reader, author_id=author.pk, on=True) is False
    assert AuthorFollow.objects.filter(follower=reader, author=author).count() == 1
    with pytest.raises(ArticleError) as refused:
        services.author_follow_set(follower=reader, author_id=reader.pk, on=True)
    assert refused.value.status == 400


def test_a_read_writes_nothing_to_the_database_until_the_flush(client, article, reader):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/articles/{article.pk}/counts/")
    assert response.status_code == 200
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []
    assert json.loads(response.content)["reads"] == 1  # the buffer's count, on top of the database's 0
    assert not ArticleStats.objects.filter(article=article).exists()

    client.post(f"/articles/{article.pk}/counts/")  # the same device again: not a second reader
    client.force_login(reader)
    other = client.__class__()
    other.force_login(reader)
    other.post(f"/articles/{article.pk}/counts/")
    assert services.engagement_flush() == 1
    assert ArticleStats.objects.get(article=article).reads == 2
    assert ArticleDailyStat.objects.get(article=article, day=timezone.localdate()).reads == 2
    assert ReadingHistory.objects.filter(user=reader, article=article).exists()
    assert _counts(client, article)["reads"] == 2  # the flushed figure, not counted twice


def test_the_cached_article_page_stays_cached_while_counts_and_state_come_from_the_endpoint(
    client, article, reader, django_capture_on_commit_callbacks
):
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"
    client.post(f"/articles/{article.pk}/counts/")
    page = client.get(article.get_absolute_url())
    assert page["X-Page-Cache"] == "hit"
    assert f'data-counts="/articles/{article.pk}/counts/"' in page.content.decode()

    fan = client.__class__()
    fan.force_login(reader)
    with django_capture_on_commit_callbacks(execute=True):
        assert _post_json(fan, f"/articles/{article.pk}/like/", on="1").status_code == 200
    mine = _counts(fan, article)
    assert (mine["liked"], mine["likes"]) == (True, 1)
    # the anonymous copy is still the shared one, and says nothing about this reader
    again = client.get(article.get_absolute_url())
    assert again["X-Page-Cache"] == "hit"
    assert _counts(client, article)["liked"] is False
    assert _counts(client, article)["likes"] == 1


def test_an_anonymous_like_asks_to_log_in(client, article):
    assert _post_json(client, f"/articles/{article.pk}/like/").status_code == 401
    response = client.post(f"/articles/{article.pk}/like/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_toggles_are_rate_limited(client, article, reader, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "engage": "2/m"}
    client.force_login(reader)
    codes = [_post_json(client, f"/articles/{article.pk}/favorite/", on=str(i % 2)).status_code for i in range(3)]
    assert codes == [200, 200, 429]


def test_without_script_a_toggle_returns_to_the_page(client, article, reader):
    client.force_login(reader)
    response = client.post(f"/articles/{article.pk}/favorite/", {"on": "1"})
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url() + "#engagement"
    assert ArticleFavorite.objects.filter(user=reader, article=article).exists()


def test_the_hot_list_ranks_the_last_seven_days_reads_and_likes(client, author, category):
    quiet, read, liked, old = (ArticleFactory(author=author, category=category) for _ in range(4))
    today = timezone.localdate()
    ArticleDailyStat.objects.create(article=read, day=today, reads=50)
    ArticleDailyStat.objects.create(article=liked, day=today - timedelta(days=3), reads=20, likes=4)
    ArticleDailyStat.objects.create(article=old, day=today - timedelta(days=8), reads=999)
    ArticleDailyStat.objects.create(article=quiet, day=today, reads=1)
    assert services.hot_refresh() == [liked.pk, read.pk, quiet.pk]
    assert ArticleStats.objects.filter(hot_score__gt=0, article=old).count() == 0
    hot = client.get("/").context["hot"]
    assert [a.pk for a in hot] == [liked.pk, read.pk, quiet.pk]


def test_a_new_hot_list_retires_the_cached_home_page(client, article, django_capture_on_commit_callbacks):
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    ArticleDailyStat.objects.create(article=article, day=timezone.localdate(), reads=5)
    with django_capture_on_commit_callbacks(execute=True):
        services.hot_refresh()
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert 'class="panel hot-list"' in response.content.decode()


def test_the_embedded_default_flushes_in_process_when_due(client, article, settings):
    from articles.services import engagement

    settings.ENGAGEMENT_INLINE_FLUSH = True
    engagement._next_tick.update(flush=0.0, hot=0.0)
    client.post(f"/articles/{article.pk}/counts/")  # counted, then the due flush runs in this process
    assert ArticleStats.objects.get(article=article).reads == 1


def test_counts_and_toggles_degrade_when_redis_is_down(client, article, reader):
    # a Redis nobody listens on, behind the project's circuit breaker: misses, never a 500
    dead = {
        "default": {
            "BACKEND": "core.cache.BreakerRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    }
    with override_settings(CACHES=dead):
        assert client.get(article.get_absolute_url()).status_code == 200
        response = client.post(f"/articles/{article.pk}/counts/")
        assert response.status_code == 200
        assert json.loads(response.content)["reads"] == 0  # not counted while the buffer is away
        client.force_login(reader)
        assert _post_json(client, f"/articles/{article.pk}/like/", on="1").status_code == 200
        assert ArticleLike.objects.filter(user=reader, article=article).exists()
        assert services.engagement_flush() == 0


def test_readers_pages_list_favourites_follows_and_history(client, reader, author, category):
    kept, followed_new = ArticleFactory(author=author, category=category), ArticleFactory(author=author)
    services.article_favorite_set(user=reader, article_id=kept.pk, on=True)
    services.author_follow_set(follower=reader, author_id=author.pk, on=True)
    ReadingHistory.objects.create(user=reader, article=kept, read_at=timezone.now())
    assert client.get("/me/favorites/").status_code == 302  # logged in only
    client.force_login(reader)
    assert kept.title in client.get("/me/favorites/").content.decode()
    following = client.get("/me/following/")
    assert author.public_name in following.content.decode()
    assert followed_new.title in following.content.decode()
    assert kept.title in client.get("/me/history/").content.decode()


def test_per_category_and_per_author_feeds(client, author, category):
    mine = ArticleFactory(author=author, category=category, title="本栏目的文章")
    other = ArticleFactory(title="别的栏目和作者", category=CategoryFactory(slug="other"))
    by_category = client.get(f"/category/{category.slug}/feed/").content.decode()
    by_author = client.get(f"/authors/{author.username}/feed/").content.decode()
    assert mine.title in by_category
    assert other.title not in by_category
    assert mine.title in by_author
    assert other.title not in by_author
    assert client.get("/authors/nobody/feed/").status_code == 404


def test_the_wechat_qr_code_is_an_svg_drawn_on_the_server(client, article):
    response = client.get(f"/articles/{article.pk}/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    assert b'xmlns="http://www.w3.org/2000/svg"' in response.content  # a file a browser shows as an <img>


def test_the_article_page_shows_the_summary_the_source_once_and_a_badge(client, author, category):
    featured = ArticleFactory(author=author, category=category, featured=True, summary="一句话摘要", source="刘旷")
    ArticleFactory(author=author, category=category, published_at=featured.published_at - timedelta(days=1),
                   title="更早的一篇")  # fmt: skip
    page = client.get(featured.get_absolute_url()).content.decode()
    assert page.count("来源：") == 1
    assert "刘旷" in page
    assert "一句话摘要" in page
    assert f'<h1 class="article-title">{featured.title}</h1>' in page  # the badge is not glued to the title
    assert 'class="featured-tag"' in page
    assert "更早的一篇" in page  # previous in the same category
    assert "service.weibo.com/share" in page


def test_lists_are_numbered_pages(client, author, category):
    for i in range(45):
        ArticleFactory(author=author, category=category, title=f"文章 {i}")
    page = client.get(f"/category/{category.slug}/", {"page": 2}).content.decode()
    assert 'aria-current="page">2</span>' in page
    assert '<a href="?page=3">3</a>' in page
    assert '<a href="?page=1">1</a>' in page


def test_a_stored_cover_gets_its_thumbnails_once(settings):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from articles import covers
    from articles.services.uploads import cover_store

    out = BytesIO()
    Image.new("RGB", (1200, 900), (200, 80, 20)).save(out, format="JPEG")
    name = cover_store(SimpleUploadedFile("c.jpg", out.getvalue(), content_type="image/jpeg"))
    sizes = [Image.open(settings.MEDIA_ROOT / covers.thumb_name(name, w)).size for w in covers.WIDTHS]
    assert sizes == [(320, 200), (640, 400), (960, 600)]
    assert covers.thumbnails_make(name) == []  # already there: nothing made again
    # a cover stored before thumbnails existed gets them from `manage.py covers`
    ArticleFactory(cover=name)
    (settings.MEDIA_ROOT / covers.thumb_name(name, 640)).unlink()
    call_command("covers", stdout=StringIO())
    assert (settings.MEDIA_ROOT / covers.thumb_name(name, 640)).exists()


@pytest.fixture
def grow():
    """Adds `n` more articles with likes, favourites, follows and comments, by several authors."""
    from tests.articles.factories import CommentFactory

    def add(n: int, *, author, category) -> None:
        for i in range(n):
            article = ArticleFactory(author=author, category=category, tags=["直播", f"t{i}"], featured=i % 3 == 0)
            fan = UserFactory()
            services.article_like_set(user=fan, article_id=article.pk, on=True)
            services.article_favorite_set(user=fan, article_id=article.pk, on=True)
            services.author_follow_set(follower=fan, author_id=author.pk, on=True)
            CommentFactory(article=article)
            ArticleDailyStat.objects.create(article=article, day=timezone.localdate(), reads=i + 1)
        services.hot_refresh()

    return add


def _queries(client, url) -> int:
    clear_cache()  # each measure starts cold: the page cache and the header's categories
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_home_article_and_profile_query_counts_do_not_grow_with_rows(client, author, category, reader, grow, who):
    if who == "reader":
        client.force_login(reader)
    grow(5, author=author, category=category)
    article = Article.objects.filter(category=category).order_by("published_at")[2]
    urls = ["/", article.get_absolute_url(), f"/authors/{author.username}/"]
    before = [_queries(client, url) for url in urls]
    grow(25, author=author, category=category)
    after = [_queries(client, url) for url in urls]
    assert after == before
    # With the page-cache versions read on a cold cache, the comment threads' count and (logged in) the e-mail check.
    limits = [8, 12, 7] if who == "anonymous" else [13, 20, 13]
    assert all(n <= limit for n, limit in zip(after, limits, strict=True)), after


def test_the_counts_endpoint_reads_little_and_caches_the_database_figures(
    client, article, reader, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):  # the article, its stats row, its visible comments
        client.post(f"/articles/{article.pk}/counts/")
    with django_assert_max_num_queries(1):  # the article; the figures come from the cache now
        client.get(f"/articles/{article.pk}/counts/")
    client.force_login(reader)
    with django_assert_max_num_queries(5):  # + the session, the user, their like/favourite, their follow
        client.get(f"/articles/{article.pk}/counts/")
