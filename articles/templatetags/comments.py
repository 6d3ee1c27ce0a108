"""Rendering a comment's plain text: escaped, with its @mentions linked to the accounts they named."""

import re

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def comment_text(comment) -> SafeString:
    """The body escaped; each @name that named an account when written (`comment.mentions`) becomes a link."""
    text = escape(comment.body)
    names = set(comment.mentions or ())
    if not names:
        return mark_safe(text)  # escaped above

    def link(match: re.Match) -> str:
        name = match.group(1).rstrip(".")
        if name not in names:
            return match.group(0)
        url = reverse("articles:author", args=[name])
        rest = match.group(1)[len(name) :]
        return f'<a class="mention" href="{escape(url)}">@{escape(name)}</a>{rest}'

    # Names hold only [\w.+-], which escape() leaves alone, so matching the escaped text finds the same names.
    return mark_safe(re.sub(r"(?<![\w@])@([\w.+-]{1,150})", link, text))
