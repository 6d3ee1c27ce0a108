"""The site's account URLs under their old names (`accounts:login`, ...). The flows are allauth's
(accounts/urls_auth.py holds allauth's own names); these names and paths stay so that links, bookmarks and
LOGIN_URL keep working, and the paths of the old password views that allauth moved redirect to their new place."""

from allauth.account import views as allauth_views
from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "accounts"

urlpatterns = [
    path("register/", allauth_views.signup, name="register"),
    path("login/", allauth_views.login, name="login"),
    # Before allauth's own logout at the same path: logging out stays a POST (a GET answers 405, no confirm page).
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/change/", allauth_views.password_change, name="password_change"),
    path(
        "password/change/done/",
        RedirectView.as_view(pattern_name="account_change_password"),
        name="password_change_done",
    ),
    path("password/reset/", allauth_views.password_reset, name="password_reset"),
    path("password/reset/done/", allauth_views.password_reset_done, name="password_reset_done"),
    # Links mailed by the old reset view: their tokens are not allauth's, so the reader is asked for a new mail.
    path("reset/<uidb64>/<token>/", views.old_reset_link, name="password_reset_confirm"),
    path(
        "reset/done/",
        RedirectView.as_view(pattern_name="account_reset_password_from_key_done"),
        name="password_reset_complete",
    ),
    path("profile/", views.profile, name="profile"),
    path("profile/notifications/", views.notification_settings, name="notification_settings"),
    path("u/<str:username>/", views.public_profile, name="public_profile"),
]
