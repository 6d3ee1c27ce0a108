"""Smaller items of issue 11: search results show whole titles with the matches marked inside them, and an empty
query shows a page that helps (what to type, where to browse) instead of a blank one."""

import re

import pytest

from articles import content
from tests.articles.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

TITLE = "一个县城商家的直播电商实践"


def _shown_title(html: str) -> str:
    heading = re.search(r'<li class="article-item search-hit">.*?<h2><a [^>]*>(.*?)</a></h2>', html, re.S).group(1)
    return re.sub(r"</?mark>", "", heading)


def test_a_title_is_shown_whole_with_the_match_marked(client):
    ArticleFactory(title=TITLE, body="<p>县城商家做直播。</p>")
    html = client.get("/search/", {"q": "直播电商"}).content.decode()
    assert _shown_title(html) == TITLE
    assert "<mark>直播电商</mark>" in html
    assert "…" not in _shown_title(html)


def test_a_long_title_with_a_late_match_is_still_whole():
    title = "关于品牌在下沉市场中如何一步一步建立信任并最终做好直播电商"
    marked = content.highlight_all(title, ["直播电商"])
    assert re.sub(r"</?mark>", "", marked) == title
    assert marked.endswith("<mark>直播电商</mark>")


def test_highlighting_a_whole_title_escapes_it():
    marked = content.highlight_all("<b>直播</b>电商", ["直播"])
    assert marked == "&lt;b&gt;<mark>直播</mark>&lt;/b&gt;电商"


def test_an_empty_query_shows_a_helpful_page(client):
    CategoryFactory(name="品牌营销", slug="brand")
    ArticleFactory(title="最新的一篇")
    response = client.get("/search/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "请输入" in html
    assert "/category/brand/" in html  # somewhere to browse instead
    assert "最新的一篇" in html


def test_a_query_of_spaces_is_an_empty_query(client):
    assert "请输入" in client.get("/search/", {"q": "   "}).content.decode()


def test_a_query_with_no_word_in_it_says_so(client):
    html = client.get("/search/", {"q": "!!!"}).content.decode()
    assert "没有找到" in html
