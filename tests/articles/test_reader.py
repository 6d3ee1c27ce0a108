import xml.etree.ElementTree as ET

import pytest

from articles.models import Article
from moderation.registry import adapter_for
from tests.articles.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

DISCLAIMER = "本文为作者独立观点，不代表本站立场，未经允许不得转载。"


def test_home_lists_published_articles_featured_first(client, author, category):
    older_featured = ArticleFactory(author=author, category=category, title="推荐的旧文章", featured=True)
    ArticleFactory(author=author, category=category, title="最新的文章")
    ArticleFactory(author=author, category=category, title="还是草稿", status=Article.Status.DRAFT, published_at=None)
    body = client.get("/").content.decode()
    assert body.index(older_featured.title) < body.index("最新的文章")
    assert "还是草稿" not in body


def test_home_is_paginated_by_twenty(client, author, category):
    ArticleFactory.create_batch(21, author=author, category=category)
    first = client.get("/")
    assert len(first.context["page"].object_list) == 20
    assert len(client.get("/?page=2").context["page"].object_list) == 1


def test_category_page_lists_only_its_articles(client, article, author):
    ArticleFactory(author=author, title="别的栏目的文章")
    body = client.get(f"/category/{article.category.slug}/").content.decode()
    assert article.title in body
    assert "别的栏目的文章" not in body


def test_tag_page_lists_tagged_articles(client, article):
    body = client.get("/tag/直播/").content.decode()
    assert article.title in body


def test_author_page_lists_their_articles(client, article, author):
    body = client.get(f"/authors/{author.username}/").content.decode()
    assert article.title in body


def test_article_page_has_the_furniture(client, article):
    body = client.get(article.get_absolute_url()).content.decode()
    assert article.title in body
    assert "来源：原创" in body
    assert DISCLAIMER in body
    assert "版权及免责申明" in body
    assert "反馈举报" in body
    assert f"/report/?type=article&amp;id={article.pk}" in body
    assert 'property="og:title" content="直播电商的下半场"' in body


def test_article_page_links_comment_reports(client, article):
    comment = CommentFactory(article=article)
    body = client.get(article.get_absolute_url()).content.decode()
    assert f"/report/?type=comment&amp;id={comment.pk}" in body


def test_article_page_shows_related_articles(client, article, author):
    related = ArticleFactory(author=author, category=article.category, title="同栏目的另一篇")
    response = client.get(article.get_absolute_url())
    assert related.title in response.content.decode()


def test_unknown_slug_is_404(client):
    assert client.get("/articles/no-such-article/").status_code == 404


def test_draft_is_404_for_other_readers(client, author, reader):
    draft = ArticleFactory(author=author, status=Article.Status.DRAFT, published_at=None)
    client.force_login(reader)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_removed_article_is_404(client, article):
    adapter_for(article).hide(article)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_feed_is_valid_rss_with_the_article(client, article):
    response = client.get("/feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    titles = [item.findtext("title") for item in root.iter("item")]
    assert titles == [article.title]


def test_sitemap_lists_published_articles_on_the_configured_site(client, article, settings):
    settings.SITE_URL = "https://cms.example.cn"
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    body = client.get("/sitemap.xml", HTTP_HOST="localhost:6666").content.decode()
    assert f"https://cms.example.cn{article.get_absolute_url()}" in body
    assert "6666" not in body


def test_article_body_is_rendered_as_html(client, article):
    body = client.get(article.get_absolute_url()).content.decode()
    assert "<p>直播电商正在从流量驱动走向内容驱动。</p>" in body
