"""Public moderation pages: rules, reports (举报), feedback (建议反馈) and appeals, the inbox, the account status,
and the editors' copyright complaints. Thin: each calls a selector or a service."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.policy import appeal_token_user_id, write_refusal
from core import pagecache
from core import selectors as core_selectors
from core import services as core_services
from core.errors import error_response, found_or_404
from core.idempotency import once_per_form
from core.ratelimits import limit

from . import selectors, services
from .errors import ModerationError
from .forms import AppealForm, CopyrightHandleForm, FeedbackForm, ReportForm
from .models import Decision, Feedback
from .registry import adapter_for


def rules(request: HttpRequest, version: int | None = None) -> HttpResponse:
    if version is None:
        ruleset = selectors.ruleset_current()
    else:
        ruleset = found_or_404(selectors.ruleset_published(version=version))
    return render(request, "moderation/rules.html", {"ruleset": ruleset, "versions": selectors.rulesets_published()})


TRANSPARENCY_CACHE_SECONDS = 3600


@require_safe
def transparency(request: HttpRequest) -> HttpResponse:
    """The public transparency report: aggregates per month and rule category, no personal data. Anonymous
    readers get it from the page cache for an hour (the numbers are monthly; an hour late is on time)."""
    pagecache.declare(request, deps=["moderation:transparency"], timeout=TRANSPARENCY_CACHE_SECONDS)
    return render(request, "moderation/transparency.html", {"report": selectors.transparency_report()})


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    notices = list(core_selectors.notifications_for(user=request.user)[:100])
    core_services.notification_mark_read(user=request.user)
    return render(request, "moderation/inbox.html", {"notices": notices})


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form
def report(request: HttpRequest) -> HttpResponse:
    """举报: `?type=article|comment|user&id=<pk>`. The reporter picks the rule (and so its category).

    Only public content is reported: anything else answers 404 and shows nothing of it. The form is offered only
    to someone who may use it (not on one's own content, not twice while one's report is open).
    """
    kind = request.GET.get("type") or request.POST.get("type", "")
    target_id = request.GET.get("id") or request.POST.get("id", "")
    try:
        target = services.target_resolve_public(kind=kind, target_id=target_id)
    except ModerationError as exc:
        return error_response(request, exc)
    form = ReportForm(request.POST or None)
    context = {"form": form, "target": target, "kind": kind, "target_id": target.pk}
    try:
        services.report_check(reporter=request.user, target=target)
    except ModerationError as exc:
        context["error"] = str(exc)
        return render(request, "moderation/report.html", context, status=400 if request.method == "POST" else 200)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                reporter=request.user,
                kind=kind,
                target_id=target.pk,
                rule_code=form.cleaned_data["rule"],
                text=form.cleaned_data["text"],
            )
        except ModerationError as exc:
            if (refused := error_response(request, exc, form=form)) is not None:
                return refused
        else:
            messages.success(request, _("举报已提交，感谢您帮助维护社区秩序。处理结果会通知您。"))
            return redirect(_target_url(target))
    return render(request, "moderation/report.html", context, status=400 if form.errors else 200)


def _target_url(target) -> str:
    """Where the reporter goes back to: the reported content; the home page after reporting an account."""
    if not adapter_for(target).is_content:
        return "/"
    try:
        return target.get_absolute_url()
    except Exception:  # noqa: BLE001 - a content URL that cannot be built must not lose the report
        return "/"


@limit("feedback")
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    """建议反馈: a suggestion, an appeal of a decision, or a copyright complaint about an article.

    A rights holder may file a copyright complaint without an account (with contact details, then required);
    suggestions and appeals need one. Rate-limited per account, or per IP when anonymous.
    """
    kind = request.POST.get("kind") or request.GET.get("kind") or Feedback.Kind.SUGGESTION
    anonymous = not request.user.is_authenticated
    if anonymous and kind != Feedback.Kind.COPYRIGHT:
        return redirect_to_login(request.get_full_path())
    decisions = [] if anonymous else selectors.decisions_appealable(user=request.user)
    if kind == "appeal":
        return _appeal_form(request, decisions)
    article_id = request.POST.get("article") or request.GET.get("article") or request.GET.get("id")
    article = None
    if article_id:
        try:
            article = services.target_resolve_public(kind="article", target_id=article_id)
        except ModerationError:
            article = None  # a draft or a removed article is named as no article: nothing of it is shown
    form = FeedbackForm(
        request.POST or None,
        initial={"kind": kind, "article": article.pk if article else None},
        contact_required=anonymous,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(
                author=None if anonymous else request.user,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                contact=form.cleaned_data["contact"],
                article_id=form.cleaned_data["article"],
            )
        except ModerationError as exc:
            if (refused := error_response(request, exc, form=form)) is not None:
                return refused
        else:
            messages.success(request, _("感谢您的反馈，我们会尽快处理。"))
            return redirect(f"{reverse('moderation:feedback')}?kind={kind}" if anonymous else "moderation:feedback")
    return render(
        request,
        "moderation/feedback.html",
        {"kind": kind, "form": form, "article": article, "decisions": decisions},
        status=400 if form.errors else 200,
    )


def _appeal_form(request: HttpRequest, decisions: list[Decision]) -> HttpResponse:
    form = AppealForm(request.POST or None, decisions=decisions, initial={"decision": request.GET.get("decision")})
    if request.method == "POST" and form.is_valid():
        decision = found_or_404(selectors.decision_get(pk=form.cleaned_data["decision"]))
        try:
            services.appeal_file(decision=decision, appellant=request.user, text=form.cleaned_data["text"])
        except ModerationError as exc:
            if (refused := error_response(request, exc, form=form)) is not None:
                return refused
        else:
            messages.success(request, _("申诉已提交，将由另一位审核员复核。"))
            return redirect("moderation:account_status")
    return render(request, "moderation/feedback.html", {"kind": "appeal", "form": form, "decisions": decisions})


@require_http_methods(["GET", "POST"])
def appeal_banned(request: HttpRequest, token: str) -> HttpResponse:
    """The appeal form for a banned (logged-out) account, reached from the login refusal through a signed token."""
    user_id = appeal_token_user_id(token)
    user = selectors.account_get(pk=user_id) if user_id else None
    if user is None:
        return render(request, "moderation/appeal_banned.html", {"error": _("申诉链接无效或已过期。")}, status=404)
    decision = selectors.sanction_decision(user=user)
    form = AppealForm(request.POST or None, decisions=[decision] if decision else [])
    context = {"form": form, "appeal_user": user, "decision": decision, "token": token}
    if decision is None:
        context["error"] = _("没有可以申诉的处理决定。")
        return render(request, "moderation/appeal_banned.html", context)
    try:
        services.appeal_check(decision=decision, appellant=user)
    except ModerationError as exc:
        context["error"] = str(exc)
        context["appeal"] = getattr(decision, "appeal", None)
        return render(request, "moderation/appeal_banned.html", context)
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_file(decision=decision, appellant=user, text=form.cleaned_data["text"])
        except ModerationError as exc:
            if (refused := error_response(request, exc, form=form)) is not None:
                return refused
        else:
            context["done"] = True
    return render(request, "moderation/appeal_banned.html", context)


@login_required
def account_status(request: HttpRequest) -> HttpResponse:
    context = selectors.account_status(user=request.user)
    context["refusal"] = write_refusal(request.user)
    return render(request, "moderation/account_status.html", context)


def editors_only(view: Callable) -> Callable:
    """Anonymous visitors are sent to log in, as on every staff page; accounts without the permission get 403."""
    return login_required(permission_required("moderation.handle_copyright", raise_exception=True)(view))


@editors_only
def copyright_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    if status not in ("open", "handled"):
        return HttpResponseBadRequest()
    complaints = selectors.copyright_complaints(status=status)[:200]
    return render(
        request,
        "moderation/copyright_queue.html",
        {"complaints": complaints, "status": status, "form": CopyrightHandleForm()},
    )


@require_POST
@editors_only
def copyright_handle(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = found_or_404(selectors.copyright_complaint_get(pk=pk))
    # Posted from one of the queue's many forms: a refusal is a message on the queue (post/redirect/get), not the
    # queue re-rendered around one bound form.
    form = CopyrightHandleForm(request.POST)
    if form.is_valid():
        try:
            services.feedback_handle(feedback=complaint, editor=request.user, response=form.cleaned_data["response"])
        except ModerationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已处理该版权投诉。"))
    else:
        messages.error(request, _("请填写处理意见。"))
    return redirect("moderation:copyright_queue")
