"""Words and punctuation in the page's language: `{{ codes|joined }}` lists rule codes with 、 in Chinese and ", "
in English; `{{ ip_region|region }}` says an unknown IP属地 in the page's language (a known one is shown as stored)."""

from django import template
from django.utils.translation import gettext

from core import ipregion, messages

register = template.Library()


@register.filter
def joined(codes) -> str:
    return messages.joined(codes)


@register.filter
def region(value) -> str:
    return gettext(ipregion.UNKNOWN) if not value or value == ipregion.UNKNOWN else value
