from django.contrib.sitemaps.views import sitemap
from django.urls import path

from .feeds import AuthorFeed, CategoryFeed, LatestArticlesFeed
from .sitemaps import SITEMAPS
from .views import comments, editor, engagement, reader, writing

app_name = "articles"

urlpatterns = [
    path("", reader.home, name="home"),
    path("category/<slug:slug>/", reader.category, name="category"),
    path("tag/<str:slug>/", reader.tag, name="tag"),
    path("authors/<str:username>/", reader.author, name="author"),
    path("articles/<slug:slug>/", reader.detail, name="detail"),
    path("articles/<slug:slug>/comments/", comments.comment_post, name="comment"),
    path("comments/<int:pk>/edit/", comments.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", comments.comment_delete, name="comment_delete"),
    path("comments/<int:pk>/like/", comments.comment_like, name="comment_like"),
    path("search/", reader.search, name="search"),
    path("feed/", LatestArticlesFeed(), name="feed"),
    path("category/<slug:slug>/feed/", CategoryFeed(), name="category_feed"),
    path("authors/<str:username>/feed/", AuthorFeed(), name="author_feed"),
    # Readers' engagement (articles/views/engagement.py)
    path("articles/<int:pk>/counts/", engagement.counts, name="counts"),
    path("articles/<int:pk>/like/", engagement.like, name="like"),
    path("articles/<int:pk>/favorite/", engagement.favorite, name="favorite"),
    path("articles/<int:pk>/qr.svg", engagement.share_qr, name="share_qr"),
    path("authors/<str:username>/follow/", engagement.follow, name="follow"),
    path("me/favorites/", engagement.my_favorites, name="my_favorites"),
    path("me/following/", engagement.my_following, name="my_following"),
    path("me/history/", engagement.my_history, name="my_history"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # Writing
    path("write/", writing.write, name="write"),
    path("write/<int:pk>/", writing.edit, name="edit"),
    path("write/<int:pk>/publish/", writing.publish, name="publish"),
    path("write/<int:pk>/submit/", writing.submit, name="submit"),
    path("become-author/", writing.become_author, name="become_author"),
    path("me/", writing.dashboard, name="dashboard"),
    path("upload/image/", writing.upload_image, name="upload_image"),
    path("media/<path:path>", reader.media, name="media"),
    # Editors
    path("editor/", editor.review_queue, name="review_queue"),
    path("editor/articles/<int:pk>/", editor.review, name="review"),
    path("editor/articles/<int:pk>/revisions/", editor.revisions, name="revisions"),
    path("editor/articles/<int:pk>/<str:decision>/", editor.review_decide, name="review_decide"),
    path("editor/applications/<int:pk>/<str:decision>/", editor.application_decide, name="application_decide"),
]
