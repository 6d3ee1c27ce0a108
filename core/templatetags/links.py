"""`{% link "app:name" %}` and `{% link "app:name" slug %}`: `{% url %}` for a URL without arguments or with one
slug-like argument, without a reverse() each time (core.links)."""

from django import template

from .. import links

register = template.Library()


@register.simple_tag
def link(viewname: str, slug: str | None = None) -> str:
    return links.link(viewname) if slug is None else links.slug_link(viewname, str(slug))
