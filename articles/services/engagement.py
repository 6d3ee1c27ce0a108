"""Readers' engagement: reads, likes, favourites (收藏), follows, and the periodic work that turns buffered counts
into rows (the flush) and rows into the 7-day hot list.

A view never writes a count: `article_read_record` and the like/favourite services add to the buffer in
`core.counters` (Redis, or this process), and `engagement_flush` (beat every minute; in the embedded default,
`engagement_tick` runs it in-process) applies the sums in a handful of statements. Likes, favourites and follows
are rows (one per reader and target), so the toggles are idempotent; only their *counts* are buffered.
"""

import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Sum, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core import counters, pagecache
from core.tasks import enqueue

from ..cache import LIST_VERSION
from ..models import Article, ArticleDailyStat, ArticleFavorite, ArticleLike, ArticleStats, AuthorFollow, ReadingHistory
from .common import ArticleError, S

# Buffer names in core.counters: fields "<article>:reads|likes|favorites" (deltas); "<user>:<article>" → epoch.
COUNTS = "article-counts"
HISTORY = "reading-history"
KINDS = ("reads", "likes", "favorites")
# One read per device (or address) and article in this window: a reload is not a second reader.
READ_DEDUP_SECONDS = 30 * 60
HOT_DAYS = 7
HOT_KEEP = 50
HOT_SHOWN = 10
# A like or favourite says more than a read: weighted so that a well-liked piece outranks a merely clicked one.
LIKE_WEIGHT = 10
FAVORITE_WEIGHT = 10
FLUSH_LOCK = "articles:engagement-flush-lock"
HOT_IDS = "articles:hot-ids"


def counts_key(article_id: int) -> str:
    """The cache key of an article's counts as the database holds them (selectors), dropped by every flush."""
    return f"articles:counts:{article_id}"


def _published(article_id: int) -> Article:
    article = Article.objects.filter(pk=article_id, status=S.PUBLISHED).only("pk", "author_id").first()
    if article is None:
        raise ArticleError(_("文章不存在或已被移除。"), status=404)
    return article


def article_read_record(*, article_id: int, viewer: str, user_id: int | None = None) -> bool:
    """Count one read of a published article by `viewer` (a device id or an address), at most once per
    READ_DEDUP_SECONDS, and remember it in a logged-in reader's history. No database write; True when counted.
    Caller has checked the article is published. While the cache is unreachable nothing is counted."""
    if not cache.add(f"articles:seen:{article_id}:{viewer[:64]}", 1, READ_DEDUP_SECONDS):
        return False
    buffer = counters.store()
    buffer.add(COUNTS, {f"{article_id}:reads": 1})
    if user_id is not None:
        buffer.put(HISTORY, {f"{user_id}:{article_id}": str(int(time.time()))})
    return True


def _count_on_commit(article_id: int, kind: str, delta: int) -> None:
    transaction.on_commit(lambda: counters.store().add(COUNTS, {f"{article_id}:{kind}": delta}))


@transaction.atomic
def article_like_set(*, user: User, article_id: int, on: bool) -> bool:
    """Like (on) or un-like a published article; repeating either changes nothing. Returns whether it changed."""
    article = _published(article_id)
    if on:
        changed = ArticleLike.objects.get_or_create(user=user, article=article)[1]
    else:
        changed = ArticleLike.objects.filter(user=user, article=article).delete()[0] > 0
    if changed:
        _count_on_commit(article.pk, "likes", 1 if on else -1)
    return changed


@transaction.atomic
def article_favorite_set(*, user: User, article_id: int, on: bool) -> bool:
    """Add a published article to the reader's favourites (收藏) or take it out; idempotent. Returns whether it
    changed. Taking out works for an article no longer public, so a reader can tidy their list."""
    if on:
        article = _published(article_id)
        changed = ArticleFavorite.objects.get_or_create(user=user, article=article)[1]
    else:
        changed = ArticleFavorite.objects.filter(user=user, article_id=article_id).delete()[0] > 0
    if changed:
        _count_on_commit(article_id, "favorites", 1 if on else -1)
    return changed


@transaction.atomic
def author_follow_set(*, follower: User, author_id: int, on: bool) -> bool:
    """Follow (on) or unfollow an author; idempotent. Returns whether it changed."""
    if author_id == follower.pk:
        raise ArticleError(_("不能关注自己。"))
    if on:
        if not User.objects.filter(pk=author_id, is_active=True).exists():
            raise ArticleError(_("作者不存在。"), status=404)
        changed = AuthorFollow.objects.get_or_create(follower=follower, author_id=author_id)[1]
        return changed
    return AuthorFollow.objects.filter(follower=follower, author_id=author_id).delete()[0] > 0


def _parse_counts(raw: dict[str, str]) -> dict[int, dict[str, int]]:
    sums: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(KINDS, 0))
    for field, value in raw.items():
        article, _sep, kind = field.partition(":")
        if article.isdigit() and kind in KINDS:
            sums[int(article)][kind] += int(value)
    return sums


def _case(deltas: dict[int, int], key: str = "pk") -> Case:
    return Case(
        *(When(**{key: k}, then=Value(d)) for k, d in deltas.items()), default=Value(0), output_field=IntegerField()
    )


