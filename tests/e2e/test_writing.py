"""Journeys 2–4: a contribution accepted by an editor, an author application, an author writing with an image.

Each checks content with the real Celery worker: the page is public only after the worker's verdict lands.
"""

import pytest
from playwright.sync_api import expect

from accounts.roles import AUTHOR, EDITOR
from articles.models import Article
from tests.e2e.conftest import login_form, png, reload_until, type_in_editor
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser

GATE = "很可惜 T.T 您现在还不是作者身份，不能自主发稿哦~"


def _public(visitors, url: str):
    """An anonymous page polled until the article at `url` is public (the worker's check passed)."""
    page = visitors.open()
    page.goto(url)
    reload_until(page, lambda: page.locator("h1.article-title").count() == 1, what=f"{url} public")
    expect(page.locator(".banner")).to_have_count(0)
    return page


def test_contributor_submits_and_an_editor_accepts(real_worker, site, visitors, shots):
    shot = shots("02-contribution")
    contributor = UserFactory(username="contributor1", display_name="李投稿")
    editor = UserFactory(username="editor1", roles=[EDITOR])

    page = visitors.open()
    login_form(page, "contributor1", PASSWORD)
    expect(page.locator("header .account")).to_contain_text("李投稿")
    page.goto("/write/")
    expect(page.locator(".author-gate")).to_contain_text(GATE)
    # the form is laid out as a reader expects: a one-line title as wide as the editor below it
    title, editor_box = page.locator("#id_title").bounding_box(), page.locator(".ck-editor").bounding_box()
    assert title["height"] < 80
    assert title["width"] > 0.9 * editor_box["width"]
    page.fill("#id_title", "社群团购的复购密码")
    type_in_editor(page, "社群团购的关键在于团长的信任与选品。")
    page.select_option("#id_category", label="直播电商")
    shot(page, "write-as-contributor")
    page.get_by_role("button", name="投稿", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("投稿成功，请等待编辑审核。")
    shot(page, "dashboard-submitted")
    article = Article.objects.get(title="社群团购的复购密码")
    assert (article.status, article.author_id) == (Article.Status.SUBMITTED, contributor.pk)

    desk = visitors.open(editor)
    desk.goto("/editor/")
    desk.get_by_role("link", name="社群团购的复购密码").click()
    expect(desk.locator(".article-body")).to_contain_text("社群团购的关键在于团长的信任与选品。")
    shot(desk, "editor-review")
    desk.get_by_role("button", name="采纳并发布").click()
    expect(desk.locator(".messages")).to_contain_text("已采纳，稿件进入自动检查。")
    shot(desk, "editor-accepted")

    reader = _public(visitors, article.get_absolute_url())
    expect(reader.locator(".meta").first).to_contain_text("投稿人：李投稿")
    expect(reader.locator(".article-body")).to_contain_text("社群团购的关键在于团长的信任与选品。")
    shot(reader, "public-article")
    reader.goto("/")
    expect(reader.get_by_role("link", name="社群团购的复购密码")).to_be_visible()
    assert visitors.errors == []


def test_contributor_applies_to_be_an_author_and_then_publishes_directly(real_worker, site, visitors, shots):
    shot = shots("03-author-application")
    UserFactory(username="applicant", display_name="赵新人")
    editor = UserFactory(username="editor1", roles=[EDITOR])

    page = visitors.open()
    login_form(page, "applicant", PASSWORD)
    page.goto("/write/")
    page.locator(".author-gate").get_by_role("link", name="成为作者").click()
    page.fill("#id_motivation", "我在品牌部工作五年，想分享私域运营的实战经验。")
    page.fill("#id_sample_links", "https://example.com/my-post")
    shot(page, "application-form")
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator(".messages")).to_contain_text("申请已提交，编辑审核后会通知您。")
    page.goto("/write/")
    expect(page.locator(".author-gate")).to_contain_text("作者申请审核中")
    shot(page, "application-pending")

    desk = visitors.open(editor)
    desk.goto("/editor/")
    card = desk.locator(".application", has_text="赵新人")
    expect(card).to_contain_text("我在品牌部工作五年")
    shot(desk, "editor-applications")
    card.get_by_role("button", name="通过").click()
    expect(desk.locator(".messages")).to_contain_text("已通过作者申请。")

    page.goto("/write/")
    expect(page.locator(".author-gate")).to_have_count(0)
    expect(page.get_by_role("button", name="投稿", exact=True)).to_have_count(0)
    page.fill("#id_title", "私域运营的第一年")
    type_in_editor(page, "私域运营要先想清楚给用户的价值。")
    shot(page, "write-as-author")
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已提交，正在进行自动检查，通过后即会发布。")
    article = Article.objects.get(title="私域运营的第一年")
    reader = _public(visitors, article.get_absolute_url())
    expect(reader.locator(".meta").first).to_contain_text("作者：赵新人")
    shot(reader, "published")
    assert visitors.errors == []


def test_author_writes_with_an_image_in_ckeditor_and_publishes(real_worker, site, visitors, shots, tmp_path):
    shot = shots("04-author-image")
    author = UserFactory(username="author1", display_name="周作者", roles=[AUTHOR])
    image = png(tmp_path / "chart.png")

    page = visitors.open(author)
    page.goto("/write/")
    expect(page.locator(".author-gate")).to_have_count(0)
    page.fill("#id_title", "内容营销的增长曲线")
    type_in_editor(page, "好内容会带来持续的自然增长。")
    page.keyboard.press("Enter")
    page.locator(".ck-editor input[type=file]").first.set_input_files(str(image))
    # The upload adapter posts the file; the editor swaps the preview for the URL our upload view answers with.
    expect(page.locator(".ck-editor__editable img[src^='/media/']")).to_be_visible()
    page.fill("#id_tags", "内容, 增长")
    page.select_option("#id_category", label="品牌营销")
    shot(page, "write-with-image")
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已提交，正在进行自动检查，通过后即会发布。")
    shot(page, "dashboard-checking")

    article = Article.objects.get(title="内容营销的增长曲线")
    reader = _public(visitors, article.get_absolute_url())
    img = reader.locator(".article-body img")
    expect(img).to_be_visible()
    src = img.get_attribute("src")
    assert src.startswith("/media/"), src
    assert reader.evaluate("(img) => img.complete && img.naturalWidth", img.element_handle()) == 320
    expect(reader.locator(".article-body")).to_contain_text("好内容会带来持续的自然增长。")
    shot(reader, "published-with-image")
    assert visitors.errors == []
