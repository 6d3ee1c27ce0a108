"""Writers' pages: the write/edit page, publishing and contributing, becoming an author, the dashboard, uploads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from accounts.policy import write_refusal
from accounts.selectors import author_application_pending
from accounts.services import AccountError, author_application_submit
from core.errors import error_response
from core.idempotency import once_per_form
from core.ip import client_ip
from core.ratelimits import limit, limited
from moderation import selectors as moderation_selectors

from .. import selectors, services
from ..forms import ArticleForm, AuthorApplicationForm
from ..models import Article
from ..services import ArticleError
from .common import KEEP_TYPED, limited_as_json


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


def _contribution_limited(request: HttpRequest) -> bool:
    """The dashboard's 投稿 button (`limit("contribution")`) and the write page share one counter."""
    return limited(request, "contribution")


def _save(request: HttpRequest, form: ArticleForm, article: Article | None) -> HttpResponse:
    # Every refusal below shows the write page again with what was typed: nothing is thrown away.
    if write_refusal(request.user) is not None:
        return _write_page(request, form, article, status=403)  # the page's banner says why (the mute, its end)
    if not form.is_valid():
        return _write_page(request, form, article, status=400)
    action = request.POST.get("action", "save")
    if action == "submit" and _contribution_limited(request):
        form.add_error(None, _("投稿过于频繁，请稍后再试；可以先保存为草稿。"))
        return _write_page(request, form, article, status=429)
    try:
        saved = services.article_save(
            user=request.user, action=action, article=article, ip=client_ip(request), **_form_data(form)
        )
    except ArticleError as exc:
        if exc.status in KEEP_TYPED:
            form.add_error(None, exc.message)
            return _write_page(request, form, article, status=exc.status)
        return error_response(request, exc, form=form) or _write_page(request, form, article, status=400)
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
@once_per_form
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
@once_per_form
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
        return error_response(request, exc)
    messages.success(request, _("已提交，正在进行自动检查，通过后即会发布。"))
    return redirect("articles:dashboard")


@login_required
@once_per_form
@limit("contribution")
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    article = _editable(request, pk)
    try:
        services.article_submit(article=article, user=request.user)
    except ArticleError as exc:
        return error_response(request, exc)
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
            refused = error_response(request, exc, form=form)
            if refused is not None:
                return refused
        else:
            messages.success(request, _("申请已提交，编辑审核后会通知您。"))
            return redirect("articles:dashboard")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "pending": pending, "is_author": request.user.has_perm("articles.publish_article")}
    return render(request, "articles/become_author.html", context, status=status)


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    context = selectors.dashboard_for(user=request.user)
    context["is_author"] = request.user.has_perm("articles.publish_article")
    # Held content waits for a moderator: its author sees roughly how long (the queue's recent median).
    context["held_estimate"] = moderation_selectors.queue_wait_estimate()
    return render(request, "articles/dashboard.html", context)


@login_required
@limited_as_json(gettext_lazy("上传过于频繁，请稍后再试。"))
@limit("upload")
@require_POST
def upload_image(request: HttpRequest) -> JsonResponse:
    """CKEditor 5's upload adapter posts the file as `upload` and expects {"url"} or {"error": {"message"}}.

    Its refusals are JSON for the editor to show, not a page, so this view answers them itself (and the rate
    limit's refusal is turned into the same shape by `limited_as_json`).
    """
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": _("请选择图片文件。")}}, status=400)
    try:
        url = services.image_upload(user=request.user, upload=upload)
    except ArticleError as exc:
        return JsonResponse({"error": {"message": exc.message}}, status=exc.status)
    return JsonResponse({"url": url})
