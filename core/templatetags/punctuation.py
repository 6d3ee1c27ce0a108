"""`{% colon %}`: the colon after a label in the page's language, full width in Chinese (状态：), half width and a
space in English (Status: ). A built-in (cms.settings TEMPLATES), so templates need no {% load %}."""

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def colon() -> str:
    return "：" if (get_language() or "zh-hans").startswith("zh") else ": "
