"""Rate limits on the site's writes, all named in settings.RATELIMITS so that every view and service uses one table.

Views use the `limit` decorator (django-ratelimit, counted in the cache); a service that must count durably
(reports, counted in the database) reads its rate with `rate`.
"""

from collections.abc import Callable

from django.conf import settings
from django_ratelimit.decorators import ratelimit

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def limit(name: str, *, key: str = "user_or_ip") -> Callable:
    """Refuse POSTs beyond settings.RATELIMITS[name] per user (or per IP when anonymous) with the 429 page."""
    return ratelimit(group=f"cms.{name}", key=key, rate=settings.RATELIMITS[name], method="POST", block=True)


def rate(name: str) -> tuple[int, int]:
    """settings.RATELIMITS[name] as (count, seconds): "20/h" is (20, 3600)."""
    count, period = settings.RATELIMITS[name].split("/")
    return int(count), _PERIODS[period[-1]] * int(period[:-1] or 1)
