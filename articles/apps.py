from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from moderation import registry


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("文章")

    def ready(self) -> None:
        from accounts import personal_data
        from core import pagecache

        from . import services
        from .cache import SEARCH_HIT
        from .models import Article, Comment
        from .moderation import ArticleAdapter, CommentAdapter
        from .personal_data import ArticlesProvider

        registry.register(Article, ArticleAdapter())
        registry.register(Comment, CommentAdapter())
        personal_data.register(ArticlesProvider())
        # A cached search page still counts its query for the hot searches (articles.views.reader.search).
        pagecache.hit_hook_register(SEARCH_HIT, lambda query: services.search_record(query=query))