def engagement_flush() -> int:
    """Apply the buffered counts and reading history to the database; returns how many articles changed.

    One flush at a time (a cache lock). A failure before commit leaves the drained sums in the buffer's
    `draining` slot for the next flush; counts are approximate by design (core/counters.py).
    """
    if not cache.add(FLUSH_LOCK, 1, 55):
        return 0
    try:
        buffer = counters.store()
        sums = _parse_counts(buffer.drain(COUNTS))
        history = buffer.drain(HISTORY)
        with transaction.atomic():
            ids = set(Article.objects.filter(pk__in=list(sums)).values_list("pk", flat=True))
            sums = {pk: s for pk, s in sums.items() if pk in ids}
            if sums:
                _apply(sums)
            _history_apply(history)
        buffer.done(COUNTS)
        buffer.done(HISTORY)
        cache.delete_many([counts_key(pk) for pk in sums])
        return len(sums)
    finally:
        cache.delete(FLUSH_LOCK)


def _apply(sums: dict[int, dict[str, int]]) -> None:
    ArticleStats.objects.bulk_create([ArticleStats(article_id=pk) for pk in sums], ignore_conflicts=True)
    ArticleStats.objects.filter(pk__in=list(sums)).update(
        **{kind: Greatest(F(kind) + _case({pk: s[kind] for pk, s in sums.items()}), Value(0)) for kind in KINDS}
    )
    today = timezone.localdate()
    ArticleDailyStat.objects.bulk_create(
        [ArticleDailyStat(article_id=pk, day=today) for pk in sums], ignore_conflicts=True
    )
    ArticleDailyStat.objects.filter(day=today, article_id__in=list(sums)).update(
        **{kind: F(kind) + _case({pk: s[kind] for pk, s in sums.items()}, "article_id") for kind in KINDS}
    )


def _history_apply(raw: dict[str, str]) -> None:
    rows = []
    for field, stamp in raw.items():
        user, _sep, article = field.partition(":")
        if user.isdigit() and article.isdigit() and stamp.isdigit():
            read_at = datetime.fromtimestamp(int(stamp), tz=UTC)
            rows.append(ReadingHistory(user_id=int(user), article_id=int(article), read_at=read_at))
    if not rows:
        return
    known_users = set(User.objects.filter(pk__in={r.user_id for r in rows}).values_list("pk", flat=True))
    known_articles = set(Article.objects.filter(pk__in={r.article_id for r in rows}).values_list("pk", flat=True))
    rows = [r for r in rows if r.user_id in known_users and r.article_id in known_articles]
    ReadingHistory.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["user", "article"], update_fields=["read_at"]
    )


def hot_refresh() -> list[int]:
    """Score the published articles by their last HOT_DAYS days (reads + weighted likes and favourites), keep the
    best HOT_KEEP in `ArticleStats.hot_score` (0 for every other), and recount their likes and favourites from
    the rows (mending any count lost while the buffer was unreachable). Bumps the list pages' version when the
    list shown changed. Returns the ids in hot order."""
    since = timezone.localdate() - timedelta(days=HOT_DAYS - 1)
    window = (
        ArticleDailyStat.objects.filter(day__gte=since, article__status=S.PUBLISHED)
        .values("article_id")
        .annotate(r=Sum("reads"), lk=Sum("likes"), fv=Sum("favorites"))
    )
    scores = {row["article_id"]: row["r"] + LIKE_WEIGHT * row["lk"] + FAVORITE_WEIGHT * row["fv"] for row in window}
    top = sorted((pk for pk, s in scores.items() if s > 0), key=lambda pk: (-scores[pk], -pk))[:HOT_KEEP]
    with transaction.atomic():
        ArticleStats.objects.filter(hot_score__gt=0).exclude(pk__in=top).update(hot_score=0)
        if top:
            ArticleStats.objects.bulk_create([ArticleStats(article_id=pk) for pk in top], ignore_conflicts=True)
            ArticleStats.objects.filter(pk__in=top).update(
                hot_score=Case(*(When(pk=pk, then=Value(float(scores[pk]))) for pk in top), default=Value(0.0))
            )
            _recount(list(scores))
    shown = top[:HOT_SHOWN]
    if cache.get(HOT_IDS) != shown:
        cache.set(HOT_IDS, shown, None)
        transaction.on_commit(lambda: pagecache.version_bump(LIST_VERSION))
    return top


def _recount(ids: list[int]) -> None:
    for model, kind in ((ArticleLike, "likes"), (ArticleFavorite, "favorites")):
        exact = dict(model.objects.filter(article_id__in=ids).values_list("article_id").annotate(n=Count("id")))
        ArticleStats.objects.filter(pk__in=ids).update(**{kind: _case({pk: exact.get(pk, 0) for pk in ids})})


_next_tick = {"flush": 0.0, "hot": 0.0}


def engagement_tick() -> None:
    """The embedded default has no beat: run the periodic tasks from a request once they are due (in-process,
    since tasks run eagerly there). With a broker and beat (ENGAGEMENT_INLINE_FLUSH off) this does nothing."""
    if not settings.ENGAGEMENT_INLINE_FLUSH:
        return
    now = time.monotonic()
    if now >= _next_tick["flush"]:
        _next_tick["flush"] = now + settings.ENGAGEMENT_FLUSH_SECONDS
        enqueue("articles.tasks.engagement_flush")
    if now >= _next_tick["hot"]:
        _next_tick["hot"] = now + settings.ENGAGEMENT_HOT_SECONDS
        enqueue("articles.tasks.hot_refresh")


__all__ = [
    "COUNTS",
    "article_favorite_set",
    "article_like_set",
    "article_read_record",
    "author_follow_set",
    "counts_key",
    "engagement_flush",
    "engagement_tick",
    "hot_refresh",
]
