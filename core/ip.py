"""The client's IP address, resolved once per request for the lockout (axes), the rate limits and the sign-up IP.

Behind `PROXY_COUNT` trusted proxies (load balancers that each append the address they received from to
X-Forwarded-For), the client is the PROXY_COUNT-th address from the right: everything to its left was sent by the
client and may be forged. With no proxy configured, only REMOTE_ADDR counts and X-Forwarded-For is ignored.

Written here rather than taken from django-ipware: its `proxy_count` counts entries differently for left- and
right-most order and returns no address at all for the usual one-proxy header (`X-Forwarded-For: <client>` with
proxy_count=1), in both its modern and legacy algorithms (django-ipware 8.0, checked by hand); the rule above is
the one Werkzeug's ProxyFix and nginx's realip module apply.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as a string, or None when no valid address can be found."""
    cached = getattr(request, "_client_ip", False)
    if cached is not False:
        return cached
    ip = None
    count = settings.PROXY_COUNT
    if count > 0:
        hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= count:
            ip = _valid(hops[-count])
    if ip is None:
        ip = _valid(request.META.get("REMOTE_ADDR", ""))
    request._client_ip = ip
    return ip


def ratelimit_ip(request: HttpRequest) -> str:
    """`client_ip` for django-ratelimit, which needs an address: requests without one share a single bucket."""
    return client_ip(request) or "0.0.0.0"
