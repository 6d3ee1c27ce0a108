from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("write/", views.write, name="write"),
    path("me/", views.dashboard, name="dashboard"),
    path("editor/", views.review_queue, name="review_queue"),
    path("authors/<str:username>/", views.author, name="author"),
]
