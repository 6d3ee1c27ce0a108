import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .policy import login_refusal, mfa_missing

DEVICE_COOKIE = "did"
DEVICE_COOKIE_AGE = 2 * 365 * 86400


class BannedSessionMiddleware:
    """A ban ends the account's live sessions at once: its next request is logged out and refused."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            refusal = login_refusal(user)
            if refusal is not None:
                logout(request)
                return render(request, "accounts/banned.html", {"refusal": refusal}, status=403)
        return self.get_response(request)


class DeviceCookieMiddleware:
    """Gives each browser a random, long-lived id, used to suggest links between accounts made on one device."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        device_id = request.COOKIES.get(DEVICE_COOKIE, "")
        if not (device_id.isalnum() and len(device_id) <= 64):
            device_id = ""
        request.device_id = device_id or secrets.token_hex(16)
        response = self.get_response(request)
        if not device_id:
            response.set_cookie(
                DEVICE_COOKIE,
                request.device_id,
                max_age=DEVICE_COOKIE_AGE,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response


class StaffMFAMiddleware:
    """With MFA_REQUIRED_FOR_STAFF on, an editor, moderator or admin without TOTP is sent to set it up before any
    other page (the admin included): the password alone opens nothing. allauth itself asks an account that has TOTP
    for its code at login; this covers the accounts that have not set it up yet."""

    # What such an account may still reach: the set-up itself (and the re-authentication it may ask), its e-mail
    # (allauth refuses TOTP until the address is verified), logging out, and the files the pages load.
    ALLOWED_NAMES = (
        "account_email",
        "account_email_verification_sent",
        "mfa_activate_totp",
        "mfa_index",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "account_reauthenticate",
        "mfa_reauthenticate",
        "accounts:logout",
        "account_logout",
    )

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed: set[str] | None = None

    def _allowed_paths(self) -> set[str]:
        if self._allowed is None:
            self._allowed = {reverse(name) for name in self.ALLOWED_NAMES}
        return self._allowed

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.MFA_REQUIRED_FOR_STAFF:
            return self.get_response(request)
        user = getattr(request, "user", None)
        path = request.path_info
        exempt = path.startswith(
            (settings.STATIC_URL, settings.MEDIA_URL, "/accounts/captcha/", "/accounts/confirm-email/", "/i18n/")
        )
        signed_in = user is not None and user.is_authenticated
        if signed_in and not exempt and path not in self._allowed_paths() and mfa_missing(user):
            messages.warning(request, _("您的账号是编辑、审核员或管理员账号，需要先开启两步验证（TOTP）才能继续使用。"))
            return redirect("mfa_activate_totp")
        return self.get_response(request)
