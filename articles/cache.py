"""The anonymous article page cache: one version key per article; bumping it orphans every cached copy at once."""

import secrets

from django.core.cache import cache
from django.db import transaction

PAGE_TIMEOUT = 300


def _version_key(article_id: int) -> str:
    return f"articles:page-version:{article_id}"


def page_key(article_id: int) -> str:
    version = cache.get(_version_key(article_id))
    if version is None:
        cache.add(_version_key(article_id), secrets.token_hex(6), None)
        version = cache.get(_version_key(article_id), "0")
    return f"articles:page:{article_id}:{version}"


def page_bump(article_id: int) -> None:
    cache.set(_version_key(article_id), secrets.token_hex(6), None)


def page_bump_on_commit(article_id: int) -> None:
    """Bump after commit: bumping earlier would let a concurrent reader cache the old state under the new version."""
    transaction.on_commit(lambda: page_bump(article_id))
