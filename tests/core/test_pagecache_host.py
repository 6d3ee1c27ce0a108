"""The anonymous page cache keys on the validated host: a forged Host header is refused, never cached or served."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_host_outside_allowed_hosts_is_refused_even_when_the_page_is_cached(client):
    assert client.get("/").status_code == 200
    assert client.get("/").headers.get("X-Page-Cache") == "hit"
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


def test_a_page_rendered_for_one_allowed_host_is_not_served_for_another(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    client.get("/rules/", HTTP_HOST="localhost:6666")
    response = client.get("/rules/")
    assert response.headers.get("X-Page-Cache") != "hit" or "localhost:6666" not in response.content.decode()
    assert "localhost:6666" not in client.get("/rules/").content.decode()


def test_robots_txt_names_the_configured_site_not_the_requests_host(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    settings.SITE_URL = "https://cms.example.cn"
    body = client.get("/robots.txt", HTTP_HOST="localhost:6666").content.decode()
    assert "Sitemap: https://cms.example.cn/sitemap.xml" in body
    assert "6666" not in body
