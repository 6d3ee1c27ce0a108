from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("rules/", views.rules, name="rules"),
    path("rules/v<int:version>/", views.rules, name="rules_version"),
    path("feedback/", views.feedback, name="feedback"),
    path("feedback/appeal/<str:token>/", views.appeal_banned, name="appeal_banned"),
    path("me/inbox/", views.inbox, name="inbox"),
    path("me/status/", views.account_status, name="account_status"),
]
