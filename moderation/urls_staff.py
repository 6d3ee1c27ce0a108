from django.urls import path

from .views_staff import appeals, cases, feedback, queue, stats

app_name = "moderation_staff"

urlpatterns = [
    path("", queue.queue, name="queue"),
    path("bulk-dismiss/", queue.bulk_dismiss, name="bulk_dismiss"),
    path("next/", queue.case_next, name="next"),
    path("cases/<int:pk>/", cases.case_detail, name="case"),
    path("cases/<int:pk>/claim/", cases.case_claim, name="claim"),
    path("cases/<int:pk>/release/", cases.case_release, name="release"),
    path("cases/<int:pk>/decide/", cases.case_decide, name="decide"),
    path("accounts/<int:pk>/link/", cases.account_link, name="link"),
    path("accounts/<int:pk>/notes/", cases.account_note, name="note"),
    path("appeals/", appeals.appeals, name="appeals"),
    path("appeals/<int:pk>/", appeals.appeal_detail, name="appeal"),
    path("stats/", stats.stats, name="stats"),
    path("stats/trends.csv", stats.stats_csv, name="stats_csv"),
    path("feedback/", feedback.feedback_inbox, name="feedback_inbox"),
    path("feedback/<int:pk>/", feedback.feedback_item, name="feedback_item"),
    path("feedback/<int:pk>/assign/", feedback.feedback_assign, name="feedback_assign"),
    path("feedback/<int:pk>/status/", feedback.feedback_status, name="feedback_status"),
]
