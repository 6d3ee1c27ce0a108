from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from moderation import registry


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("文章")

    def ready(self) -> None:
        from .models import Article, Comment
        from .moderation import ArticleAdapter, CommentAdapter

        registry.register(Article, ArticleAdapter())
        registry.register(Comment, CommentAdapter())
