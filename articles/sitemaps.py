from django.contrib.sitemaps import Sitemap

from .models import Article, Category


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Article.objects.filter(status=Article.Status.PUBLISHED).only("slug", "updated_at").order_by("-id")

    def lastmod(self, item: Article):
        return item.updated_at


class CategorySitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Category.objects.all()


SITEMAPS = {"articles": ArticleSitemap, "categories": CategorySitemap}
