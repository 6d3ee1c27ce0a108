"""The moderators' screens under /moderation/. Every view answers 403 to anyone without `moderation.decide_case`.

Claiming and linking are posted from the case page, which holds several forms: a refusal comes back there as a
message (post/redirect/get). A refused decision is the exception: the page is rendered again around the decision
form as posted, so that no choice is lost and each error stands beside its field.
"""

import csv
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from core.errors import error_response
from core.idempotency import once_per_form

from . import selectors, services
from .errors import ModerationError
from .forms import (
    AppealReviewForm,
    BulkDismissForm,
    DecisionForm,
    FeedbackAssignForm,
    FeedbackReplyForm,
    FeedbackStatusForm,
    LinkForm,
    NoteForm,
)
from .models import Appeal, Case, Decision, Feedback, Report

QUEUE_PAGE = 50


def moderator_required(perm: str = "moderation.decide_case") -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (request.user.has_perm("moderation.decide_case") and request.user.has_perm(perm)):
                raise PermissionDenied(_("只有审核员可以访问审核台。"))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


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
    cases = list(Case.objects.filter(pk__in=ids))
    done, problems = services.case_dismiss_bulk(cases=cases, moderator=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, _("已驳回 %(n)s 个案件。") % {"n": done})
    for problem in problems:
        messages.warning(request, problem)
    return redirect("moderation_staff:queue")


def _about_self(request: HttpRequest, case: Case) -> HttpResponse | None:
    """A case about the moderator (or an account linked to them) is not theirs to read: it would show who
    reported them. They follow it on their account status page, as any account does."""
    if not services.case_is_about(case=case, account=request.user):
        return None
    error = ModerationError(
        _("该案件与您本人（或关联账号）有关，您不能查看或处理。处理结果会在账号状态页告知您。"), status=403
    )
    return error_response(request, error)


