"""The RSS feed of the newest articles.

Links are absolute from settings.SITE_URL: Django's Feed would otherwise build them from the request's Host
header, which a client chooses (and a cache would keep for everyone). Feed readers render <title>, <category> and
<description> as HTML, so each carries plain text escaped once more: after the XML decode it is still text.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Article

FEED_SIZE = 20


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


class LatestArticlesFeed(Feed):
    feed_type = Rss201rev2Feed
    description = _("最新发布的文章")
    language = "zh-cn"

    def title(self) -> str:
        return settings.SITE_NAME

    def link(self) -> str:
        return _absolute("/")

    def feed_url(self) -> str:
        return _absolute(reverse("articles:feed"))

    def items(self) -> list[Article]:
        return list(selectors.articles_public().order_by("-published_at", "-id")[:FEED_SIZE])

    def item_link(self, item: Article) -> str:
        return _absolute(item.get_absolute_url())

    def item_title(self, item: Article) -> str:
        return escape(item.title)

    def item_description(self, item: Article) -> str:
        # The summary is plain text, so it goes in escaped.
        return escape(item.summary)

    def item_author_name(self, item: Article) -> str:
        return item.byline.public_name

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_categories(self, item: Article) -> list[str]:
        return [escape(tag.name) for tag in item.tags.all()]
