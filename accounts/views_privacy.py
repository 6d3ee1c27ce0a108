"""The account's privacy pages: phone verification (后台实名), downloading one's data, deleting the account (注销).

Kept apart from `views.py` (registration and login, which move to django-allauth): these pages only need a
logged-in user and call the services in `accounts.phone` and `accounts.closure`.
"""

import tempfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import error_page, error_response
from core.ratelimits import limited

from . import closure
from . import phone as phone_services
from .forms_privacy import DeleteForm, PhoneForm
from .services import AccountError


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def phone(request: HttpRequest) -> HttpResponse:
    """One page, two buttons: 获取验证码 (action=send) and 验证 (action=verify). What was typed stays on refusal."""
    user = request.user
    form = PhoneForm(request.POST or None, initial={"phone": ""})
    context = {"form": form, "next": _next(request), "sent": False, "minutes": max(1, settings.PHONE_CODE_TTL // 60)}
    status = 200
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "send")
        try:
            if action == "verify":
                if limited(request, "sms_verify"):
                    raise AccountError(_("尝试过于频繁，请稍后再试。"), field="code")
                phone_services.phone_verify(user=user, phone=form.cleaned_data["phone"], code=form.cleaned_data["code"])
                messages.success(request, _("手机号已验证。"))
                return redirect(context["next"] or "privacy:phone")
            if limited(request, "sms_ip", key="ip"):
                raise AccountError(_("获取验证码过于频繁，请稍后再试。"), status=429)
            phone_services.phone_code_send(user=user, phone=form.cleaned_data["phone"])
            context["sent"] = True
        except AccountError as exc:
            if exc.status == 429:
                form.add_error(None, exc.message)
                status = 429
            else:
                refused = error_response(request, exc, form=form)
                if refused is not None:
                    return refused
                status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "accounts/phone.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def data(request: HttpRequest) -> HttpResponse:
    """下载我的数据 and 注销账号, on one page."""
    return render(request, "accounts/data.html", {"form": DeleteForm()})


@login_required
@require_POST
def data_export(request: HttpRequest) -> HttpResponse:
    """The account's data as a ZIP (JSON and uploads), built in a temporary file (uploads may be large)."""
    if limited(request, "data_export"):
        return error_page(request, AccountError(_("导出过于频繁，请稍后再试。"), status=429))
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when the download ends
    closure.account_export(user=request.user, out=handle)
    handle.seek(0)
    stamp = timezone.localtime().strftime("%Y%m%d")
    return FileResponse(handle, as_attachment=True, filename=f"my-data-{stamp}.zip", content_type="application/zip")


@login_required
@require_POST
def delete(request: HttpRequest) -> HttpResponse:
    """注销: the password again, the choice for the public content, and a confirmation; then the session ends."""
    form = DeleteForm(request.POST)
    if form.is_valid():
        try:
            closure.account_delete(
                user=request.user,
                password=form.cleaned_data["password"],
                remove_content=form.cleaned_data["content"] == DeleteForm.REMOVE,
            )
        except AccountError as exc:
            refused = error_response(request, exc, form=form)
            if refused is not None:
                return refused
        else:
            logout(request)
            return render(request, "accounts/deleted.html")
    return render(request, "accounts/data.html", {"form": form}, status=400)
