from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import error_response
from core.ip import client_ip
from core.ratelimits import limit
from core.services import notification_preference_of, notification_preference_set

from . import services
from .forms import (
    LoginForm,
    NotificationPreferenceForm,
    ProfileForm,
    RegistrationForm,
    SitePasswordChangeForm,
    SiteSetPasswordForm,
)
from .models import User
from .policy import write_refusal


@limit("register", key="ip")
@require_http_methods(["GET", "HEAD", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("/")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_register(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                display_name=form.cleaned_data.get("display_name", ""),
                signup_ip=client_ip(request),
                device_id=getattr(request, "device_id", ""),
            )
        except services.AccountError as exc:
            refused = error_response(request, exc, form=form)
            if refused is not None:
                return refused
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("注册成功，欢迎加入！"))
            return redirect("/")
    return render(request, "accounts/register.html", {"form": form})


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form: LoginForm) -> HttpResponse:
        if form.refusal is not None:
            return render(self.request, "accounts/banned.html", {"refusal": form.refusal}, status=403)
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = SitePasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


def _reset_address(group: str, request: HttpRequest) -> str:
    """The address a reset mail would go to, as the form matches it (case and spaces do not make another one)."""
    return request.POST.get("email", "").strip().lower()


# Each request may send a mail to someone else's inbox: limited per address (the inbox a stranger floods) and
# per IP (one client trying many addresses). Both answer the 429 page.
@method_decorator(limit("password_reset_ip", key="ip"), name="dispatch")
@method_decorator(limit("password_reset_email", key=_reset_address), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SiteSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


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
    form = ProfileForm(request.POST or None, request.FILES or None, instance=User.objects.get(pk=user.pk))
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
    profile_user = get_object_or_404(User, username=username, is_active=True)
    return redirect("articles:author", username=profile_user.username)
