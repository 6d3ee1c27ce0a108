"""Recording what readers search for, for the hot searches shown on an empty search page. No database write per
search: a counter in Redis (articles.cache), or in the process without it. Losing counts to a Redis outage is
acceptable for a list of suggestions."""

import logging

from django.utils import timezone

from .. import cache as page_cache

logger = logging.getLogger(__name__)
HOT_QUERY_MAX = 20  # characters: longer queries are sentences, not searches worth suggesting
HOT_TTL = 8 * 86400


def search_record(*, query: str) -> None:
    """Count one search for `query` (already known to find something) today."""
    query = " ".join((query or "").split()).lower()
    if not query or len(query) > HOT_QUERY_MAX:
        return
    day = timezone.localdate().isoformat()
    redis = page_cache.hot_redis()
    if redis is None:
        counts = page_cache.hot_local(day)
        counts[query] = counts.get(query, 0) + 1
        return
    key = page_cache.hot_key(day)

    def count() -> None:
        pipe = redis.pipeline(transaction=False)
        pipe.zincrby(key, 1, query)
        pipe.expire(key, HOT_TTL)
        pipe.execute()

    # Behind the cache's circuit breaker: Redis failing opens it (one log line) and the searches after it skip
    # Redis for its cooldown instead of each waiting for a socket timeout.
    try:
        page_cache.cache.guarded(count, lambda: None)
    except Exception as error:  # anything else Redis answers: a lost count never fails a search
        logger.warning("could not record a search (%s: %s)", type(error).__name__, error)