def _case_page(request: HttpRequest, case: Case, *, form: DecisionForm | None = None) -> HttpResponse:
    """The case page; `form` is a decision form posted with errors, shown again with every choice kept."""
    reports = list(selectors.case_reports(case=case))
    reported_codes = sorted({r.rule_code for r in reports if r.rule_code})
    evidence = selectors.case_evidence(case=case)
    proposal, proposal_error = None, ""
    if case.status == Case.Status.OPEN:
        try:
            proposal = services.sanction_propose(account=case.target_owner, rule_codes=reported_codes)
        except ModerationError as exc:
            proposal_error = str(exc)
    proposed = proposal.rung if proposal else None
    if form is None:
        # Pre-filled with what the reports and the automatic checks cite; the action is the moderator's choice.
        cited = dict.fromkeys([*reported_codes, *(f.rule for f in evidence.findings if f.rule)])
        form = DecisionForm(proposed=proposed, initial={"rule_codes": list(cited)})
    else:
        form.proposal_show(proposed)
    claimed_by_other = case.claim_active() and case.claimed_by_id != request.user.pk
    rules_cited = list(form.initial.get("rule_codes") or []) if not form.is_bound else []
    return render(
        request,
        "moderation/case.html",
        {
            "case": case,
            "reports": reports,
            "evidence": evidence,
            "decision": getattr(case, "decision", None) if case.status == Case.Status.DECIDED else None,
            "proposal": proposal,
            "proposal_error": proposal_error,
            "form": form,
            "link_form": LinkForm(),
            "history": selectors.account_history(account=case.target_owner, exclude_case=case),
            "refusal": services.staff_refusal(request.user)
            or services.case_conflict(case=case, moderator=request.user),
            "claimed_by_other": claimed_by_other,
            "note_form": NoteForm(prefix="note"),
            "note_refusal": services.note_conflict(account=case.target_owner, moderator=request.user),
            "quick": _quick_decisions(case=case, evidence=evidence, reported=reported_codes, proposal=proposal)
            if case.status == Case.Status.OPEN
            else [],
            "rules_cited": rules_cited,
            "waited": _waited(case),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _waited(case: Case):
    end = case.decided_at or timezone.now()
    return end - case.opened_at


def _sanction_label(*, about_content: bool, rung: int | None) -> str:
    if rung is None:
        return _("删除并处罚") if about_content else _("处罚")
    if about_content:
        return _("删除并处罚 R%(rung)s") % {"rung": rung}
    return _("处罚 R%(rung)s") % {"rung": rung}


def _quick_decisions(*, case: Case, evidence, reported: list[str], proposal) -> list[dict]:
    """The common decisions, one click each, citing the rule the automatic check found (else the first reported
    one) with a standard reason in words. Each is a small form of hidden fields posted to the decide view, so a
    refusal comes back exactly like the full form's."""
    found = [f.rule for f in evidence.findings if f.rule]
    cited = [*found, *reported]
    rule = cited[0] if cited else ""
    titles = {r.code: r.title for c in selectors.rule_categories_current() for r in c.rules.all()}
    title = titles.get(rule, "")
    about_content = case.target_type.model != "user"
    quick = [
        {
            "key": "d",
            "action": Decision.Action.DISMISS,
            "label": _("驳回"),
            "rules": [],
            "reason": _("经审核，未发现违反社区规则的情况。"),
        }
    ]
    if rule:
        broke = _("违反社区规则 %(code)s「%(title)s」。") % {"code": rule, "title": title[:40]}
        quick.append({"key": "w", "action": Decision.Action.WARN, "label": _("警告"), "rules": [rule], "reason": broke})
        if about_content:
            quick.append(
                {"key": "r", "action": Decision.Action.REMOVE, "label": _("删除"), "rules": [rule], "reason": broke}
            )
        quick.append(
            {
                "key": "s",
                "action": Decision.Action.SANCTION,
                "label": _sanction_label(about_content=about_content, rung=proposal.rung if proposal else None),
                "rules": [rule],
                "reason": broke,
            }
        )
    for q in quick:
        q["rule"] = rule if q["rules"] else ""
    return quick


@require_safe
@moderator_required()
def case_next(request: HttpRequest) -> HttpResponse:
    """The next case for this moderator after `?after=<id>` (the keyboard's n/j); the queue when none is left."""
    after = request.GET.get("after", "")
    current = (
        Case.objects.filter(pk=int(after)).first() if after.isascii() and after.isdigit() and len(after) < 18 else None
    )
    nxt = selectors.case_next(after=current, moderator=request.user)
    if nxt is None:
        messages.info(request, _("队列中没有其他待处理的案件了。"))
        return redirect("moderation_staff:queue")
    return redirect("moderation_staff:case", pk=nxt.pk)


@require_POST
@moderator_required()
def account_note(request: HttpRequest, pk: int) -> HttpResponse:
    """A note on an account, posted from one of its case pages (post/redirect/get back to it)."""
    account = get_object_or_404(User, pk=pk)
    form = NoteForm(request.POST, prefix="note")
    case_id = request.POST.get("case", "")
    case = (
        Case.objects.filter(pk=int(case_id)).first()
        if case_id.isascii() and case_id.isdigit() and len(case_id) < 18
        else None
    )
    if form.is_valid():
        try:
            services.account_note_add(
                account=account, moderator=request.user, text=form.cleaned_data["text"], case=case
            )
        except ModerationError as exc:
            if exc.status == 403:
                return error_response(request, exc)
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已添加账号备注。"))
    else:
        messages.error(request, _("请填写备注内容（最多 2000 字）。"))
    return HttpResponseRedirect(_safe_next(request, reverse("moderation_staff:queue")))


@moderator_required()
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(pk=pk)
    if case is None:
        return render(request, "errors/404.html", status=404)
    return _about_self(request, case) or _case_page(request, case)


@require_POST
@moderator_required()
def case_claim(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(Case, pk=pk)
    try:
        services.case_claim(case=case, moderator=request.user)
    except ModerationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已认领，15 分钟内其他审核员不能处理该案件。"))
    return redirect("moderation_staff:case", pk=pk)


@require_POST
@moderator_required()
def case_release(request: HttpRequest, pk: int) -> HttpResponse:
    services.case_release(case=get_object_or_404(Case, pk=pk), moderator=request.user)
    return redirect("moderation_staff:case", pk=pk)


@require_POST
@moderator_required()
@once_per_form
def case_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """A refused decision comes back as the case page with the form as posted and the error beside its field."""
    case = selectors.case_get(pk=pk)
    if case is None:
        return render(request, "errors/404.html", status=404)
    if (refused := _about_self(request, case)) is not None:
        return refused
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.case_decide(
                case=case,
                moderator=request.user,
                action=form.cleaned_data["action"],
                rule_codes=form.cleaned_data["rule_codes"],
                reason=form.cleaned_data["reason"],
                rung=form.cleaned_data["rung"],
                rung_reason=form.cleaned_data["rung_reason"],
            )
        except ModerationError as exc:
            if (refused := error_response(request, exc, form=form)) is not None:
                return refused
            case.refresh_from_db()
        else:
            messages.success(request, _("已处理案件 #%(pk)s。") % {"pk": pk})
            return redirect("moderation_staff:queue")
    return _case_page(request, case, form=form)


def _safe_next(request: HttpRequest, default: str) -> str:
    """The posted `next` when it is a path on this site; anything else (`abc`, `//evil.example`) is `default`."""
    back = request.POST.get("next") or ""
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return default


@require_POST
@moderator_required()
def account_link(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(User, pk=pk)
    form = LinkForm(request.POST)
    if form.is_valid():
        other = User.objects.filter(username=form.cleaned_data["username"]).first()
        if other is None:
            messages.error(request, _("用户不存在。"))
        else:
            try:
                services.account_link(
                    account=account, other=other, moderator=request.user, reason=form.cleaned_data["reason"]
                )
            except ModerationError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("已关联账号。"))
    else:
        messages.error(request, _("请填写要关联的用户名。"))
    return HttpResponseRedirect(_safe_next(request, reverse("moderation_staff:queue")))


@moderator_required("moderation.review_appeal")
def appeals(request: HttpRequest) -> HttpResponse:
    return render(request, "moderation/appeals.html", {"appeals": selectors.appeals_pending()[:200]})


@moderator_required("moderation.review_appeal")
def appeal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = get_object_or_404(
        Appeal.objects.select_related("appellant", "decision__case", "decision__moderator", "reviewer"), pk=pk
    )
    form = AppealReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_review(
                appeal=appeal,
                reviewer=request.user,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                reduced_to=form.cleaned_data["reduced_to"],
            )
        except ModerationError as exc:
            if (refused := error_response(request, exc, form=form)) is not None:
                return refused
        else:
            messages.success(request, _("申诉已复核。"))
            return redirect("moderation_staff:appeals")
    return render(
        request,
        "moderation/appeal.html",
        {
            "appeal": appeal,
            "form": form,
            "own_decision": appeal.decision.moderator_id == request.user.pk,
            "refusal": services.staff_refusal(request.user)
            or services.appeal_conflict(
                decision=appeal.decision, reviewer=request.user, appellant_id=appeal.appellant_id
            ),
            "sanctions": appeal.decision.sanctions.select_related("account"),
        },
        status=400 if form.errors else 200,
    )


def _trend_days(request: HttpRequest) -> int:
    days = request.GET.get("days", "")
    return int(days) if days in {str(d) for d in selectors.TREND_WINDOWS} else selectors.TREND_WINDOWS[0]


@moderator_required()
def stats(request: HttpRequest) -> HttpResponse:
    days = _trend_days(request)
    trends = selectors.moderation_trends_cached(days=days)
    chart_data = {
        "labels": trends["labels"],
        "reports": trends["reports"],
        "check_cases": trends["check_cases"],
        "actions": [{"label": s.label, "key": s.key, "values": s.values} for s in trends["actions"]],
        "categories": [{"label": s.label, "key": s.key, "values": s.values} for s in trends["categories"]],
        "wait_median": trends["wait_median"],
        "wait_p90": trends["wait_p90"],
        "text": {
            "reports": _("用户举报"),
            "check_cases": _("自动检查案件"),
            "median": _("中位数（小时）"),
            "p90": _("P90（小时）"),
        },
    }
    return render(
        request,
        "moderation/stats.html",
        {"trends": trends, "chart_data": chart_data, "windows": selectors.TREND_WINDOWS, "days": days},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_safe
@moderator_required()
def stats_csv(request: HttpRequest) -> HttpResponse:
    """The numbers behind the charts, as CSV (one row per series, key and day)."""
    days = _trend_days(request)
    writer = csv.writer(_Echo())
    rows = selectors.trends_csv_rows(selectors.moderation_trends_cached(days=days))
    response = StreamingHttpResponse((writer.writerow(r) for r in rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="moderation-trends-{days}d.csv"'
    return response


# --- The feedback inbox ---------------------------------------------------------------------------------------------


def feedback_staff_required(view: Callable) -> Callable:
    """Moderators (suggestions) and editors (copyright complaints); anyone else 403, anonymous to the login."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        kinds = services.feedback_kinds_for(request.user)
        if not kinds:
            raise PermissionDenied(_("只有审核员和编辑可以处理反馈。"))
        return view(request, *args, kinds=kinds, **kwargs)

    return wrapped


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
        form = FeedbackAssignForm(request.POST, staff=selectors.feedback_staff(kind=feedback.kind))
        if not form.is_valid():
            messages.error(request, _("请选择负责人。"))
            return redirect("moderation_staff:feedback_item", pk=pk)
        assignee = (
            User.objects.filter(pk=form.cleaned_data["assignee"]).first() if form.cleaned_data["assignee"] else None
        )
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
