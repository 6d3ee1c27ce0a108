from django.urls import path

from . import views_privacy

app_name = "privacy"

urlpatterns = [
    path("phone/", views_privacy.phone, name="phone"),
]
