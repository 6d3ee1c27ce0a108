"""Item 3: IP属地 from an offline ip2region file, stored with comments and articles at write time."""

import pytest
from django.urls import reverse

from core import ipregion
from tests.compliance.ipdata import write_v1, write_xdb


@pytest.fixture
def region_db(tmp_path, settings):
    settings.IP_REGION_DB = str(write_v1(tmp_path / "ip2region.db"))
    return settings.IP_REGION_DB


@pytest.mark.parametrize("writer", [write_v1, write_xdb], ids=["v1-db", "xdb"])
@pytest.mark.parametrize(
    ("ip", "region"),
    [
        ("183.6.12.34", "广东"),
        ("61.135.169.121", "北京"),
        ("36.255.1.1", "广西"),
        ("8.8.8.8", "美国"),
        ("::ffff:183.6.0.1", "广东"),
        ("1.1.1.1", "未知"),  # not in the file
        ("10.1.2.3", "未知"),  # private
        ("127.0.0.1", "未知"),
        ("not-an-ip", "未知"),
    ],
)
def test_region_of_reads_both_formats(tmp_path, settings, writer, ip, region):
    settings.IP_REGION_DB = str(writer(tmp_path / ("ip2region.xdb" if writer is write_xdb else "ip2region.db")))
    assert ipregion.region_of(ip) == region


def test_region_is_unknown_without_the_file(tmp_path, settings):
    settings.IP_REGION_DB = str(tmp_path / "missing.db")
    assert ipregion.region_of("183.6.12.34") == "未知"


def test_a_broken_file_gives_unknown_not_an_error(tmp_path, settings):
    broken = tmp_path / "broken.xdb"
    broken.write_bytes(b"\x07\x00garbage")
    settings.IP_REGION_DB = str(broken)
    assert ipregion.region_of("183.6.12.34") == "未知"


def test_replacing_the_file_changes_the_answer_without_a_restart(tmp_path, settings):
    path = tmp_path / "ip2region.db"
    settings.IP_REGION_DB = str(write_v1(path))
    assert ipregion.region_of("8.8.8.8") == "美国"
    write_v1(path, [("8.8.0.0", "8.8.255.255", "中国|0|上海|上海市|电信")])
    import os

    os.utime(path, (1, 1))  # a new mtime: the reader is opened again
    assert ipregion.region_of("8.8.8.8") == "上海"


@pytest.mark.parametrize(
    ("record", "shown"),
    [
        ("中国|0|广东省|深圳市|阿里云", "广东"),
        ("中国|0|新疆维吾尔自治区|0|0", "新疆"),
        ("中国|0|香港特别行政区|0|0", "香港"),
        ("中国|0|0|0|0", "中国"),
        ("日本|0|0|0|0", "日本"),
        ("0|0|0|内网IP|内网IP", "未知"),
        ("中国|广东省|广州市|电信|CN", "广东"),  # newer records without the 区域 column
    ],
)
def test_region_from_record(record, shown):
    assert ipregion.region_from_text(record) == shown


@pytest.mark.django_db
def test_comment_stores_and_shows_the_region_never_the_ip(client, region_db, published_article, reader):
    client.force_login(reader)
    client.post(
        reverse("articles:comment", args=[published_article.slug]),
        {"body": "写得很好"},
        REMOTE_ADDR="183.6.12.34",
    )
    comment = published_article.comments.get()
    assert comment.ip_region == "广东"
    reader.refresh_from_db()
    assert reader.ip_region == "广东"  # last seen, for the profile
    html = client.get(published_article.get_absolute_url()).content.decode()
    assert "IP属地：广东" in html
    assert "183.6.12.34" not in html


@pytest.mark.django_db
def test_article_stores_the_region_and_the_author_page_shows_it(client, region_db, author):
    client.force_login(author)
    client.post(
        reverse("articles:write"),
        {"title": "一篇文章", "body": "<p>正文内容足够长。</p>", "action": "publish"},
        REMOTE_ADDR="61.135.169.121",
    )
    from articles.models import Article

    article = Article.objects.get(author=author)
    assert article.ip_region == "北京"
    page = client.get(reverse("articles:author", args=[author.username])).content.decode()
    assert "IP属地：北京" in page
    assert "61.135.169.121" not in page


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_forwarded_client_counts(client, region_db, settings, published_article, reader):
    settings.PROXY_COUNT = 1
    client.force_login(reader)
    client.post(
        reverse("articles:comment", args=[published_article.slug]),
        {"body": "来自代理后面"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="8.8.4.4",
    )
    assert published_article.comments.get().ip_region == "美国"


@pytest.mark.django_db
def test_login_records_the_last_seen_region(client, region_db):
    from tests.factories import PASSWORD, UserFactory

    user = UserFactory(username="traveller")
    client.post(reverse("accounts:login"), {"login": "traveller", "password": PASSWORD}, REMOTE_ADDR="8.8.8.8")
    user.refresh_from_db()
    assert user.ip_region == "美国"
