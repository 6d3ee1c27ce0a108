"""Thin views: parse the request, call a selector or a service, render. ArticleError maps to a form error or a 4xx."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils._os import safe_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from taggit.models import Tag

from accounts.models import AuthorApplication, User
from accounts.policy import write_refusal
from accounts.selectors import author_application_pending
from accounts.services import AccountError, author_application_submit
from core import pagecache
from core.ratelimits import limit

from . import cache as page_cache
from . import images, selectors, services
from .forms import ArticleForm, AuthorApplicationForm, CommentForm, ReasonForm
from .models import Article, Category
from .services import ArticleError

PAGE_SIZE = 20


def _refused(request: HttpRequest, exc: ArticleError | AccountError, status: int | None = None) -> HttpResponse:
    code = status or getattr(exc, "status", 400)
    return render(request, "articles/refused.html", {"message": str(exc), "status": code}, status=code)


def _page(request: HttpRequest, items, size: int = PAGE_SIZE):
    return Paginator(items, size).get_page(request.GET.get("page"))


# --- Reader pages -------------------------------------------------------------------------------------------------


def _list_cacheable(request: HttpRequest) -> None:
    pagecache.declare(request, deps=[page_cache.LIST_VERSION])


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    _list_cacheable(request)
    page = _page(request, selectors.article_list())
    return render(request, "articles/home.html", {"page": page, "categories": selectors.categories()})


@require_GET
def category(request: HttpRequest, slug: str) -> HttpResponse:
    current = get_object_or_404(Category, slug=slug)
    _list_cacheable(request)
    page = _page(request, selectors.article_list(category=current))
    context = {"page": page, "category": current, "categories": selectors.categories()}
    return render(request, "articles/category.html", context)


@require_GET
def tag(request: HttpRequest, slug: str) -> HttpResponse:
    if "\x00" in slug:  # PostgreSQL refuses NUL in a string: a 404, not a 500
        raise Http404
    current = get_object_or_404(Tag, slug=slug)
    _list_cacheable(request)
    page = _page(request, selectors.article_list(tag=current))
    return render(request, "articles/tag.html", {"page": page, "tag": current, "categories": selectors.categories()})


@require_GET
def author(request: HttpRequest, username: str) -> HttpResponse:
    if "\x00" in username:  # PostgreSQL refuses NUL in a string: a 404, not a 500
        raise Http404
    person = get_object_or_404(User, username=username, is_active=True)
    _list_cacheable(request)
    page = _page(request, selectors.article_list(author=person))
    return render(request, "articles/author.html", {"page": page, "person": person})


def _detail_fragments(request: HttpRequest, article: Article) -> dict[str, str]:
    context = {
        "article": article,
        "comments": selectors.comments_for(article=article, user=request.user),
        "related": selectors.articles_related(article=article),
        "comment_form": CommentForm(),
        "page_url": request.build_absolute_uri(article.get_absolute_url()),
    }
    return {
        "meta": render_to_string("articles/_detail_meta.html", context, request=request),
        "body": render_to_string("articles/_detail_body.html", context, request=request),
    }


@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = selectors.article_for_reader(slug=slug, user=request.user)
    if article is None:
        raise Http404(_("文章不存在或已被移除。"))
    # Anonymous readers all see the published page: cached whole until the article (or its comments) change.
    pagecache.declare(request, deps=[page_cache.article_version(article.pk)])
    return render(
        request, "articles/detail.html", {"article": article, "fragments": _detail_fragments(request, article)}
    )


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    result = selectors.article_search(query=query)
    page = _page(request, result.articles)
    hits = [
        {
            "article": article,
            "title": selectors.search_title(article, result.terms),
            "snippet": selectors.search_snippet(article, result.terms),
        }
        for article in page
    ]
    context = {"page": page, "hits": hits, "search_query": query}
    return render(request, "articles/search.html", context)


@login_required
@limit("comment")
@require_POST
def comment_post(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.only("pk", "slug", "status"), slug=slug)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(article.get_absolute_url() + "#comments")
    try:
        comment = services.comment_create(
            article=article, user=request.user, body=form.cleaned_data["body"], parent_id=form.cleaned_data["parent"]
        )
    except ArticleError as exc:
        if exc.status == 400:
            messages.error(request, exc.message)
            return redirect(article.get_absolute_url() + "#comments")
        return _refused(request, exc)
    if comment.status != comment.Status.VISIBLE:
        messages.info(request, _("评论已提交，正在检查中，通过后对所有人可见。"))
    return redirect(f"{article.get_absolute_url()}#comment-{comment.pk}")


# --- Writing ------------------------------------------------------------------------------------------------------


def _form_data(form: ArticleForm) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "body": data["body"],
        "summary": data["summary"],
        "source": data["source"],
        "category": data["category"],
        "tags": data["tags"],
        "cover": data.get("cover"),
    }


def _write_page(request: HttpRequest, form: ArticleForm, article: Article | None, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "article": article,
        "is_author": request.user.has_perm("articles.publish_article"),
        "pending_application": author_application_pending(user=request.user),
        "refusal": write_refusal(request.user),
    }
    return render(request, "articles/write.html", context, status=status)


def _save(request: HttpRequest, form: ArticleForm, article: Article | None) -> HttpResponse:
    if not form.is_valid():
        return _write_page(request, form, article, status=400)
    action = request.POST.get("action", "save")
    try:
        saved = services.article_save(user=request.user, action=action, article=article, **_form_data(form))
    except ArticleError as exc:
        if exc.status == 400:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return _write_page(request, form, article, status=400)
        return _refused(request, exc)
    notices = {
        Article.Status.CHECKING: _("已提交，正在进行自动检查，通过后即会发布。"),
        Article.Status.PUBLISHED: _("已发布。"),
        Article.Status.SUBMITTED: _("投稿成功，请等待编辑审核。"),
    }
    if saved.pending_revision_id and saved.status == Article.Status.PUBLISHED:
        messages.info(request, _("修改已提交检查，通过后替换当前公开版本。"))
    else:
        messages.success(request, notices.get(saved.status, _("已保存。")))
    return redirect("articles:dashboard")


@login_required
def write(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _save(request, ArticleForm(request.POST, request.FILES), None)
    return _write_page(request, ArticleForm(), None)


def _editable(request: HttpRequest, pk: int) -> Article:
    article = selectors.article_for_edit(pk=pk)
    if article is None:
        raise Http404
    if article.author_id != request.user.pk and not request.user.has_perm("articles.edit_any_article"):
        raise Http404
    return article


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = _editable(request, pk)
    if request.method == "POST":
        return _save(request, ArticleForm(request.POST, request.FILES), article)
    source = article.pending_revision or article
    initial = {
        "title": source.title,
        "summary": source.summary,
        "body": source.body,
        "source": source.source,
        "category": source.category_id,
        "tags": ", ".join(source.tags if article.pending_revision_id else article.tags.names()),
    }
    return _write_page(request, ArticleForm(initial=initial), article)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    article = _editable(request, pk)
    try:
        services.article_publish(article=article, user=request.user)
    except ArticleError as exc:
        return _refused(request, exc)
    messages.success(request, _("已提交，正在进行自动检查，通过后即会发布。"))
    return redirect("articles:dashboard")


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    article = _editable(request, pk)
    try:
        services.article_submit(article=article, user=request.user)
    except ArticleError as exc:
        return _refused(request, exc)
    messages.success(request, _("投稿成功，请等待编辑审核。"))
    return redirect("articles:dashboard")


@login_required
def become_author(request: HttpRequest) -> HttpResponse:
    pending = author_application_pending(user=request.user)
    form = AuthorApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            author_application_submit(
                user=request.user,
                motivation=form.cleaned_data["motivation"],
                sample_links=form.cleaned_data["sample_links"],
            )
        except AccountError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("申请已提交，编辑审核后会通知您。"))
            return redirect("articles:dashboard")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "pending": pending, "is_author": request.user.has_perm("articles.publish_article")}
    return render(request, "articles/become_author.html", context, status=status)


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    context = selectors.dashboard_for(user=request.user)
    context["is_author"] = request.user.has_perm("articles.publish_article")
    return render(request, "articles/dashboard.html", context)


@login_required
@require_POST
def upload_image(request: HttpRequest) -> JsonResponse:
    """CKEditor 5's upload adapter posts the file as `upload` and expects {"url"} or {"error": {"message"}}."""
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": _("请选择图片文件。")}}, status=400)
    try:
        url = services.image_upload(user=request.user, upload=upload)
    except ArticleError as exc:
        return JsonResponse({"error": {"message": exc.message}}, status=exc.status)
    return JsonResponse({"url": url})


