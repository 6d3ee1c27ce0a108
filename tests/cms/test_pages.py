import pytest

pytestmark = pytest.mark.django_db


def test_home_page_has_the_furniture(client):
    body = client.get("/").content.decode()
    for text in ("社区规则", "建议反馈", "版权及免责申明", 'name="q"'):
        assert text in body


def test_unknown_url_is_a_styled_404(client, settings):
    settings.DEBUG = False
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode() or "您要找的页面不存在" in response.content.decode()


def test_english_translation(client):
    client.get("/i18n/en/", {"next": "/"})
    body = client.get("/").content.decode()
    assert "Community rules" in body
    assert 'lang="en"' in body


def test_robots_txt_points_to_the_sitemap(client, settings):
    settings.SITE_URL = "https://cms.example.cn"
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: https://cms.example.cn/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_chinese_by_default_even_for_an_english_browser(client):
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "社区规则" in body
    assert 'lang="zh-hans"' in body
