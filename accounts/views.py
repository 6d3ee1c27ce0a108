from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import error_response, found_or_404
from core.services import notification_preference_of, notification_preference_set

from . import selectors, services
from .forms import NotificationPreferenceForm, ProfileForm
from .models import User
from .policy import write_refusal


class LogoutView(auth_views.LogoutView):
    """Django's: a POST logs out, a GET answers 405 (allauth's would show a confirmation page)."""


@require_http_methods(["GET", "HEAD", "POST"])
def old_reset_link(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """A reset link mailed before the move to allauth: its token is not one allauth can check."""
    messages.warning(request, _("该重设密码链接已失效，请重新申请。"))
    return redirect("account_reset_password")


def _notice_form(user: User) -> NotificationPreferenceForm:
    pref = notification_preference_of(user=user)
    return NotificationPreferenceForm(initial={"reply": pref.reply, "mention": pref.mention, "email": pref.email})


@login_required
@require_http_methods(["POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    """Which notices about other readers' replies and @mentions the user wants, and whether by email too. Not a
    public write, so a muted account may still change it."""
    form = NotificationPreferenceForm(request.POST)
    form.is_valid()  # three check boxes: any input is valid
    notification_preference_set(user=request.user, **{k: bool(form.cleaned_data.get(k)) for k in form.fields})
    messages.success(request, _("通知设置已保存。"))
    return redirect(reverse("accounts:profile") + "#notifications")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, request.FILES or None, instance=selectors.account_fresh(user=user))
    refusal = write_refusal(user)
    if request.method == "POST" and refusal is not None:
        # A muted account is told so where the form is, and gets back what it typed instead of a bare 403 page.
        return render(
            request,
            "accounts/profile.html",
            {"form": form, "refusal": refusal, "notice_form": _notice_form(user)},
            status=403,
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(
                user=user,
                display_name=form.cleaned_data["display_name"],
                bio=form.cleaned_data["bio"],
                avatar=request.FILES.get("avatar"),
            )
        except services.AccountError as exc:
            refused = error_response(request, exc, form=form)
            if refused is not None:
                return refused
            return render(
                request,
                "accounts/profile.html",
                {"form": form, "refusal": refusal, "notice_form": _notice_form(user)},
                status=400,
            )
        messages.success(request, _("资料已保存。"))
        return redirect("accounts:profile")
    return render(
        request, "accounts/profile.html", {"form": form, "refusal": refusal, "notice_form": _notice_form(user)}
    )


def public_profile(request: HttpRequest, username: str) -> HttpResponse:
    if "\x00" in username:  # PostgreSQL refuses NUL in a string: a 404, not a 500
        raise Http404
    profile_user = found_or_404(selectors.person_get(username=username))
    return redirect("articles:author", username=profile_user.username)
