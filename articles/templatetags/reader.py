"""Template helpers of the reader's pages: cover thumbnails, the header's category navigation, numbered pages."""

from django import template
from django.core.paginator import Page

from core import links

from .. import covers, selectors
from ..selectors_engagement import reading_minutes as _reading_minutes

register = template.Library()


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
    """The header's categories: the page's own list when its view has one (`header_categories`: the search page
    reads them anyway, for its filter), else the cached one (`selectors.categories_cached`, forgotten when a
    category changes). One cache read a page at most."""
    found = context.get("header_categories")
    if found is None:
        found = selectors.categories_cached()
    nav = [(c.name, links.slug_link("articles:category", c.slug)) for c in found]
    request = context.get("request")
    return {"nav": nav, "current": request.path if request is not None else ""}
