from django.urls import path

from . import views_staff

app_name = "moderation_staff"

urlpatterns = [
    path("", views_staff.queue, name="queue"),
    path("bulk-dismiss/", views_staff.bulk_dismiss, name="bulk_dismiss"),
    path("cases/<int:pk>/", views_staff.case_detail, name="case"),
    path("cases/<int:pk>/claim/", views_staff.case_claim, name="claim"),
    path("cases/<int:pk>/release/", views_staff.case_release, name="release"),
    path("cases/<int:pk>/decide/", views_staff.case_decide, name="decide"),
    path("accounts/<int:pk>/link/", views_staff.account_link, name="link"),
    path("appeals/", views_staff.appeals, name="appeals"),
    path("appeals/<int:pk>/", views_staff.appeal_detail, name="appeal"),
    path("stats/", views_staff.stats, name="stats"),
]
