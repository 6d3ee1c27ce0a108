"""Posting a comment or a reply. The form lives on the article page, so a refusal renders that page again with
what was typed in the box and the reason above it; an accepted comment leads to where it is shown, or says what
the checks did with it."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.exceptions import Ratelimited

from core.errors import ApplicationError, error_response, found_or_404
from core.idempotency import once_per_form
from core.ip import client_ip
from core.ratelimits import limit
from moderation.engine import Verdict

from .. import selectors, services
from ..forms import CommentEditForm, CommentForm
from ..models import Article, Comment
from ..services.comments import comment_outcome_text
from .common import refused_back
from .reader import article_page


def _refused(request: HttpRequest, slug: str, form: CommentForm, *, message: str, status: int) -> HttpResponse:
    """The article page again, the comment box holding what was typed and `message` above it."""
    article = selectors.article_for_reader(slug=slug, user=request.user)
    if article is None:  # the article itself is gone: there is no page to put the text back on
        raise Http404(message)
    if message:
        form.add_error(None, message)
    return article_page(request, article, comment_form=form, status=status)


def _limited_keeps_text(view: Callable) -> Callable:
    """The comment rate limit (`core.ratelimits.limit`, inside this decorator) refuses with the article page and
    the typed text instead of the bare 429 page."""

    @wraps(view)
    def wrapped(request: HttpRequest, slug: str) -> HttpResponse:
        try:
            return view(request, slug)
        except Ratelimited:
            message = _("评论过于频繁，请稍后再试。您的评论还在下面的输入框里。")
            return _refused(request, slug, CommentForm(request.POST), message=message, status=429)

    return wrapped


def _outcome(request: HttpRequest, article: Article, comment: Comment) -> HttpResponse:
    """Where to go after posting. Only a comment shown to its author (visible, checking, held) has an anchor."""
    comment.refresh_from_db()  # the check may have run on commit, before this line
    anchor = f"#comment-{comment.pk}"
    if comment.status == Comment.Status.CHECKING:
        messages.info(request, _("评论已提交，正在检查中，通过后对所有人可见。"))
    elif comment.status == Comment.Status.HELD:
        rule = selectors.comment_check_rule(comment=comment)
        messages.warning(request, comment_outcome_text(comment=comment, verdict=Verdict.HOLD, rule=rule)[1])
    elif comment.status == Comment.Status.REJECTED:
        text = comment_outcome_text(comment=comment, verdict=Verdict.BLOCK, rule=comment.rejection_rule)[1]
        messages.error(request, text)
        anchor = "#comments"  # a blocked comment is not on the page; the dashboard lists it with its rule
    return redirect(article.get_absolute_url() + anchor)


@login_required
@once_per_form
@_limited_keeps_text
@limit("comment")
@require_POST
def comment_post(request: HttpRequest, slug: str) -> HttpResponse:
    article = found_or_404(selectors.article_by_slug(slug=slug, fields=("pk", "slug", "status", "title")))
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _refused(request, slug, form, message="", status=400)
    try:
        comment = services.comment_create(
            article=article,
            user=request.user,
            body=form.cleaned_data["body"],
            parent_id=form.cleaned_data["parent"],
            ip=client_ip(request),
            token=form.cleaned_data["token"],
        )
    except ApplicationError as exc:
        field = exc.field if exc.field in form.fields else None
        if field is not None:
            form.add_error(field, exc.message)
        return _refused(request, slug, form, message="" if field else exc.message, status=exc.status)
    return _outcome(request, article, comment)


def _back_to(comment: Comment) -> str:
    return comment.article.get_absolute_url() + f"#comment-{comment.pk}"


@login_required
@limit("comment_edit")
@require_http_methods(["GET", "HEAD", "POST"])
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The author's own comment in a box of its own; saving hands the new text to the checks again."""
    comment = selectors.comment_for_author(comment_id=pk, user=request.user)
    if comment is None:
        raise Http404
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    editable = selectors.comment_editable(comment, request.user)
    if request.method == "POST" and form.is_valid():
        try:
            comment = services.comment_update(comment_id=pk, user=request.user, body=form.cleaned_data["body"])
        except ApplicationError as exc:
            if exc.status in (403, 409):  # muted, or past the window: said above the box that keeps the text
                form.add_error(None, exc.message)
            else:
                refused = error_response(request, exc, form=form)
                if refused is not None:
                    return refused
            status = exc.status
        else:
            return _outcome(request, comment.article, comment)
    else:
        status = 400 if request.method == "POST" else 200
    context = {"form": form, "comment": comment, "editable": editable}
    return render(request, "articles/comment_edit.html", context, status=status)


@login_required
@limit("comment_edit")
@require_POST
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_for_author(comment_id=pk, user=request.user)
    if comment is None:
        raise Http404
    try:
        services.comment_delete(comment_id=pk, user=request.user)
    except ApplicationError as exc:
        return refused_back(request, exc, form=CommentEditForm(), to=_back_to(comment))
    messages.success(request, _("评论已删除。"))
    return redirect(comment.article.get_absolute_url() + "#comments")


@login_required
@limit("comment_like")
@require_POST
def comment_like(request: HttpRequest, pk: int) -> HttpResponse:
    """Like or unlike (`like=0`); answers JSON to the page's script, else leads back to the comment."""
    comment = found_or_404(selectors.comment_get(pk=pk))
    like = request.POST.get("like", "1") != "0"
    try:
        comment = services.comment_like_set(comment_id=pk, user=request.user, like=like)
    except ApplicationError as exc:
        if request.headers.get("Accept") == "application/json":
            return JsonResponse({"error": exc.message}, status=exc.status)
        return refused_back(request, exc, form=CommentEditForm(), to=_back_to(comment))
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"liked": like, "count": comment.like_count})
    comment.article = found_or_404(selectors.article_get(pk=comment.article_id, fields=("slug",)))
    return redirect(_back_to(comment))
