"""The moderators' screens under /moderation/. Every view answers 403 to anyone without `moderation.decide_case`.

Claiming and linking are posted from the case page, which holds several forms: a refusal comes back there as a
message (post/redirect/get). A refused decision is the exception: the page is rendered again around the decision
form as posted, so that no choice is lost and each error stands beside its field.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from core.errors import error_response
from core.idempotency import once_per_form

from . import selectors, services
from .errors import ModerationError
from .forms import AppealReviewForm, BulkDismissForm, DecisionForm, LinkForm
from .models import Appeal, Case, Report

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
    page = Paginator(selectors.case_queue(category=category, source=source, status=status), QUEUE_PAGE).get_page(
        request.GET.get("page")
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
        },
        status=400 if form.is_bound and form.errors else 200,
    )


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


@moderator_required()
def stats(request: HttpRequest) -> HttpResponse:
    return render(request, "moderation/stats.html", {"stats": selectors.moderation_stats(days=30)})
