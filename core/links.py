"""URLs without the cost of reverse() (~40 µs each, and a rendered page asks for dozens): a URL that takes no
argument is reversed once per script prefix and URLconf; one that takes a slug is reversed once with a marker and
the slug joined in (a slug of the `slug` converter's characters is its own URL quoting; any other goes through
reverse(), which refuses it as before)."""

import functools
import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_MARK = "0slug0"


def _where() -> tuple[str, str]:
    return get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF


@functools.lru_cache(maxsize=256)
def _reversed(viewname: str, prefix: str, urlconf: str) -> str:
    return reverse(viewname, urlconf=urlconf)


@functools.lru_cache(maxsize=64)
def _parts(viewname: str, prefix: str, urlconf: str) -> tuple[str, str]:
    before, after = reverse(viewname, args=[_MARK], urlconf=urlconf).split(_MARK, 1)
    return before, after


def link(viewname: str) -> str:
    """reverse(viewname) of a URL without arguments."""
    return _reversed(viewname, *_where())


def slug_link(viewname: str, slug: str) -> str:
    """reverse(viewname, args=[slug]) of a URL whose one argument is a slug."""
    if not _SLUG.fullmatch(slug):
        return reverse(viewname, args=[slug])
    before, after = _parts(viewname, *_where())
    return f"{before}{slug}{after}"
