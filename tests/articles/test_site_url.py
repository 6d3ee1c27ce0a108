"""Issue 11 item 13: absolute links (the article's canonical link and og:url, the feed's links) come from
settings.SITE_URL, never from the request's Host header, which a client chooses and the page cache would keep."""

import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db

SITE = "https://cms.example.cn"


@pytest.fixture
def site(settings):
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    settings.SITE_URL = SITE + "/"


def test_canonical_and_og_url_name_the_configured_site(client, article, site):
    page = client.get(article.get_absolute_url(), HTTP_HOST="localhost:6666").content.decode()
    assert f'<link rel="canonical" href="{SITE}{article.get_absolute_url()}">' in page
    assert f'<meta property="og:url" content="{SITE}{article.get_absolute_url()}">' in page
    assert "6666" not in page


def test_a_cover_image_url_names_the_configured_site(client, article, site):
    article.cover = "uploads/2025/01/cover.png"
    article.save()
    page = client.get(article.get_absolute_url(), HTTP_HOST="localhost:6666").content.decode()
    assert f'<meta property="og:image" content="{SITE}/media/uploads/2025/01/cover.png">' in page


def test_a_page_first_rendered_for_another_host_gives_later_readers_the_configured_origin(client, article, site):
    client.get(article.get_absolute_url(), HTTP_HOST="localhost:6666")
    page = client.get(article.get_absolute_url(), HTTP_HOST="localhost").content.decode()
    assert "6666" not in page
    assert f"{SITE}{article.get_absolute_url()}" in page


def test_feed_links_name_the_configured_site(client, article, site):
    response = client.get("/feed/", HTTP_HOST="localhost:6666")
    assert response.status_code == 200
    assert b"6666" not in response.content
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("link") == f"{SITE}/"
    assert channel.find("item").findtext("link") == f"{SITE}{article.get_absolute_url()}"
    assert channel.find("item").findtext("guid") == f"{SITE}{article.get_absolute_url()}"
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert self_link.get("href") == f"{SITE}/feed/"
