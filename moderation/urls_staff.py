from django.urls import path

from . import views_staff

app_name = "moderation_staff"

urlpatterns = [
    path("", views_staff.queue, name="queue"),
]
