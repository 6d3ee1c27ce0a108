"""Rate limits on the site's writes, named once here so that every view uses the same rates from settings."""

from collections.abc import Callable

from django.conf import settings
from django_ratelimit.decorators import ratelimit


def limit(name: str, *, key: str = "user_or_ip") -> Callable:
    """Refuse POSTs beyond settings.RATELIMITS[name] per user (or per IP when anonymous) with the 429 page."""
    return ratelimit(group=f"cms.{name}", key=key, rate=settings.RATELIMITS[name], method="POST", block=True)
