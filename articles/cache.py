"""Version keys for the anonymous page cache (core/pagecache.py).

Each article has a version; the article lists (home, categories, tags, authors) share one. Every service that
changes what a reader sees of an article bumps both, after commit; bumping a version retires every cached page
that showed the old state. Only a change a reader can see bumps: a comment waiting for its check, a held edit or a
rejected one retire nothing. A comment that becomes visible (or is removed) retires its article's page but not the
lists: their comment counts may lag by the page timeout (5 minutes), which keeps the home page cached while
readers comment.
"""

from django.core.cache import cache
from django.db import transaction

from core import pagecache

LIST_VERSION = "articles:list-version"
# The page-cache hook that counts a cached search page's query on every hit (registered in ArticlesConfig.ready).
SEARCH_HIT = "articles.search"
# An empty search page shows the hot searches: cached briefly so that the list moves with what readers search.
SEARCH_EMPTY_TIMEOUT = 60


def article_version(article_id: int) -> str:
    return f"articles:page-version:{article_id}"


def page_bump(article_id: int) -> None:
    pagecache.version_bump(article_version(article_id))
    pagecache.version_bump(LIST_VERSION)


def comment_page_bump_on_commit(article_id: int) -> None:
    """A visible comment appeared or went: the article's page changes, the lists keep their cached pages."""
    transaction.on_commit(lambda: pagecache.version_bump(article_version(article_id)))


def page_bump_on_commit(article_id: int) -> None:
    """Bump after commit: bumping earlier would let a concurrent reader cache the old state under the new version."""
    transaction.on_commit(lambda: page_bump(article_id))


# --- Hot searches ---------------------------------------------------------------------------------------------
# Counted in Redis, never in the database: one ZINCRBY per search into a sorted set per day (kept 8 days), read as
# the sum of the last HOT_DAYS days. Without Redis (the embedded default, one process) a dict in the process.
HOT_DAYS = 7
_local_hot: dict[str, dict[str, float]] = {}


def hot_key(day: str) -> str:
    return cache.make_key(f"articles:hot-searches:{day}")


def hot_redis():
    """The raw Redis client behind the cache, or None (no Redis, or its circuit breaker is open). Calls on it go
    through `cache.guarded` (core/cache.py), so a failure opens the breaker."""
    client = getattr(cache, "client", None)
    breaker = getattr(cache, "breaker", None)
    if client is None or not hasattr(client, "get_client") or breaker is None or breaker.is_open():
        return None
    return client.get_client(write=True)


def hot_local(day: str) -> dict[str, float]:
    if day not in _local_hot:
        for old in sorted(_local_hot)[: max(0, len(_local_hot) - HOT_DAYS)]:
            del _local_hot[old]
        _local_hot[day] = {}
    return _local_hot[day]
