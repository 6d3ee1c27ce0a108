from django.urls import path

from . import views_privacy

app_name = "privacy"

urlpatterns = [
    path("phone/", views_privacy.phone, name="phone"),
    path("data/", views_privacy.data, name="data"),
    path("data/export/", views_privacy.data_export, name="export"),
    path("delete/", views_privacy.delete, name="delete"),
]
