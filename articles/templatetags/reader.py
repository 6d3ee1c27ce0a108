"""Template helpers of the reader's pages: cover thumbnails, the header's category navigation, numbered pages."""

from django import template
from django.core.cache import cache
from django.core.paginator import Page

from .. import covers, selectors
from ..selectors_engagement import reading_minutes as _reading_minutes

register = template.Library()

NAV_KEY = "articles:nav-categories"
# Categories change rarely and only in the admin: a header that shows a new one five minutes late is fine, and
# every page saves the query.
NAV_SECONDS = 300


@register.filter
def cover_srcset(cover) -> str:
    """The `srcset` of a cover's thumbnails (articles/covers.py); "" without a cover."""
    return covers.srcset(cover.name) if cover else ""


@register.filter
def cover_thumb(cover, width: int = 640) -> str:
    return covers.thumb_url(cover.name, int(width)) if cover else ""


@register.filter
def reading_minutes(article) -> int:
    return _reading_minutes(article)


@register.filter
def page_numbers(page: Page) -> list:
    """The page numbers to link, with `Paginator.ELLIPSIS` where a run is left out: 1 … 4 5 [6] 7 8 … 20."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.inclusion_tag("articles/_category_nav.html", takes_context=True)
def category_nav(context) -> dict:
    nav = cache.get(NAV_KEY)
    if nav is None:
        nav = [(c.name, c.get_absolute_url()) for c in selectors.categories()]
        cache.set(NAV_KEY, nav, NAV_SECONDS)
    request = context.get("request")
    return {"nav": nav, "current": request.path if request is not None else ""}
