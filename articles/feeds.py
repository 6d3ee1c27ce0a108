from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Article

FEED_SIZE = 20


class LatestArticlesFeed(Feed):
    feed_type = Rss201rev2Feed
    link = "/"
    description = _("最新发布的文章")
    language = "zh-cn"

    def title(self) -> str:
        return settings.SITE_NAME

    def items(self) -> list[Article]:
        return list(selectors.articles_public().order_by("-published_at", "-id")[:FEED_SIZE])

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        # RSS readers render <description> as HTML; the summary is plain text, so it goes in escaped.
        return escape(item.summary)

    def item_author_name(self, item: Article) -> str:
        return item.byline.public_name

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_categories(self, item: Article) -> list[str]:
        return [tag.name for tag in item.tags.all()]
