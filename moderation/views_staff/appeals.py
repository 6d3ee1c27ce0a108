"""Appeals, reviewed by a moderator other than the one who decided."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import error_response, found_or_404

from .. import selectors, services
from ..errors import ModerationError
from ..forms import (
    AppealReviewForm,
)
from .access import moderator_required


@moderator_required("moderation.review_appeal")
def appeals(request: HttpRequest) -> HttpResponse:
    return render(request, "moderation/appeals.html", {"appeals": selectors.appeals_pending()[:200]})


@moderator_required("moderation.review_appeal")
def appeal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = found_or_404(selectors.appeal_get(pk=pk))
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
            "sanctions": selectors.decision_sanctions(decision=appeal.decision),
        },
        status=400 if form.errors else 200,
    )
