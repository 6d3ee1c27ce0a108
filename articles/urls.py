from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import views
from .feeds import LatestArticlesFeed
from .sitemaps import SITEMAPS

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("category/<slug:slug>/", views.category, name="category"),
    path("tag/<str:slug>/", views.tag, name="tag"),
    path("authors/<str:username>/", views.author, name="author"),
    path("articles/<slug:slug>/", views.detail, name="detail"),
    path("articles/<slug:slug>/comments/", views.comment_post, name="comment"),
    path("search/", views.search, name="search"),
    path("feed/", LatestArticlesFeed(), name="feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # Writing
    path("write/", views.write, name="write"),
    path("write/<int:pk>/", views.edit, name="edit"),
    path("write/<int:pk>/publish/", views.publish, name="publish"),
    path("write/<int:pk>/submit/", views.submit, name="submit"),
    path("become-author/", views.become_author, name="become_author"),
    path("me/", views.dashboard, name="dashboard"),
    path("upload/image/", views.upload_image, name="upload_image"),
    path("media/<path:path>", views.media, name="media"),
    # Editors
    path("editor/", views.review_queue, name="review_queue"),
    path("editor/articles/<int:pk>/", views.review, name="review"),
    path("editor/articles/<int:pk>/revisions/", views.revisions, name="revisions"),
    path("editor/articles/<int:pk>/<str:decision>/", views.review_decide, name="review_decide"),
    path("editor/applications/<int:pk>/<str:decision>/", views.application_decide, name="application_decide"),
]
