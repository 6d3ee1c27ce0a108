import pytest

from articles.models import Article
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(author, category):
    return {
        "live": ArticleFactory(
            author=author, category=category, title="品牌如何做好直播电商",
            body="<p>直播电商的核心是选品与信任。</p>",
        ),
        "private": ArticleFactory(
            author=author, category=category, title="私域流量运营手册", body="<p>社群、企业微信与会员体系。</p>"
        ),
        "draft": ArticleFactory(
            author=author, category=category, title="直播电商草稿", body="<p>未发布</p>",
            status=Article.Status.DRAFT, published_at=None,
        ),
    }  # fmt: skip


@pytest.mark.postgres
def test_search_finds_the_article_with_the_term_highlighted(client, corpus):
    response = client.get("/search/", {"q": "直播电商"})
    body = response.content.decode()
    assert [hit["article"] for hit in response.context["hits"]] == [corpus["live"]]
    assert "<mark>直播电商</mark>" in body


@pytest.mark.postgres
def test_search_uses_the_jieba_tsvector(corpus):
    from django.contrib.postgres.search import SearchQuery

    matches = Article.objects.filter(search_vector=SearchQuery("私域 流量", config="simple"))
    assert list(matches) == [corpus["private"]]


@pytest.mark.postgres
def test_search_ranks_title_matches_first(client, author, category):
    in_body = ArticleFactory(author=author, category=category, title="季度复盘", body="<p>提到了一次品牌营销。</p>")
    in_title = ArticleFactory(author=author, category=category, title="品牌营销的底层逻辑", body="<p>长期主义。</p>")
    hits = client.get("/search/", {"q": "品牌营销"}).context["hits"]
    assert [hit["article"] for hit in hits] == [in_title, in_body]


def test_search_never_shows_unpublished_articles(client, corpus):
    body = client.get("/search/", {"q": "草稿"}).content.decode()
    assert "直播电商草稿" not in body


def test_search_snippet_escapes_html(client, author, category):
    ArticleFactory(
        author=author, category=category, title="转义测试", body="<p>直播电商 &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )
    body = client.get("/search/", {"q": "直播电商"}).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)" not in body


def test_empty_query_shows_no_results(client, corpus):
    response = client.get("/search/", {"q": "  "})
    assert response.status_code == 200
    assert response.context["hits"] == []


def test_sqlite_fallback_finds_by_substring(client, corpus, settings):
    settings.IS_POSTGRES = False
    hits = client.get("/search/", {"q": "直播电商"}).context["hits"]
    assert [hit["article"] for hit in hits] == [corpus["live"]]


def test_long_and_odd_queries_do_not_fail(client, corpus):
    for q in ["'\"&|!():*", "直" * 500, "<script>", "a & b | !c"]:
        assert client.get("/search/", {"q": q}).status_code == 200
