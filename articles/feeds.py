"""The RSS feed of the newest articles.

Links are absolute from settings.SITE_URL: Django's Feed would otherwise build them from the request's Host
header, which a client chooses (and a cache would keep for everyone). Feed readers render <title>, <category> and
<description> as HTML, so each carries plain text escaped once more: after the XML decode it is still text.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from . import selectors
from .models import Article, Category

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


class CategoryFeed(LatestArticlesFeed):
    """The newest articles of one category (栏目)."""

    def get_object(self, request, slug: str) -> Category:
        return get_object_or_404(Category, slug=slug)

    def title(self, obj: Category) -> str:
        return f"{obj.name} - {settings.SITE_NAME}"

    def description(self, obj: Category) -> str:
        return obj.description or obj.name

    def link(self, obj: Category) -> str:
        return _absolute(obj.get_absolute_url())

    def feed_url(self, obj: Category) -> str:
        return _absolute(reverse("articles:category_feed", args=[obj.slug]))

    def items(self, obj: Category) -> list[Article]:
        return list(selectors.articles_public().filter(category=obj).order_by("-published_at", "-id")[:FEED_SIZE])


class AuthorFeed(LatestArticlesFeed):
    """The newest articles of one author (as author or credited contributor)."""

    def get_object(self, request, username: str) -> User:
        if "\x00" in username:
            raise Http404
        return get_object_or_404(User, username=username, is_active=True)

    def title(self, obj: User) -> str:
        return f"{obj.public_name} - {settings.SITE_NAME}"

    def description(self, obj: User) -> str:
        return obj.bio or obj.public_name

    def link(self, obj: User) -> str:
        return _absolute(reverse("articles:author", args=[obj.username]))

    def feed_url(self, obj: User) -> str:
        return _absolute(reverse("articles:author_feed", args=[obj.username]))

    def items(self, obj: User) -> list[Article]:
        return list(selectors.article_list(author=obj).order_by("-published_at", "-id")[:FEED_SIZE])
