"""Accounts: django-allauth (registration, login, e-mail, password, MFA, social login) and the captcha."""

from django.core.exceptions import ImproperlyConfigured

# What this part reads of the earlier parts, or extends in place.
from .base import (
    BASE_DIR,
    DEBUG,
    INSTALLED_APPS,
    LOCALE_PATHS,
    MIDDLEWARE,
    RATELIMITS,
    SITE_NAME,
    TEMPLATES,
    env,
)

# --- accounts (django-allauth: registration, login, e-mail, password, MFA, social; captcha) ---
# Registration, login by username or e-mail, e-mail verification, password change/reset and TOTP MFA are
# django-allauth's; accounts/adapter.py and accounts/forms.py adapt them (sanction refusal, captcha, client IP).
INSTALLED_APPS += ["allauth", "allauth.account", "allauth.mfa", "allauth.socialaccount", "captcha"]
# Social login, off by default: a comma-separated list of weixin, weibo, qq. Each one named needs
# <NAME>_CLIENT_ID and <NAME>_SECRET (the AppID/AppKey from the open platform).
SOCIAL_LOGIN_PROVIDERS = env.list("SOCIAL_LOGIN_PROVIDERS", default=[])
_SOCIAL_APPS = {
    "weixin": "allauth.socialaccount.providers.weixin",
    "weibo": "allauth.socialaccount.providers.weibo",
    "qq": "accounts.social.qq",  # allauth has no QQ provider; accounts/social/qq is a small OAuth2 one
}
_unknown = sorted(set(SOCIAL_LOGIN_PROVIDERS) - set(_SOCIAL_APPS))
if _unknown:
    raise ImproperlyConfigured(f"SOCIAL_LOGIN_PROVIDERS: unknown provider(s) {_unknown}; known: {sorted(_SOCIAL_APPS)}")
INSTALLED_APPS += [_SOCIAL_APPS[_p] for _p in SOCIAL_LOGIN_PROVIDERS]
SOCIALACCOUNT_PROVIDERS = {
    _p: {"APPS": [{"client_id": env.str(f"{_p.upper()}_CLIENT_ID"), "secret": env.str(f"{_p.upper()}_SECRET")}]}
    for _p in SOCIAL_LOGIN_PROVIDERS
}
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
# allauth keeps the login state (MFA stage, e-mail verification) on request.allauth.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "allauth.account.middleware.AccountMiddleware",
)
# Staff without TOTP are sent to set it up before anything else when MFA_REQUIRED_FOR_STAFF is on.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "accounts.middleware.StaffMFAMiddleware",
)
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True  # case-insensitive: allauth stores addresses lower-cased
# "optional": a new account is logged in and sent the verification mail; until it is verified accounts.policy
# refuses every write (comment, article, contribution, report, profile text), with a link to resend the mail.
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_SESSION_REMEMBER = True  # as before: a login lasts SESSION_COOKIE_AGE
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# allauth counts these in the cache and answers with handler429 (cms.views.error_429); the rates are the ones in
# RATELIMITS, so there is still one table. Sign-ups per IP; reset mails per IP and per address (lower-cased).
ACCOUNT_RATE_LIMITS = {
    "signup": f"{RATELIMITS['register']}/ip",
    "reset_password": f"{RATELIMITS['password_reset_ip']}/ip,{RATELIMITS['password_reset_email']}/key",
    # Failed logins are axes' (AXES_FAILURE_LIMIT per username and IP); allauth's own 5-per-5-minutes would
    # answer first and change the lockout the users were told about.
    "login_failed": None,
}
# TOTP with recovery codes. Required for editors, moderators and admins when MFA_REQUIRED_FOR_STAFF is on
# (default: on when DEBUG is off; the embedded default leaves it optional so that the demo logins work).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
MFA_FORMS = {"authenticate": "accounts.forms.MFAAuthenticateForm", "activate_totp": "accounts.forms.ActivateTOTPForm"}
MFA_TOTP_ISSUER = SITE_NAME
MFA_REQUIRED_FOR_STAFF = env.bool("MFA_REQUIRED_FOR_STAFF", default=not DEBUG)
# django-simple-captcha: images drawn by the server, no outside service. Asked on registration, and on login once
# CAPTCHA_LOGIN_AFTER_FAILURES failed logins came from the client's IP or named the username (within AXES_COOLOFF_TIME).
CAPTCHA_LOGIN_AFTER_FAILURES = env.int("CAPTCHA_LOGIN_AFTER_FAILURES", default=3)
CAPTCHA_LENGTH = 4
CAPTCHA_TIMEOUT = 10  # minutes a challenge stays answerable
CAPTCHA_IMAGE_SIZE = (120, 40)
CAPTCHA_FONT_SIZE = 28
# Failures by e-mail or by another letter case count against the account's username (accounts/lockout.py).
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
TEMPLATES[0]["OPTIONS"]["context_processors"].append("accounts.context_processors.email_verification")
# Puts back Django's wording of "This field is required." that django-simple-captcha's catalogue overrides
# (accounts/translations/zh_Hans/LC_MESSAGES/django.po says why).
LOCALE_PATHS += [BASE_DIR / "accounts" / "translations"]
