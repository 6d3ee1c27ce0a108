import secrets

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .policy import login_refusal

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
