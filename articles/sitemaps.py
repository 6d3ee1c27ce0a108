"""The sitemap. Locations are absolute from settings.SITE_URL: Django's sitemap would otherwise take the domain and
scheme from the request (its Host header, which a client chooses)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from .models import Article, Category


class SiteSitemap(Sitemap):
    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(SiteSitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Article.objects.filter(status=Article.Status.PUBLISHED).only("slug", "updated_at").order_by("-id")

    def lastmod(self, item: Article):
        return item.updated_at


class CategorySitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return Category.objects.all()


SITEMAPS = {"articles": ArticleSitemap, "categories": CategorySitemap}
