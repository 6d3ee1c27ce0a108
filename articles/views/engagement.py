"""Readers' engagement: the counter endpoint the article page's script calls, like / favourite / follow, the
share QR code, and the readers' own pages (favourites, follows and their feed, history).

The article page itself stays one cached copy for every anonymous reader (core/pagecache.py): counts and a
logged-in reader's own state come from `counts` (JSON, never cached), fetched by static/js/engagement.js.
"""

import io
from urllib.parse import quote

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import selectors as account_selectors
from core.errors import error_page, found_or_404
from core.ip import client_ip
from core.ratelimits import limited

from .. import selectors, services
from .. import selectors_engagement as engagement
from ..services import ArticleError
from .common import page_of

QR_SECONDS = 24 * 3600


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _refused(request: HttpRequest, exc: ArticleError) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"error": exc.message}, status=exc.status)
    return error_page(request, exc)


@csrf_exempt  # counting a read acts for nobody: an anonymous reader of the cached page has no CSRF token
@never_cache
@require_http_methods(["GET", "POST"])
def counts(request: HttpRequest, pk: int) -> JsonResponse:
    """GET: an article's counts, and the reader's own like/favourite/follow state. POST: the same, after counting
    this read (once per device and half hour)."""
    article = found_or_404(selectors.article_get(pk=pk, published=True, fields=("pk", "author", "contributor")))
    user = request.user
    if request.method == "POST":
        viewer = getattr(request, "device_id", "") or client_ip(request) or "unknown"
        services.article_read_record(
            article_id=article.pk, viewer=viewer, user_id=user.pk if user.is_authenticated else None
        )
        services.engagement_tick()
    data = {
        **engagement.article_counts(article_id=article.pk),
        **engagement.reader_state(user=user, article=article),
        "authenticated": user.is_authenticated,
    }
    return JsonResponse(data)


def _on(request: HttpRequest) -> bool:
    return request.POST.get("on", "1") != "0"


def _toggle(request: HttpRequest, action, back: str) -> HttpResponse:
    if not request.user.is_authenticated:
        if _wants_json(request):
            return JsonResponse({"error": _("请先登录。"), "login": settings.LOGIN_URL}, status=401)
        return redirect(f"{reverse('accounts:login')}?next={quote(back)}")
    if limited(request, "engage"):
        return _refused(request, ArticleError(_("操作太频繁，请稍后再试。"), status=429))
    try:
        on = _on(request)
        action(on)
    except ArticleError as exc:
        return _refused(request, exc)
    if _wants_json(request):
        return JsonResponse({"on": on})
    return redirect(back)


@require_POST
def like(request: HttpRequest, pk: int) -> HttpResponse:
    article = found_or_404(selectors.article_get(pk=pk, fields=("slug",)))
    return _toggle(
        request,
        lambda on: services.article_like_set(user=request.user, article_id=pk, on=on),
        article.get_absolute_url() + "#engagement",
    )


@require_POST
def favorite(request: HttpRequest, pk: int) -> HttpResponse:
    article = found_or_404(selectors.article_get(pk=pk, fields=("slug",)))
    back = request.POST.get("next", "")
    if not back.startswith("/") or back.startswith("//"):
        back = article.get_absolute_url() + "#engagement"
    return _toggle(request, lambda on: services.article_favorite_set(user=request.user, article_id=pk, on=on), back)


@require_POST
def follow(request: HttpRequest, username: str) -> HttpResponse:
    person = found_or_404(account_selectors.person_get(username=username))
    back = request.POST.get("next", "")
    if not back.startswith("/") or back.startswith("//"):
        back = f"/authors/{person.username}/"
    return _toggle(
        request, lambda on: services.author_follow_set(follower=request.user, author_id=person.pk, on=on), back
    )


@require_safe
def share_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The article's address as a QR code (SVG) for sharing to WeChat, drawn on the server and cached a day."""
    article = found_or_404(selectors.article_get(pk=pk, published=True, fields=("slug",)))
    key = f"articles:qr:{pk}"
    svg = cache.get(key)
    if svg is None:
        url = settings.SITE_URL.rstrip("/") + article.get_absolute_url()
        out = io.BytesIO()
        # A standalone file (with its XML namespace, unlike svg_inline's markup for embedding in HTML).
        segno.make(url, error="m").save(out, kind="svg", xmldecl=False, scale=4, border=2, dark="#1f2328")
        svg = out.getvalue()
        cache.set(key, svg, QR_SECONDS)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = f"public, max-age={QR_SECONDS}"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response


@login_required
@require_safe
def my_favorites(request: HttpRequest) -> HttpResponse:
    page = page_of(request, engagement.favorites_of(user=request.user))
    return render(request, "articles/me_favorites.html", {"page": page})


@login_required
@require_safe
def my_following(request: HttpRequest) -> HttpResponse:
    authors = engagement.followed_authors(user=request.user)
    page = page_of(request, engagement.followed_feed(user=request.user))
    return render(request, "articles/me_following.html", {"page": page, "authors": authors})


@login_required
@require_safe
def my_history(request: HttpRequest) -> HttpResponse:
    page = page_of(request, engagement.history_of(user=request.user))
    return render(request, "articles/me_history.html", {"page": page})
