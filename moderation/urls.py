from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("rules/", views.rules, name="rules"),
    path("transparency/", views.transparency, name="transparency"),
    path("rules/v<int:version>/", views.rules, name="rules_version"),
    path("report/", views.report, name="report"),
    path("feedback/", views.feedback, name="feedback"),
    path("feedback/appeal/<str:token>/", views.appeal_banned, name="appeal_banned"),
    path("me/inbox/", views.inbox, name="inbox"),
    path("me/status/", views.account_status, name="account_status"),
    path("copyright-complaints/", views.copyright_queue, name="copyright_queue"),
    path("copyright-complaints/<int:pk>/handle/", views.copyright_handle, name="copyright_handle"),
]
