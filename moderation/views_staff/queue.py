"""The queue of open cases, its bulk dismissal, and the next case to work on."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import selectors, services
from ..forms import (
    BulkDismissForm,
)
from ..models import Report
from .access import QUEUE_PAGE, moderator_required


@moderator_required()
def queue(request: HttpRequest) -> HttpResponse:
    categories = selectors.rule_categories_current()
    category = request.GET.get("category", "")
    source = request.GET.get("source", "")
    status = request.GET.get("status", "open")
    # Filters are choices: anything else (a NUL byte would even make the database refuse the query) is no filter.
    if category not in {str(c.code) for c in categories}:
        category = ""
    if source not in Report.Source.values:
        source = ""
    if status not in selectors.QUEUE_STATUSES:
        status = "open"
    steps = selectors.escalation_steps()
    page = selectors.case_queue_page(
        number=request.GET.get("page"),
        per_page=QUEUE_PAGE,
        category=category,
        source=source,
        status=status,
    )
    return render(
        request,
        "moderation/queue.html",
        {
            "cases": page,
            "page": page,
            "categories": categories,
            "sources": Report.Source.choices,
            "statuses": [
                ("open", _("待处理")),
                ("unclaimed", _("未认领")),
                ("claimed", _("已认领")),
                ("decided", _("已处理")),
            ],
            "filters": {"category": category, "source": source, "status": status},
            "bulk_form": BulkDismissForm(),
            "pending_appeals": selectors.appeals_pending().count(),
            "escalation": steps,
        },
    )


def _case_ids(values: list[str]) -> list[int]:
    """The case ids posted by the queue's checkboxes. Only ASCII digits name a case ("²" is a digit to Python but
    not to int()), and an id beyond a 64-bit key names none (SQLite would refuse the query rather than find
    nothing)."""
    return [int(v) for v in values if v.isascii() and v.isdigit() and 0 < int(v) < 2**63]


@require_POST
@moderator_required()
def bulk_dismiss(request: HttpRequest) -> HttpResponse:
    form = BulkDismissForm(request.POST)
    ids = _case_ids(request.POST.getlist("case"))
    if not form.is_valid() or not ids:
        messages.error(request, _("请选择案件并填写驳回理由。"))
        return redirect("moderation_staff:queue")
    cases = selectors.cases_by_ids(ids=ids)
    done, problems = services.case_dismiss_bulk(cases=cases, moderator=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, _("已驳回 %(n)s 个案件。") % {"n": done})
    for problem in problems:
        messages.warning(request, problem)
    return redirect("moderation_staff:queue")


@require_safe
@moderator_required()
def case_next(request: HttpRequest) -> HttpResponse:
    """The next case for this moderator after `?after=<id>` (the keyboard's n/j); the queue when none is left."""
    after = request.GET.get("after", "")
    current = selectors.case_by_id(after)
    nxt = selectors.case_next(after=current, moderator=request.user)
    if nxt is None:
        messages.info(request, _("队列中没有其他待处理的案件了。"))
        return redirect("moderation_staff:queue")
    return redirect("moderation_staff:case", pk=nxt.pk)
