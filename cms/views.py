import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else ""
    return render(request, "errors/403.html", {"message": message}, status=403)


def error_429(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/429.html", status=429)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


# Seconds a client is asked to wait when the database cannot be reached (a restart, a failover).
RETRY_AFTER_DB_DOWN = 10


def error_500(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: the database may be what failed. Django calls this inside
    # the handling of the exception, so it is known here: a database that cannot be reached (restarting, failing
    # over) is a 503 with Retry-After, which clients and proxies retry, not a bug in the site.
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        response = HttpResponse(loader.get_template("errors/503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_DB_DOWN)
        return response
    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)


@require_GET
def language(request: HttpRequest, code: str) -> HttpResponse:
    """The language switch: a plain link (no form, so anonymous pages carry no CSRF token and can be cached)."""
    if code not in dict(settings.LANGUAGES):
        return error_404(request)
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 86400, samesite="Lax", secure=request.is_secure()
    )
    return response


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /moderation/",
        "Disallow: /accounts/",
        "Disallow: /me/",
        # The configured origin, never the request's Host header (which a client chooses).
        f"Sitemap: {settings.SITE_URL.rstrip('/')}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def copyright_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/copyright.html")
