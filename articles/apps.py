from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from moderation import registry


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("文章")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from accounts import personal_data
        from core import pagecache

        from . import services
        from .cache import SEARCH_HIT
        from .models import Article, Category, Comment
        from .moderation import ArticleAdapter, CommentAdapter
        from .personal_data import ArticlesProvider
        from .selectors import categories_forget  # after services: the selectors import from them

        registry.register(Article, ArticleAdapter())
        registry.register(Comment, CommentAdapter())
        personal_data.register(ArticlesProvider())
        # A cached search page still counts its query for the hot searches (articles.views.reader.search).
        pagecache.hit_hook_register(SEARCH_HIT, lambda query: services.search_record(query=query))
        # The search filter's cached categories (selectors.categories_cached) never outlive a change.
        post_save.connect(categories_forget, sender=Category, dispatch_uid="articles-categories-forget")
        post_delete.connect(categories_forget, sender=Category, dispatch_uid="articles-categories-forget-d")
