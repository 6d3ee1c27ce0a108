"""Issue 14 item 6: search filters, sort, matching authors and tags, hot searches, and windows that never change
which articles are found."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import selectors, services
from articles.selectors import search as search_selectors  # the module that reads the walk's bounds
from articles.selectors import search_stats
from tests.articles.factories import ArticleFactory, CategoryFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(author, category):
    now = timezone.now()
    other = CategoryFactory(name="品牌营销", slug="brand")
    return {
        "recent": ArticleFactory(author=author, category=category, title="私域复购的三个打法", published_at=now),
        "brand": ArticleFactory(
            author=author, category=other, title="品牌私域的长期主义", published_at=now - timedelta(days=5)
        ),
        "old": ArticleFactory(
            author=author, category=category, title="两年前的私域复盘", published_at=now - timedelta(days=700)
        ),
        "other": other,
    }


@pytest.fixture
def timeline(author, category) -> list[str]:
    """Thirty articles an hour apart, every third one about 私域运营: the titles of those, newest first."""
    now = timezone.now()
    for i in range(30):
        title = f"私域运营第 {i} 篇" if i % 3 == 0 else f"品牌故事第 {i} 篇"
        ArticleFactory(author=author, category=category, title=title, published_at=now - timedelta(hours=i))
    return [f"私域运营第 {i} 篇" for i in range(0, 30, 3)]


def _titles(client, **query) -> list[str]:
    return [hit["article"].title for hit in client.get("/search/", query).context["hits"]]


def test_filters_by_category_and_dates(client, corpus, category):
    assert len(_titles(client, q="私域")) == 3
    assert _titles(client, q="私域", category="brand") == ["品牌私域的长期主义"]
    since = (timezone.localdate() - timedelta(days=30)).isoformat()
    assert set(_titles(client, q="私域", date_from=since)) == {"私域复购的三个打法", "品牌私域的长期主义"}
    until = (timezone.localdate() - timedelta(days=30)).isoformat()
    assert _titles(client, q="私域", date_to=until) == ["两年前的私域复盘"]


def test_a_bad_filter_is_said_beside_it_and_the_search_still_runs(client, corpus):
    response = client.get("/search/", {"q": "私域", "date_from": "2026-05-01", "date_to": "2026-04-01"})
    assert response.status_code == 200
    assert "结束日期不能早于开始日期。" in response.content.decode()
    # the valid start date still applies; the refused end date does not
    assert {h["article"].title for h in response.context["hits"]} == {"私域复购的三个打法", "品牌私域的长期主义"}


def test_newest_first_sort(client, corpus):
    assert _titles(client, q="私域", sort="newest") == ["私域复购的三个打法", "品牌私域的长期主义", "两年前的私域复盘"]


def test_matching_authors_and_tags_are_shown(client, category):
    writer = UserFactory(username="growthlab", display_name="增长实验室")
    ArticleFactory(author=writer, category=category, title="增长实验的方法", tags=["增长黑客"])
    UserFactory(username="silent", display_name="增长沉默者")  # has published nothing
    response = client.get("/search/", {"q": "增长"})
    assert [u.username for u in response.context["authors"]] == ["growthlab"]
    assert [t.name for t in response.context["tags"]] == ["增长黑客"]


def test_hot_searches_come_from_searches_that_found_something(client, corpus, settings):
    from articles import cache as page_cache

    page_cache._local_hot.clear()
    for _ in range(3):
        client.get("/search/", {"q": "私域"})
    client.get("/search/", {"q": "区块链"})  # nothing found: not counted
    services.search_record(query="复购")  # once: below the threshold
    page = client.get("/search/").content.decode()
    assert selectors.searches_hot() == ["私域"]
    assert 'href="/search/?q=%E7%A7%81%E5%9F%9F"' in page


@pytest.mark.postgres
def test_the_walk_and_the_index_find_exactly_the_newest_matches(timeline, monkeypatch):
    # given matching and other articles spread over time, and walks much shorter than the corpus
    expected = timeline
    # a walk that fills the candidates, one that stops short (the index answers), one that sees everything
    for walk, candidates in [(12, 4), (5, 4), (40, 4), (40, 100)]:
        monkeypatch.setattr(search_selectors, "SEARCH_WALK", walk)
        monkeypatch.setattr(search_selectors, "SEARCH_CANDIDATES", candidates)
        result = selectors.article_search(query="私域运营", sort="newest")
        page = selectors.search_page(result=result, page=1)
        assert [a.title for a in page] == expected[:candidates], (walk, candidates)


@pytest.mark.postgres
def test_a_walk_that_reads_few_vectors_still_finds_exactly_the_newest_matches(timeline, monkeypatch):
    # given matching and other articles, and a walk that may read the vectors of only a few passing signatures
    expected = timeline
    monkeypatch.setattr(search_selectors, "SEARCH_WALK", 40)
    monkeypatch.setattr(search_selectors, "SEARCH_CANDIDATES", 4)
    for passed in (1, 3, 4, 40):
        monkeypatch.setattr(search_selectors, "SEARCH_PASSED", passed)
        # when searching: fewer passing signatures read than candidates wanted sends the search to the index
        result = selectors.article_search(query="私域运营", sort="newest")
        # then the newest matches all the same
        assert [a.title for a in selectors.search_page(result=result, page=1)] == expected[:4], passed


@pytest.mark.postgres
def test_the_category_walk_finds_exactly_the_newest_matches_of_that_category(author, category, corpus, monkeypatch):
    # given matches in two categories and a walk short enough to stop within the category
    now = timezone.now()
    for i in range(12):
        ArticleFactory(
            author=author, category=corpus["other"] if i % 2 else category, title=f"私域打法 {i}",
            published_at=now - timedelta(minutes=i + 1),
        )  # fmt: skip
    monkeypatch.setattr(search_selectors, "SEARCH_WALK", 6)
    monkeypatch.setattr(search_selectors, "SEARCH_CANDIDATES", 3)
    result = selectors.article_search(query="私域", filters=selectors.SearchFilters(category=corpus["other"]))
    titles = [a.title for a in selectors.search_page(result=result, page=1)]
    # then the newest three of that category, by date
    assert sorted(titles) == sorted(["私域打法 1", "私域打法 3", "私域打法 5"])


def test_a_new_category_is_a_filter_at_once(client, corpus):
    # given a search page shown once (its categories are cached then)
    client.get("/search/", {"q": "私域"})
    # when a category is added
    added = CategoryFactory(name="新栏目", slug="fresh")
    ArticleFactory(category=added, title="新栏目里的私域")
    # then the next search offers it and filters by it
    response = client.get("/search/", {"q": "私域", "category": "fresh"})
    assert 'value="fresh" selected' in response.content.decode()
    assert [h["article"].title for h in response.context["hits"]] == ["新栏目里的私域"]


def test_an_unknown_category_is_said_beside_the_filter_and_the_search_still_runs(client, corpus):
    response = client.get("/search/", {"q": "私域", "category": "no-such"})
    html = response.content.decode()
    assert 'aria-describedby="id_category_error"' in html
    assert len(response.context["hits"]) == 3


def test_a_page_of_hits_shows_each_articles_own_fields_byline_and_category_without_another_query(
    client, author, category, django_assert_num_queries
):
    # given an article by its author, a contribution credited to its contributor, and one without a category
    contributor = UserFactory(username="zhangsan", display_name="张三")
    when = timezone.now() - timedelta(days=2)
    ArticleFactory(author=author, category=category, title="私域复盘 一", summary="摘要一", published_at=when)
    ArticleFactory(author=author, contributor=contributor, category=category, title="私域复盘 二", slug="fu-pan-2")
    ArticleFactory(author=author, category=None, title="私域复盘 三", body="<p>正文里的私域复盘。</p>")
    result = selectors.article_search(query="私域复盘", sort="newest")
    # when the page is fetched (one query), then its hits are prepared without any further query
    with django_assert_num_queries(1):
        page = selectors.search_page(result=result, page=1)
    with django_assert_num_queries(0):
        hits = selectors.search_hits(page, result.terms)
    assert [h["article"].title for h in hits] == ["私域复盘 三", "私域复盘 二", "私域复盘 一"]
    assert [h["byline"] for h in hits] == [author.public_name, "张三", author.public_name]
    assert [h["category"] for h in hits] == ["", category.name, category.name]
    assert hits[1]["url"] == "/articles/fu-pan-2/"
    assert hits[1]["category_url"] == category.get_absolute_url()
    assert hits[2]["published"] == timezone.localtime(when).strftime("%Y-%m-%d %H:%M")
    assert hits[2]["article"].summary == "摘要一"
    assert hits[0]["snippet"] == "正文里的<mark>私域复盘</mark>。"


def test_a_percent_sign_in_the_query_matches_only_itself_among_authors_and_tags(category):
    # given an author and a tag whose names have no percent sign in them
    writer = UserFactory(username="growth", display_name="增长实验室")
    ArticleFactory(author=writer, category=category, title="增长", tags=["增长黑客"])
    # when the query is LIKE's wildcard, then nothing is matched beside the results
    assert selectors.search_beside(query="%", terms=["%%"]) == ([], [])
    assert [u.username for u in selectors.search_beside(query="增长", terms=["增长"])[0]] == ["growth"]


@pytest.mark.postgres
def test_the_statistics_tell_a_common_word_from_a_rare_one(author, category):
    # given a word in every article and one in a single article, and the table analysed
    from django.db import connection

    for i in range(40):
        title = f"私域运营第 {i} 篇" + ("，兼谈银发经济" if i == 0 else "")
        ArticleFactory(author=author, category=category, title=title)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    # when the statistics are read
    stats = search_stats.lexeme_stats()
    # then the common word holds every article, the rare one far fewer, and an unlisted word is below the floor
    assert stats.share("私域") == pytest.approx(1.0)
    assert stats.share("银发") < 0.5
    assert stats.share("从未出现的词") == stats.floor <= stats.share("银发")


@pytest.mark.postgres
def test_only_a_query_the_statistics_call_rare_walks_short(monkeypatch):
    # given statistics: 私域 in 90% of articles, 银发 in 0.1%, the rest below 1%
    stats = search_stats.LexemeStats({"私域": 0.9, "银发": 0.001}, floor=0.01)
    monkeypatch.setattr(search_selectors, "lexeme_stats", lambda: stats)
    walk, short = search_selectors.SEARCH_WALK, search_selectors.SEARCH_WALK_SHORT
    # then a common word walks the whole length, a rare one (alone or beside a common one) walks short, and an
    # unlisted one is judged by the floor: 1% of the 5,000 newest is 50 matches, fewer than the walk needs
    assert search_selectors.search_walk_length(["私域"]) == walk
    assert search_selectors.search_walk_length(["私域", "银发"]) == short
    assert search_selectors.search_walk_length(["从未出现的词"]) == short
    # but a word with a symbol in it, which may not be one lexeme, is not judged by its absence
    assert search_selectors.search_walk_length(["v2.0"]) == walk
    # and without statistics (a table never analysed) every query walks the whole length
    monkeypatch.setattr(search_selectors, "lexeme_stats", lambda: None)
    assert search_selectors.search_walk_length(["银发"]) == walk


@pytest.mark.postgres
def test_a_short_walk_still_finds_exactly_the_newest_matches(timeline, monkeypatch):
    # given matches spread over time, statistics that wrongly call the word rare, and a short walk of 5 articles
    expected = timeline
    stats = search_stats.LexemeStats({"私域": 0.0001}, floor=0.0001)
    monkeypatch.setattr(search_selectors, "lexeme_stats", lambda: stats)
    monkeypatch.setattr(search_selectors, "SEARCH_WALK_SHORT", 5)
    for candidates in (1, 4, 100):  # the walk fills them (one match in the first five), or the index answers
        monkeypatch.setattr(search_selectors, "SEARCH_CANDIDATES", candidates)
        result = selectors.article_search(query="私域运营", sort="newest")
        assert [a.title for a in selectors.search_page(result=result, page=1)] == expected[:candidates]


@pytest.mark.postgres
def test_the_statistics_are_read_once_and_not_per_search(author, category, django_assert_num_queries):
    # given the statistics read once
    ArticleFactory(author=author, category=category, title="私域运营")
    search_stats.lexeme_stats()
    # then searches within the next ten minutes do not read them again (one statement each)
    with django_assert_num_queries(2):
        selectors.article_search(query="私域")
        selectors.article_search(query="运营")
