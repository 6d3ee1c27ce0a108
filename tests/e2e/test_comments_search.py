"""Issue 14 journeys: a reply's notice reaching the reader replied to; comment pages and sorting; search filters;
the header's menu on a 390 px phone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Comment
from core.models import Notification
from tests.articles.factories import ArticleFactory, CommentFactory
from tests.e2e.conftest import reload_until
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def article(site):
    author = UserFactory(username="columnist", display_name="王专栏")
    return ArticleFactory(
        author=author,
        category=site["live"],
        title="直播电商的下半场：从流量驱动到内容驱动",
        slug="live-commerce-second-half",
        body="<p>直播电商正在从流量驱动走向内容驱动。</p>",
    )


def test_a_reply_reaches_the_reader_it_answers(real_worker, article, visitors, shots):
    shot = shots("14-reply-notice")
    first = UserFactory(username="firstreader", display_name="孙先评")
    top = CommentFactory(article=article, author=first, body="选品比流量更重要，大家怎么看？")
    replier = UserFactory(username="replier", display_name="李回复")
    page = visitors.open(replier)
    page.goto(article.get_absolute_url())
    thread = page.locator(f"#comment-{top.pk}")
    thread.locator("details.reply summary").click()
    box = thread.locator("details.reply textarea")
    expect(box).to_have_value("@firstreader ")  # the reply names whom it answers
    box.press("End")
    box.type("同意，货盘决定了复购。")
    thread.locator("details.reply").get_by_role("button", name="回复").click()
    reply = Comment.objects.get(author=replier)
    reload_until(page, lambda: page.locator(f"#comment-{reply.pk} .status").count() == 0, what="the reply's verdict")
    expect(page.locator(f"#comment-{top.pk} .replies #comment-{reply.pk} .comment-body")).to_contain_text("货盘")
    expect(page.locator(f"#comment-{reply.pk} a.mention")).to_have_text("@firstreader")
    shot(page, "reply-shown")

    reader = visitors.open(first)
    reader.goto("/")
    expect(reader.locator("header .inbox .badge")).to_have_text("1")
    reader.locator("header .inbox").click()
    notice = reader.locator(".article-list li").first
    expect(notice).to_contain_text("李回复 回复了您的评论")
    expect(notice).to_contain_text("货盘决定了复购")
    shot(reader, "inbox")
    notice.get_by_role("link").click()
    expect(reader.locator(f"#comment-{reply.pk}")).to_be_visible()
    assert Notification.objects.filter(recipient=first).count() == 1
    assert visitors.errors == []


def test_comments_come_in_pages_newest_or_most_liked_first(site, article, visitors, shots, settings):
    shot = shots("14-comment-pages")
    now = timezone.now()
    for i in range(23):
        CommentFactory(article=article, body=f"第 {i + 1} 条读者评论", created_at=now - timedelta(minutes=60 - i))
    CommentFactory(article=article, body="最受欢迎的一条", like_count=42, created_at=now - timedelta(days=2))
    page = visitors.open()
    page.goto(article.get_absolute_url())
    comments = page.locator("#comments")
    expect(comments.locator("h2 .count")).to_have_text("24")
    expect(comments.locator(".comment.depth-0")).to_have_count(20)
    expect(comments.locator(".comment.depth-0").first).to_contain_text("第 23 条读者评论")
    expect(comments).not_to_contain_text("最受欢迎的一条")
    shot(page, "page-1")
    comments.locator(".comment-pages").get_by_role("link", name="2", exact=True).click()
    expect(page).to_have_url(f"{visitors.base_url}{article.get_absolute_url()}?cpage=2#comments")
    expect(comments.locator(".comment.depth-0")).to_have_count(4)
    expect(comments).to_contain_text("最受欢迎的一条")
    comments.locator(".comment-sort").get_by_role("link", name="最热").click()
    expect(comments.locator(".comment.depth-0").first).to_contain_text("最受欢迎的一条")
    shot(page, "most-liked")
    assert visitors.errors == []


def test_search_filters_by_category_and_date(site, visitors, shots):
    shot = shots("14-search")
    writer = UserFactory(username="growthwriter", display_name="增长研究员")
    now = timezone.now()
    live, brand = site["live"], site["brand"]
    ArticleFactory(
        author=writer, category=live, title="直播电商的私域复购：三个品牌的打法拆解", tags=["私域", "复购"],
        summary="私域复购", published_at=now - timedelta(days=3),
    )  # fmt: skip
    ArticleFactory(
        author=writer, category=brand, title="品牌私域运营的长期主义", tags=["私域"], summary="品牌的私域",
        published_at=now - timedelta(days=1),
    )  # fmt: skip
    ArticleFactory(
        author=writer,
        category=live,
        title="两年前的私域流量复盘",
        summary="旧文",
        published_at=now - timedelta(days=700),
    )
    page = visitors.open()
    page.goto("/search/?q=私域")
    hits = page.locator("li.search-hit")
    expect(hits).to_have_count(3)
    expect(hits.first.locator("h2 mark").first).to_have_text("私域")
    expect(page.locator("#search-tags")).to_contain_text("私域")
    shot(page, "all")

    page.select_option("#id_category", "live-commerce")
    page.fill("#id_date_from", (now - timedelta(days=30)).date().isoformat())
    page.get_by_role("button", name="搜索", exact=True).click()
    expect(hits).to_have_count(1)
    expect(hits.first.locator("h2")).to_have_text("直播电商的私域复购：三个品牌的打法拆解")
    expect(page.locator("#id_category")).to_have_value("live-commerce")
    shot(page, "filtered-1280")
    page.set_viewport_size(PHONE)
    shot(page, "filtered-390")

    page.select_option("#id_sort", "newest")
    page.select_option("#id_category", "")
    page.get_by_role("button", name="搜索", exact=True).click()
    expect(hits.first.locator("h2")).to_have_text("品牌私域运营的长期主义")
    expect(hits).to_have_count(2)  # the date filter still holds
    assert visitors.errors == []


def test_the_header_folds_into_a_menu_on_a_phone(site, visitors, shots):
    shot = shots("14-mobile-menu")
    editor = UserFactory(username="editorphone", display_name="手机编辑", roles=["editor"])
    page = visitors.open(editor)
    page.set_viewport_size(PHONE)
    page.goto("/search/")
    header = page.locator("header.site-header .header-row")
    # One row: brand, search, menu button (the category bar below it scrolls sideways, one row of its own).
    assert header.bounding_box()["height"] < 70
    expect(page.locator("#main-nav")).to_be_hidden()
    toggle = page.get_by_role("button", name="菜单")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    shot(page, "closed")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#main-nav").get_by_role("link", name="写文章")).to_be_visible()
    expect(header.get_by_role("link", name="手机编辑")).to_be_visible()
    shot(page, "open")
    page.keyboard.press("Escape")
    expect(page.locator("#main-nav")).to_be_hidden()
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(toggle).to_be_hidden()
    expect(page.locator("#main-nav").get_by_role("link", name="写文章")).to_be_visible()
    assert visitors.errors == []
