"""Journeys of issue 15: with phone verification required, a reader verifies a phone (console SMS: the code read
from the outbox) and comments, and the comment shows 「IP属地：广东」 (the live server behind a trusted proxy that
forwards a Guangdong address); a member downloads their data and deletes their account (注销)."""

import io
import zipfile

import pytest
from playwright.sync_api import expect

from accounts import sms
from accounts.models import User
from articles.models import Comment
from tests.articles.factories import ArticleFactory
from tests.compliance.ipdata import write_v1
from tests.e2e.conftest import login_form, reload_until
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser

GUANGDONG = "183.6.12.34"


@pytest.fixture
def china(settings, tmp_path):
    """The region file, and one trusted proxy whose X-Forwarded-For names the client."""
    settings.IP_REGION_DB = str(write_v1(tmp_path / "ip2region.db"))
    settings.PROXY_COUNT = 1
    settings.SMS_BACKEND = "accounts.sms.ConsoleBackend"
    settings.PHONE_VERIFICATION_REQUIRED = True
    sms.outbox.clear()


def test_reader_verifies_a_phone_then_comments_with_ip_region(site, china, visitors, shots):
    shot = shots("compliance-phone")
    writer = UserFactory(username="writer-c", display_name="陈作者")
    article = ArticleFactory(author=writer, category=site["brand"], title="私域运营的三个误区", slug="private-traffic")
    reader = UserFactory(username="reader-c", display_name="李读者")
    page = visitors.open(reader)
    page.context.set_extra_http_headers({"X-Forwarded-For": GUANGDONG})

    page.goto(article.get_absolute_url())
    notice = page.locator("#comment-form")
    expect(notice).to_contain_text("需要先验证手机号")
    shot(page, "asked-to-verify")
    notice.get_by_role("link", name="去验证手机号").click()

    expect(page.locator("h1")).to_have_text("验证手机号")
    page.fill("input[name=phone]", "13800138000")
    page.get_by_role("button", name="获取验证码").click()
    expect(page.locator("#sms-sent")).to_be_visible()
    phone, text, params = sms.outbox[-1]
    assert phone == "13800138000"
    page.fill("input[name=code]", params["code"])
    shot(page, "code-typed")
    page.get_by_role("button", name="验证", exact=True).click()

    # back on the article, now with the comment box
    expect(page).to_have_url(f"{visitors.base_url}{article.get_absolute_url()}")
    expect(page.locator(".messages")).to_contain_text("手机号已验证")
    page.fill("textarea[name=body]", "私域不是拉群，说得太对了。")
    page.locator("form#comment-form button[type=submit]").click()
    comment = Comment.objects.get(author=reader)
    reload_until(
        page,
        lambda: page.locator(f"#comment-{comment.pk} .ip-region").count() > 0,
        what="the comment is shown",
    )
    expect(page.locator(f"#comment-{comment.pk} .ip-region")).to_have_text("IP属地：广东")
    assert GUANGDONG not in page.content()
    assert "13800138000" not in page.content()
    shot(page, "comment-with-region")

    page.goto("/accounts/profile/")
    expect(page.locator("#privacy")).to_contain_text("138****8000")
    expect(page.locator("#privacy")).to_contain_text("IP属地：广东")
    shot(page, "profile")
    assert visitors.errors == []


def test_member_exports_their_data_and_deletes_the_account(site, visitors, shots, settings):
    shot = shots("compliance-delete")
    member = UserFactory(username="leaving-c", display_name="要离开的人")
    article = ArticleFactory(author=member, category=site["live"], title="我写过的一篇文章", slug="my-old-article")
    page = visitors.open()
    login_form(page, "leaving-c", PASSWORD)
    page.goto("/accounts/profile/")
    page.locator("#privacy").get_by_role("link", name="下载我的数据").click()
    shot(page, "data-page")

    with page.expect_download() as download_info:
        page.locator("#export").get_by_role("button", name="下载我的数据").click()
    archive = zipfile.ZipFile(io.BytesIO(open(download_info.value.path(), "rb").read()))  # noqa: SIM115
    assert "account.json" in archive.namelist()
    assert "我写过的一篇文章" in archive.read("articles.json").decode()

    form = page.locator("#delete-form")
    form.locator("input[name=password]").fill(PASSWORD)
    form.get_by_label("保留，作者显示为「已注销用户」").check()
    form.locator("input[name=confirm]").check()
    shot(page, "delete-form")
    form.get_by_role("button", name="确认注销").click()
    expect(page.locator("h1")).to_have_text("账号已注销")
    shot(page, "deleted")

    # logged out; the name cannot log in any more; the article now reads 已注销用户
    expect(page.get_by_role("link", name="登录")).to_be_visible()
    login_form(page, "leaving-c", PASSWORD)
    expect(page).to_have_url(f"{visitors.base_url}/accounts/login/")
    expect(page.get_by_role("button", name="退出")).to_have_count(0)
    page.goto(article.get_absolute_url())
    expect(page.locator(".meta").first).to_contain_text("已注销用户")
    shot(page, "article-anonymised")
    assert User.objects.get(pk=member.pk).is_deleted
    assert visitors.errors == []
