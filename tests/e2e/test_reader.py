"""Journey 1: an anonymous reader browses home → category → article, then searches."""

import pytest
from playwright.sync_api import expect

from tests.articles.factories import ArticleFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

DISCLAIMER = "本文为作者独立观点，不代表本站立场，未经允许不得转载。"


def test_reader_browses_a_category_reads_an_article_and_searches(site, visitors, shots):
    shot = shots("01-reader")
    writer = UserFactory(username="columnist", display_name="王专栏")
    article = ArticleFactory(
        author=writer,
        category=site["live"],
        title="直播电商的下半场",
        slug="live-commerce-second-half",
        body="<p>直播电商正在从流量驱动走向内容驱动。</p><p>品牌要建设自己的私域。</p>",
        summary="直播电商从流量走向内容",
        tags=["直播", "电商"],
    )
    ArticleFactory(author=writer, category=site["brand"], title="品牌年轻化的五个方法", slug="brand-young")
    page = visitors.open()

    page.goto("/")
    expect(page.locator("h1.page-title")).to_have_text("最新文章")
    expect(page.get_by_role("link", name="直播电商的下半场")).to_be_visible()
    shot(page, "home")

    page.locator("aside").get_by_role("link", name="直播电商", exact=True).click()
    expect(page).to_have_url(f"{visitors.base_url}/category/live-commerce/")
    expect(page.get_by_role("link", name="直播电商的下半场")).to_be_visible()
    expect(page.get_by_role("link", name="品牌年轻化的五个方法")).to_have_count(0)
    shot(page, "category")

    page.get_by_role("link", name="直播电商的下半场").first.click()
    expect(page).to_have_url(f"{visitors.base_url}{article.get_absolute_url()}")
    expect(page.locator("h1.article-title")).to_have_text("直播电商的下半场")
    expect(page.locator("p.disclaimer")).to_have_text(DISCLAIMER)
    notice = page.locator("#copyright-notice")
    expect(notice.locator("h2")).to_have_text("版权及免责申明")
    expect(notice.get_by_role("link", name="反馈举报")).to_have_attribute(
        "href", f"/feedback/?kind=copyright&article={article.pk}"
    )
    shot(page, "article")

    search = page.locator("header input[name=q]")
    search.fill("直播电商")
    search.press("Enter")
    expect(page).to_have_url(f"{visitors.base_url}/search/?q=%E7%9B%B4%E6%92%AD%E7%94%B5%E5%95%86")
    hit = page.locator("li.search-hit").first
    expect(hit.locator("h2 a")).to_have_text("直播电商的下半场")
    expect(hit.locator("h2 mark").first).to_have_text("直播电商")
    expect(hit.locator("p.summary mark").first).to_have_text("直播电商")
    shot(page, "search")
    assert visitors.errors == []
