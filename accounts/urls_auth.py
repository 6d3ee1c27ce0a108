"""allauth's URLs under their own names (`account_login`, `mfa_activate_totp`, ...), which allauth reverses.

Put together here rather than with `allauth.urls`, which also adds unnamed legacy redirects for social logins:
e-mail and password (allauth.account), two-factor (allauth.mfa), social logins only when SOCIAL_LOGIN_PROVIDERS
names a provider, and the captcha images.
"""

from allauth.urls import build_provider_urlpatterns
from captcha import views as captcha_views
from django.conf import settings
from django.urls import include, path, re_path

urlpatterns = [
    path("", include("allauth.account.urls")),
    path("2fa/", include("allauth.mfa.urls")),
    re_path(r"^captcha/image/(?P<key>\w+)/$", captcha_views.captcha_image, name="captcha-image", kwargs={"scale": 1}),
    re_path(
        r"^captcha/image/(?P<key>\w+)@2/$", captcha_views.captcha_image, name="captcha-image-2x", kwargs={"scale": 2}
    ),
]

if settings.SOCIAL_LOGIN_PROVIDERS:
    urlpatterns += [path("3rdparty/", include("allauth.socialaccount.urls")), *build_provider_urlpatterns()]
