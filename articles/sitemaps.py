from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from .models import Article, Category


class SiteSitemap(Sitemap):
    """Locations on the configured origin (SITE_URL), never the request's Host header, which a client chooses."""

    def get_protocol(self, protocol=None) -> str:
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
