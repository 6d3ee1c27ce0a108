"""Failed logins: who axes counts them against, and when the login form asks for a captcha.

axes (the lockout) keys failures by (username, IP). allauth lets one log in by username or e-mail, in any
letter case, so the same account could be tried under several spellings; `lockout_username` turns what was
typed into the account's username when one matches, so every spelling counts against one row.
"""

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, Sum
from django.http import HttpRequest
from django.utils import timezone

from .models import User

USERNAME_MAX = User._meta.get_field("username").max_length


def canonical_login(typed: str) -> str:
    """The username of the account `typed` (a username or an e-mail address, any case) names, else `typed`
    lower-cased. Overlong input is never looked up (the form refuses it first)."""
    typed = (typed or "").strip()
    if not typed or len(typed) > 254:
        return typed[:USERNAME_MAX]
    if "@" in typed:
        found = User.objects.filter(emailaddress__email__iexact=typed).values_list("username", flat=True).first()
    else:
        found = User.objects.filter(username__iexact=typed).values_list("username", flat=True).first()
    return found or typed.lower()[:USERNAME_MAX]


def lockout_username(request: HttpRequest, credentials: dict | None) -> str:
    """AXES_USERNAME_CALLABLE. allauth passes `username` (and `email` when an address was typed)."""
    credentials = credentials or {}
    typed = credentials.get("username") or credentials.get("email")
    if typed is None and request is not None:
        typed = request.POST.get("login") or request.POST.get("username") or ""
    cache = getattr(request, "_lockout_usernames", None)
    if cache is None:
        cache = {}
        if request is not None:
            request._lockout_usernames = cache
    if typed not in cache:
        cache[typed] = canonical_login(typed)
    return cache[typed]


def recent_failures(*, ip: str | None, username: str = "") -> tuple[int, int]:
    """(failures from `ip`, failures naming `username`) that axes holds within its cool-off window."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    sums = {}
    if ip:
        sums["ip"] = Sum("failures_since_start", filter=Q(ip_address=ip))
    if username:
        sums["user"] = Sum("failures_since_start", filter=Q(username=username))
    if not sums:
        return 0, 0
    totals = AccessAttempt.objects.filter(attempt_time__gte=since).aggregate(**sums)
    return totals.get("ip") or 0, totals.get("user") or 0


def login_captcha_required(*, ip: str | None, typed_login: str = "") -> bool:
    """After CAPTCHA_LOGIN_AFTER_FAILURES failures from this IP, or for this account from anywhere."""
    threshold = settings.CAPTCHA_LOGIN_AFTER_FAILURES
    if threshold <= 0:
        return False
    username = canonical_login(typed_login) if typed_login else ""
    from_ip, for_user = recent_failures(ip=ip, username=username)
    return from_ip >= threshold or for_user >= threshold
