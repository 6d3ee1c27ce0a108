from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/<str:code>/", views.language, name="language"),
    path("accounts/", include("accounts.urls")),
    path("account/", include("accounts.urls_privacy")),
    path("accounts/", include("accounts.urls_auth")),
    path("moderation/", include("moderation.urls_staff")),
    path("", include("moderation.urls")),
    path("robots.txt", views.robots_txt, name="robots"),
    path("copyright/", views.copyright_notice, name="copyright"),
    path("", include("articles.urls")),
]

handler400 = "cms.views.error_400"
handler403 = "cms.views.error_403"
handler404 = "cms.views.error_404"
# allauth answers its own rate limits with the site's 429 page through this name.
handler429 = "cms.views.error_429"
handler500 = "cms.views.error_500"
