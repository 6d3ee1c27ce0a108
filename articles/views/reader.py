"""Readers' pages: lists, the article page, search, and the uploaded images. Posting comments: `comments`."""

import secrets
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils._os import safe_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts import selectors as account_selectors
from accounts.policy import write_refusal
from core import pagecache
from core.errors import found_or_404

from .. import cache as page_cache
from .. import images, selectors, services
from .. import selectors_engagement as engagement
from ..forms import CommentForm, SearchForm
from ..models import Article
from .common import page_of

SEARCH_SUGGESTIONS = 5


def _list_cacheable(request: HttpRequest) -> None:
    pagecache.declare(request, deps=[page_cache.LIST_VERSION])


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    _list_cacheable(request)
    page = page_of(request, selectors.article_list(featured_first=False))
    context = {
        "page": page,
        "categories": selectors.categories(),
        # The featured area on the first page only; the hot list as the periodic task last scored it.
        "featured": engagement.featured_articles() if page.number == 1 else [],
        "hot": engagement.hot_articles(),
    }
    return render(request, "articles/home.html", context)


@require_safe
def category(request: HttpRequest, slug: str) -> HttpResponse:
    current = found_or_404(selectors.category_get(slug=slug))
    _list_cacheable(request)
    page = page_of(request, selectors.article_list(category=current))
    context = {"page": page, "category": current, "categories": selectors.categories()}
    return render(request, "articles/category.html", context)


@require_safe
def tag(request: HttpRequest, slug: str) -> HttpResponse:
    if "\x00" in slug:  # PostgreSQL refuses NUL in a string: a 404, not a 500
        raise Http404
    current = found_or_404(selectors.tag_get(slug=slug))
    _list_cacheable(request)
    page = page_of(request, selectors.article_list(tag=current))
    return render(request, "articles/tag.html", {"page": page, "tag": current, "categories": selectors.categories()})


@require_safe
def author(request: HttpRequest, username: str) -> HttpResponse:
    if "\x00" in username:  # PostgreSQL refuses NUL in a string: a 404, not a 500
        raise Http404
    person = found_or_404(account_selectors.person_get(username=username))
    _list_cacheable(request)
    page = page_of(request, selectors.article_list(author=person, featured_first=False))
    context = {
        "page": page,
        "person": person,
        "card": engagement.author_card(person=person),
        # Only a logged-in reader's page says whether they follow (and their pages are never the cached copy).
        "following": engagement.following_author(user=request.user, author=person),
    }
    return render(request, "articles/author.html", context)


def _detail_fragments(request: HttpRequest, article: Article, comment_form: CommentForm) -> dict[str, str]:
    context = {
        "article": article,
        "comment_page": selectors.comment_page(
            article=article, user=request.user, page=request.GET.get("cpage"), sort=request.GET.get("csort", "new")
        ),
        # One token per rendered form: a double submit returns the first comment instead of posting it twice.
        "comment_token": secrets.token_hex(16) if request.user.is_authenticated else "",
        "related": selectors.articles_related(article=article),
        "comment_form": comment_form,
        # Why this account may not comment (a mute, with its rule and end), shown where the comment box would be.
        "refusal": write_refusal(request.user) if request.user.is_authenticated else None,
        # The configured origin, never the request's Host header (which a client chooses and a cache would keep).
        "site_url": settings.SITE_URL.rstrip("/"),
        **_engagement_context(article),
    }
    return {
        "meta": render_to_string("articles/_detail_meta.html", context, request=request),
        "body": render_to_string("articles/_detail_body.html", context, request=request),
    }


def _engagement_context(article: Article) -> dict:
    """The article page's author card, neighbours, reading time and counts as of this render (the page's script
    brings the live counts and the reader's own state; articles/views/engagement.py)."""
    previous, following = engagement.article_neighbours(article=article)
    stats = getattr(article, "stats", None)  # None: no read or like counted yet
    return {
        "card": engagement.author_card(person=article.byline),
        "previous": previous,
        "next": following,
        "minutes": engagement.reading_minutes(article),
        "counts": {
            "reads": stats.reads if stats else 0,
            "likes": stats.likes if stats else 0,
            "favorites": stats.favorites if stats else 0,
        },
    }


def article_page(
    request: HttpRequest, article: Article, *, comment_form: CommentForm | None = None, status: int = 200
) -> HttpResponse:
    """The article page; with a bound `comment_form` (a refused comment), the comment box holds what was typed."""
    fragments = _detail_fragments(request, article, comment_form or CommentForm())
    return render(request, "articles/detail.html", {"article": article, "fragments": fragments}, status=status)


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = selectors.article_for_reader(slug=slug, user=request.user)
    if article is None:
        raise Http404(_("文章不存在或已被移除。"))
    # Anonymous readers all see the published page: cached whole until the article (or its comments) change.
    pagecache.declare(request, deps=[page_cache.article_version(article.pk)])
    return article_page(request, article)


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    # Anonymous searches are cached pages like the lists (issue 12: a rendered search costs ~15 times a cached
    # page): publishing or changing any article bumps the list version and retires them all. Declared before any
    # read, so a change made meanwhile is never cached under the new version.
    asked = (request.GET.get("q") or "").strip()
    timeout = pagecache.DEFAULT_TIMEOUT if asked else page_cache.SEARCH_EMPTY_TIMEOUT
    pagecache.declare(request, deps=[page_cache.LIST_VERSION], timeout=timeout)
    form = SearchForm(request.GET or None, categories=selectors.categories_cached())
    data: dict = {}
    if form.is_bound:
        form.is_valid()  # an invalid filter is shown beside its field; the valid ones still apply
        data = form.cleaned_data
    query = (data.get("q") or "").strip()[:100]
    filters = selectors.SearchFilters(
        category=data.get("category"), date_from=data.get("date_from"), date_to=data.get("date_to")
    )
    sort = data.get("sort") or "relevance"
    result = selectors.article_search(query=query, filters=filters, sort=sort)
    page = selectors.search_page(result=result, page=request.GET.get("page"))
    context = {
        "form": form,
        "header_categories": form.categories,
        "page": page,
        "hits": selectors.search_hits(page, result.terms),
        "result": result,
        "search_query": query,
        "filtered": any([filters.category, filters.date_from, filters.date_to]),
    }
    if query:
        context["authors"], context["tags"] = selectors.search_beside(query=query, terms=result.terms[1:])
        if result.ids and page.number == 1:
            services.search_record(query=query)
            pagecache.on_hit(request, page_cache.SEARCH_HIT, query)  # and once more on every cache hit
    else:  # nothing asked yet: what others search for, and somewhere to browse meanwhile
        context["hot"] = selectors.searches_hot()
        context["categories"] = form.categories
        context["latest"] = selectors.article_list()[:SEARCH_SUGGESTIONS]
    return render(request, "articles/search.html", context)


@require_safe
def media(request: HttpRequest, path: str) -> FileResponse:
    """Serve uploaded images only, as images: never HTML, never a script, whatever a file contains."""
    ext = Path(path).suffix.lower().lstrip(".")
    if ext not in images.CONTENT_TYPES:
        raise Http404
    try:
        full = Path(safe_join(settings.MEDIA_ROOT, path))
    except Exception as exc:  # SuspiciousFileOperation: path escapes MEDIA_ROOT
        raise Http404 from exc
    if not full.is_file():
        raise Http404
    response = FileResponse(full.open("rb"), content_type=images.CONTENT_TYPES[ext])
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
