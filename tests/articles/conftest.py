import pytest

from tests.articles.factories import ArticleFactory, CategoryFactory


@pytest.fixture
def category(db):
    return CategoryFactory(name="直播电商", slug="live-commerce")


@pytest.fixture
def article(author, category):
    return ArticleFactory(
        author=author,
        category=category,
        title="直播电商的下半场",
        body="<p>直播电商正在从流量驱动走向内容驱动。</p><p>品牌要建设自己的私域。</p>",
        tags=["直播", "电商"],
    )
