from django.urls import path

from . import views_staff

app_name = "moderation_staff"

urlpatterns = [
    path("", views_staff.queue, name="queue"),
    path("bulk-dismiss/", views_staff.bulk_dismiss, name="bulk_dismiss"),
    path("next/", views_staff.case_next, name="next"),
    path("cases/<int:pk>/", views_staff.case_detail, name="case"),
    path("cases/<int:pk>/claim/", views_staff.case_claim, name="claim"),
    path("cases/<int:pk>/release/", views_staff.case_release, name="release"),
    path("cases/<int:pk>/decide/", views_staff.case_decide, name="decide"),
    path("accounts/<int:pk>/link/", views_staff.account_link, name="link"),
    path("accounts/<int:pk>/notes/", views_staff.account_note, name="note"),
    path("appeals/", views_staff.appeals, name="appeals"),
    path("appeals/<int:pk>/", views_staff.appeal_detail, name="appeal"),
    path("stats/", views_staff.stats, name="stats"),
    path("stats/trends.csv", views_staff.stats_csv, name="stats_csv"),
    path("feedback/", views_staff.feedback_inbox, name="feedback_inbox"),
    path("feedback/<int:pk>/", views_staff.feedback_item, name="feedback_item"),
    path("feedback/<int:pk>/assign/", views_staff.feedback_assign, name="feedback_assign"),
    path("feedback/<int:pk>/status/", views_staff.feedback_status, name="feedback_status"),
]
