"""`{% form_token %}`: the hidden one-time token of a form whose POST must take effect once (core.idempotency)."""

from django import template
from django.utils.html import format_html

from ..idempotency import FIELD, token_new

register = template.Library()


@register.simple_tag
def form_token() -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, token_new())
