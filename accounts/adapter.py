"""How django-allauth fits this site: the client IP behind PROXY_COUNT proxies, the facts recorded at sign-up,
the sanction refusal at login (also for social logins), and the 429 page.

allauth owns the flows (sign-up, login by username or e-mail, verification, password reset, MFA); this adapter
only adds what the site knows and allauth does not.
"""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.ip import client_ip

from .models import User
from .policy import login_refusal


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        # One rule for the client IP everywhere (axes, the rate limits, sign-up): core.ip, not allauth's own.
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> User:
        """The sign-up form's nickname, and the IP and device the account was made from (for linked-account
        suggestions)."""
        user = super().save_user(request, user, form, commit=False)
        cleaned = getattr(form, "cleaned_data", {}) or {}
        user.display_name = (cleaned.get("display_name") or "").strip()
        user.signup_ip = client_ip(request)
        user.device_id = getattr(request, "device_id", "")
        if commit:
            user.save()
        return user

    def pre_login(self, request: HttpRequest, user: User, **kwargs: Any) -> HttpResponse | None:
        """A banned account is refused with the rule and a way to appeal, whichever way it logs in."""
        refusal = login_refusal(user)
        if refusal is not None:
            clear_login(request)
            return render(request, "accounts/banned.html", {"refusal": refusal}, status=403)
        return super().pre_login(request, user, **kwargs)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Social sign-ups (WeChat, Weibo, QQ) go through the same e-mail rules: the providers give no verified
    address, so such an account must add and verify one before it may write (accounts.policy)."""


class MFAAdapter(DefaultMFAAdapter):
    """allauth's two-factor, with the site's words where its Chinese catalogue reads oddly ("错误代码")."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _("验证码不正确，请重新输入。"),
        "unverified_email": _("请先验证您的邮箱，再开启两步验证。"),
    }
