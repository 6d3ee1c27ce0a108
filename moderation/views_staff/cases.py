"""One case: its page, claiming, releasing, deciding; linking accounts and noting on them.

Claiming and linking are posted from the case page, which holds several forms: a refusal comes back there as a
message (post/redirect/get). A refused decision is the exception: the page is rendered again around the decision
form as posted, so that no choice is lost and each error stands beside its field.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import error_response, found_or_404
from core.idempotency import once_per_form

from .. import selectors, services
from ..errors import ModerationError
from ..forms import (
    DecisionForm,
    LinkForm,
    NoteForm,
)
from ..models import Case, Decision
from .access import moderator_required


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


@require_POST
@moderator_required()
def account_note(request: HttpRequest, pk: int) -> HttpResponse:
    """A note on an account, posted from one of its case pages (post/redirect/get back to it)."""
    account = found_or_404(selectors.account_get(pk=pk))
    form = NoteForm(request.POST, prefix="note")
    case = selectors.case_by_id(request.POST.get("case"))
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
    case = found_or_404(selectors.case_get(pk=pk))
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
    services.case_release(case=found_or_404(selectors.case_get(pk=pk)), moderator=request.user)
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
    account = found_or_404(selectors.account_get(pk=pk))
    form = LinkForm(request.POST)
    if form.is_valid():
        other = selectors.account_get(username=form.cleaned_data["username"])
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