@require_GET
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


# --- Editors ------------------------------------------------------------------------------------------------------


def _editor_only(request: HttpRequest, perm: str = "articles.review_article") -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied(_("只有编辑可以访问此页面。"))


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    _editor_only(request)
    return render(request, "articles/review_queue.html", selectors.review_queue())


@login_required
@require_GET
def review(request: HttpRequest, pk: int) -> HttpResponse:
    _editor_only(request)
    article = get_object_or_404(Article.objects.select_related("author", "category").prefetch_related("tags"), pk=pk)
    context = {"article": article, "reason_form": ReasonForm(), "revisions": selectors.revisions_of(article=article)}
    return render(request, "articles/review.html", context)


@login_required
@require_POST
def review_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    _editor_only(request)
    article = get_object_or_404(Article, pk=pk)
    form = ReasonForm(request.POST)
    try:
        if decision == "accept":
            services.article_accept(article=article, editor=request.user)
            messages.success(request, _("已采纳，稿件进入自动检查。"))
        elif decision in ("reject", "changes"):
            reason = form.data.get("reason", "")
            if decision == "reject":
                services.article_reject(article=article, editor=request.user, reason=reason)
                messages.success(request, _("已退稿。"))
            else:
                services.article_request_changes(article=article, editor=request.user, reason=reason)
                messages.success(request, _("已请作者修改。"))
        elif decision in ("feature", "unfeature"):
            services.article_feature_set(article=article, editor=request.user, featured=decision == "feature")
            messages.success(request, _("已更新推荐状态。"))
            return redirect(article.get_absolute_url())
        else:
            raise Http404
    except ArticleError as exc:
        if exc.status == 400:
            messages.error(request, exc.message)
            return redirect("articles:review", pk=article.pk)
        return _refused(request, exc)
    return redirect("articles:review_queue")


