from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from moderation import registry


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("文章")

    def ready(self) -> None:
        from accounts import personal_data

        from .models import Article, Comment
        from .moderation import ArticleAdapter, CommentAdapter
        from .personal_data import ArticlesProvider

        registry.register(Article, ArticleAdapter())
        registry.register(Comment, CommentAdapter())
        personal_data.register(ArticlesProvider())
