"""Rate limits on the site's writes, all named in settings.RATELIMITS so that every view and service uses one table.

Views use the `limit` decorator (django-ratelimit, counted in the cache); a service that must count durably
(reports, counted in the database) reads its rate with `rate`.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _group(name: str) -> str:
    return f"cms.{name}"


def limit(name: str, *, key: str = "user_or_ip") -> Callable:
    """Refuse POSTs beyond settings.RATELIMITS[name] per user (or per IP when anonymous) with the 429 page."""
    return ratelimit(group=_group(name), key=key, rate=settings.RATELIMITS[name], method="POST", block=True)


def limited(request: HttpRequest, name: str, *, key: str = "user_or_ip") -> bool:
    """Count this POST against settings.RATELIMITS[name] and say whether it is over: the same counter as
    `limit(name)`, for a view that must answer the refusal itself (e.g. keep the typed text)."""
    return is_ratelimited(
        request, group=_group(name), key=key, rate=settings.RATELIMITS[name], method="POST", increment=True
    )


def rate(name: str) -> tuple[int, int]:
    """settings.RATELIMITS[name] as (count, seconds): "20/h" is (20, 3600)."""
    count, period = settings.RATELIMITS[name].split("/")
    return int(count), _PERIODS[period[-1]] * int(period[:-1] or 1)