@login_required
@require_POST
def application_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    _editor_only(request, "accounts.review_authorapplication")
    application = get_object_or_404(AuthorApplication, pk=pk)
    try:
        if decision == "approve":
            services.author_application_approve(application=application, editor=request.user)
            messages.success(request, _("已通过作者申请。"))
        elif decision == "reject":
            services.author_application_reject(
                application=application, editor=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("已拒绝作者申请。"))
        else:
            raise Http404
    except ArticleError as exc:
        if exc.status == 400:
            messages.error(request, exc.message)
            return redirect("articles:review_queue")
        return _refused(request, exc)
    return redirect("articles:review_queue")


@login_required
@require_GET
def revisions(request: HttpRequest, pk: int) -> HttpResponse:
    _editor_only(request)
    article = get_object_or_404(Article, pk=pk)
    items = list(selectors.revisions_of(article=article))
    diff = None
    old = new = None
    a, b = request.GET.get("a"), request.GET.get("b")
    if a and b:
        by_number = {str(r.number): r for r in items}
        old, new = by_number.get(a), by_number.get(b)
        if old is None or new is None:
            raise Http404
        diff = selectors.revision_diff(old=old, new=new)
    context = {"article": article, "revisions": items, "diff": diff, "old": old, "new": new}
    return render(request, "articles/revisions.html", context)
