"""Editors' pages: the review queue, a contribution's review, its revisions, and deciding author applications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts import selectors as account_selectors
from accounts import services as account_services
from core.errors import found_or_404

from .. import selectors, services
from ..forms import ReasonForm
from ..services import ArticleError
from .common import refused_back


def _editor_only(request: HttpRequest, perm: str = "articles.review_article") -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied(_("只有编辑可以访问此页面。"))


@login_required
@require_safe
def review_queue(request: HttpRequest) -> HttpResponse:
    _editor_only(request)
    return render(request, "articles/review_queue.html", selectors.review_queue())


@login_required
@require_safe
def review(request: HttpRequest, pk: int) -> HttpResponse:
    _editor_only(request)
    article = found_or_404(selectors.article_for_review(pk=pk))
    context = {"article": article, "reason_form": ReasonForm(), "revisions": selectors.revisions_of(article=article)}
    return render(request, "articles/review.html", context)


@login_required
@require_POST
def review_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    _editor_only(request)
    article = found_or_404(selectors.article_get(pk=pk))
    form = ReasonForm(request.POST)
    # The service checks the reason, so that every caller gets the same refusal.
    reason = form.data.get("reason", "")
    try:
        if decision == "accept":
            services.article_accept(article=article, editor=request.user)
            messages.success(request, _("已采纳，稿件进入自动检查。"))
        elif decision == "reject":
            services.article_reject(article=article, editor=request.user, reason=reason)
            messages.success(request, _("已退稿。"))
        elif decision == "changes":
            services.article_request_changes(article=article, editor=request.user, reason=reason)
            messages.success(request, _("已请作者修改。"))
        elif decision in ("feature", "unfeature"):
            services.article_feature_set(article=article, editor=request.user, featured=decision == "feature")
            messages.success(request, _("已更新推荐状态。"))
            return redirect(article.get_absolute_url())
        else:
            raise Http404
    except ArticleError as exc:
        return refused_back(request, exc, form=form, to=reverse("articles:review", args=[article.pk]))
    return redirect("articles:review_queue")


@login_required
@require_POST
def application_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    _editor_only(request, "accounts.review_authorapplication")
    application = found_or_404(account_selectors.author_application_get(pk=pk))
    form = ReasonForm(request.POST)
    try:
        if decision == "approve":
            account_services.author_application_approve(application=application, editor=request.user)
            messages.success(request, _("已通过作者申请。"))
        elif decision == "reject":
            account_services.author_application_reject(
                application=application, editor=request.user, reason=form.data.get("reason", "")
            )
            messages.success(request, _("已拒绝作者申请。"))
        else:
            raise Http404
    except account_services.AccountError as exc:
        return refused_back(request, exc, form=form, to=reverse("articles:review_queue"))
    return redirect("articles:review_queue")


@login_required
@require_safe
def revisions(request: HttpRequest, pk: int) -> HttpResponse:
    _editor_only(request)
    article = found_or_404(selectors.article_get(pk=pk))
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
