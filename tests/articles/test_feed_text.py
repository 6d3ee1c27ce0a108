"""Smaller items of issue 11: the feed's <title> and <category> are plain text after one XML decode (a feed reader
renders them as HTML, as it does <description>), so markup typed into a title or a tag never comes alive there."""

import xml.etree.ElementTree as ET

import pytest

from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _item(client):
    return ET.fromstring(client.get("/feed/").content).find("channel/item")


def test_markup_in_a_title_reaches_the_feed_escaped(client):
    ArticleFactory(title='<img src=x onerror=alert(1)>标题 & "引号"')
    title = _item(client).findtext("title")
    assert "<" not in title
    assert ">" not in title
    assert title == "&lt;img src=x onerror=alert(1)&gt;标题 &amp; &quot;引号&quot;"


def test_markup_in_a_tag_reaches_the_feed_escaped(client):
    ArticleFactory(tags=["<b>粗</b>", "直播"])
    categories = sorted(c.text for c in _item(client).findall("category"))
    assert categories == sorted(["&lt;b&gt;粗&lt;/b&gt;", "直播"])


def test_a_plain_title_reads_as_typed(client):
    ArticleFactory(title="直播电商的下半场")
    assert _item(client).findtext("title") == "直播电商的下半场"
