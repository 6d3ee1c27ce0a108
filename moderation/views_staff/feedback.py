"""The feedback inbox (建议反馈) for the staff who answer it."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.errors import error_response

from .. import selectors, services
from ..errors import ModerationError
from ..forms import (
    FeedbackAssignForm,
    FeedbackReplyForm,
    FeedbackStatusForm,
)
from ..models import Feedback
from .access import QUEUE_PAGE, feedback_staff_required


@require_safe
@feedback_staff_required
def feedback_inbox(request: HttpRequest, *, kinds: list[str]) -> HttpResponse:
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    if status not in Feedback.Status.values:
        status = ""
    if kind not in kinds:
        kind = ""
    mine = request.GET.get("mine") == "1"
    items = selectors.feedback_inbox(kinds=kinds, status=status, kind=kind, assigned_to=request.user if mine else None)
    page = Paginator(items, QUEUE_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "moderation/feedback_inbox.html",
        {
            "page": page,
            "statuses": Feedback.Status.choices,
            "kinds": [(k, label) for k, label in Feedback.Kind.choices if k in kinds],
            "filters": {"status": status, "kind": kind, "mine": "1" if mine else ""},
        },
    )


def _feedback_page(request: HttpRequest, feedback: Feedback, *, reply_form=None, status: int = 200) -> HttpResponse:
    staff = selectors.feedback_staff(kind=feedback.kind)
    return render(
        request,
        "moderation/feedback_item.html",
        {
            "item": feedback,
            "replies": list(feedback.replies.all()),
            "reply_form": reply_form or FeedbackReplyForm(),
            "assign_form": FeedbackAssignForm(staff=staff, initial={"assignee": feedback.assigned_to_id}),
            "status_form": FeedbackStatusForm(initial={"status": feedback.status}),
            "moves": [
                (value, label)
                for value, label in Feedback.Status.choices
                if value in services.feedback.STATUS_MOVES.get(feedback.status, set())
            ],
            "refusal": services.staff_refusal(request.user)
            or services.feedback_conflict(feedback=feedback, staff=request.user),
        },
        status=status,
    )


@feedback_staff_required
def feedback_item(request: HttpRequest, pk: int, *, kinds: list[str]) -> HttpResponse:
    feedback = selectors.feedback_get(pk=pk, kinds=kinds)
    if feedback is None:
        return render(request, "errors/404.html", status=404)
    if request.method != "POST":
        return _feedback_page(request, feedback)
    form = FeedbackReplyForm(request.POST)
    if form.is_valid():
        try:
            services.feedback_reply(
                feedback=feedback,
                actor=request.user,
                text=form.cleaned_data["text"],
                internal=form.cleaned_data["internal"],
            )
        except ModerationError as exc:
            if (refused := error_response(request, exc, form=form)) is not None:
                return refused
        else:
            messages.success(
                request, _("已添加内部备注。") if form.cleaned_data["internal"] else _("答复已发送给提交者。")
            )
            return redirect("moderation_staff:feedback_item", pk=pk)
    return _feedback_page(request, feedback, reply_form=form, status=400)


@require_POST
@feedback_staff_required
def feedback_assign(request: HttpRequest, pk: int, *, kinds: list[str]) -> HttpResponse:
    feedback = selectors.feedback_get(pk=pk, kinds=kinds)
    if feedback is None:
        return render(request, "errors/404.html", status=404)
    if request.POST.get("me") == "1":
        assignee = request.user
    else:
        staff = list(selectors.feedback_staff(kind=feedback.kind))
        form = FeedbackAssignForm(request.POST, staff=staff)
        if not form.is_valid():
            messages.error(request, _("请选择负责人。"))
            return redirect("moderation_staff:feedback_item", pk=pk)
        # The form accepts only the pk of one of `staff` (or none): the account is already here.
        assignee = next((u for u in staff if u.pk == form.cleaned_data["assignee"]), None)
    try:
        services.feedback_assign(feedback=feedback, actor=request.user, assignee=assignee)
    except ModerationError as exc:
        if exc.status == 403:
            return error_response(request, exc)
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已更新负责人。"))
    return redirect("moderation_staff:feedback_item", pk=pk)


@require_POST
@feedback_staff_required
def feedback_status(request: HttpRequest, pk: int, *, kinds: list[str]) -> HttpResponse:
    feedback = selectors.feedback_get(pk=pk, kinds=kinds)
    if feedback is None:
        return render(request, "errors/404.html", status=404)
    form = FeedbackStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择状态。"))
        return redirect("moderation_staff:feedback_item", pk=pk)
    try:
        services.feedback_status_set(feedback=feedback, actor=request.user, status=form.cleaned_data["status"])
    except ModerationError as exc:
        if exc.status == 403:
            return error_response(request, exc)
        messages.error(request, str(exc))
    else:
        messages.success(request, _("状态已更新。"))
    return redirect("moderation_staff:feedback_item", pk=pk)
