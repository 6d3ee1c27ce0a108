"""Version keys for the anonymous page cache (core/pagecache.py).

Each article has a version; the article lists (home, categories, tags, authors) share one. Every service that
changes what a reader sees of an article bumps both, after commit; bumping a version retires every cached page
that showed the old state.
"""

from django.db import transaction

from core import pagecache

LIST_VERSION = "articles:list-version"


def article_version(article_id: int) -> str:
    return f"articles:page-version:{article_id}"


def page_bump(article_id: int) -> None:
    pagecache.version_bump(article_version(article_id))
    pagecache.version_bump(LIST_VERSION)


def page_bump_on_commit(article_id: int) -> None:
    """Bump after commit: bumping earlier would let a concurrent reader cache the old state under the new version."""
    transaction.on_commit(lambda: page_bump(article_id))
