"""Rate limits on the site's writes, all named in settings.RATELIMITS so that every view and service uses one table.

Views use the `limit` decorator (django-ratelimit, counted in the cache with an atomic INCR); a service that must
count durably (reports, counted in the database) checks with `within_rate`, which counts under a row lock in the
transaction that will insert, so that parallel requests cannot all count before any of them inserts.

Trusted accounts (trust level 2, asked through `settings.RATELIMIT_TRUST_LEVEL_CALLABLE`, which accounts provides:
core imports no app) get `settings.RATELIMITS_TRUSTED[name]` where the table has one. The rate is chosen per
request, so settings changed at run time (and in tests) apply.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone
from django.utils.module_loading import import_string
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _group(name: str) -> str:
    return f"cms.{name}"


TRUSTED_LEVEL = 2


def _trusted(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    path = getattr(settings, "RATELIMIT_TRUST_LEVEL_CALLABLE", "")
    return bool(path) and import_string(path)(user) >= TRUSTED_LEVEL


def _rate_of(name: str) -> Callable[[str, HttpRequest], str]:
    """django-ratelimit's callable rate: the trusted rate for a TL2 account where there is one, else the table's."""

    def chosen(group: str, request: HttpRequest) -> str:
        trusted = getattr(settings, "RATELIMITS_TRUSTED", {}).get(name)
        if trusted and _trusted(request):
            return trusted
        return settings.RATELIMITS[name]

    return chosen


def limit(name: str, *, key: str = "user_or_ip") -> Callable:
    """Refuse POSTs beyond settings.RATELIMITS[name] per user (or per IP when anonymous) with the 429 page."""
    return ratelimit(group=_group(name), key=key, rate=_rate_of(name), method="POST", block=True)


def limited(request: HttpRequest, name: str, *, key: str = "user_or_ip") -> bool:
    """Count this POST against settings.RATELIMITS[name] and say whether it is over: the same counter as
    `limit(name)`, for a view that must answer the refusal itself (e.g. keep the typed text)."""
    return is_ratelimited(request, group=_group(name), key=key, rate=_rate_of(name), method="POST", increment=True)


def rate(name: str) -> tuple[int, int]:
    """settings.RATELIMITS[name] as (count, seconds): "20/h" is (20, 3600)."""
    count, period = settings.RATELIMITS[name].split("/")
    return int(count), _PERIODS[period[-1]] * int(period[:-1] or 1)


def within_rate(name: str, *, owner: Model, count_since: Callable[[datetime], int]) -> tuple[bool, int]:
    """Whether `owner` may write once more under settings.RATELIMITS[name], and that limit's count.

    Call inside the transaction that inserts. The owner's row is locked first (SELECT … FOR UPDATE), so writes by
    one owner are serialised: the next request counts only after this one has committed its row (or rolled back).
    `count_since(moment)` counts the owner's writes since `moment`."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("within_rate must run inside the transaction that inserts")
    owner._meta.model._default_manager.select_for_update().filter(pk=owner.pk).values_list("pk", flat=True).first()
    allowed, seconds = rate(name)
    return count_since(timezone.now() - timedelta(seconds=seconds)) < allowed, allowed
