"""Journey: the demo site as a reader sees it. Anonymous pages (home, article, profile) at 1280 and 390 px, then a
logged-in reader likes, favourites and follows, and finds them on their own pages. One test: seeding the demo
(covers and all) is the slow part, done once."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from articles.models import Article

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def demo(committed_db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-Pass-123")
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - closed with the process
    return Article.objects.get(source="刘旷")


def test_reader_pages_at_two_widths_then_like_favourite_and_follow(demo, visitors, shots):
    shot = shots("20-reader-pages")
    page = visitors.open()
    for name, size in WIDTHS.items():
        page.set_viewport_size(size)
        page.goto("/")
        expect(page.locator(".featured-card.lead")).to_be_visible()
        expect(page.locator(".hot li").first).to_contain_text(demo.title)
        expect(page.locator(".category-nav").get_by_role("link", name="跨境出海")).to_be_visible()
        shot(page, f"home-{name}")
        response = page.goto(demo.get_absolute_url())
        if name == "phone":  # the second visit is the shared anonymous copy ...
            assert response.headers.get("x-page-cache") == "hit"
        expect(page.locator("h1.article-title")).to_have_text(demo.title)
        expect(page.locator(".author-card .author-name")).to_have_text("林晓")
        # ... and the counts endpoint still reaches it: this visitor's read (once) on top of the 4300 flushed
        expect(page.locator("[data-count=reads]")).to_have_text("4301")
        expect(page.locator("[data-count=likes]")).to_have_text("5")
        shot(page, f"article-{name}")
        page.goto("/authors/linxiao/")
        expect(page.locator(".profile-head h1")).to_have_text("林晓")
        shot(page, f"profile-{name}")
    # then a reader logs in (one journey: the demo is seeded once)
    shot = shots("21-reader-engagement")
    reader = User.objects.create_user("fan", display_name="新读者")
    page = visitors.open(user=reader)
    page.goto(demo.get_absolute_url())
    like = page.locator("form[data-kind=liked] button")
    favorite = page.locator("form[data-kind=favorited] button")
    follow = page.locator("form[data-kind=following] button")
    expect(like).to_have_attribute("aria-pressed", "false")

    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(like.locator("[data-count=likes]")).to_have_text("6")
    favorite.click()
    expect(favorite).to_have_attribute("aria-pressed", "true")
    follow.click()
    expect(follow).to_have_attribute("aria-pressed", "true")
    expect(follow).to_contain_text("已关注")
    page.locator("details.wechat summary").click()  # share: the QR code, drawn on the server
    qr = page.locator(".qr-pop img")
    expect(qr).to_be_visible()
    for _ in range(50):  # loaded (wait_for_function would need 'unsafe-eval', which the CSP refuses)
        if qr.evaluate("img => img.naturalWidth") > 0:
            break
        page.wait_for_timeout(100)
    assert qr.evaluate("img => img.naturalWidth") > 0
    box, top = page.locator("#engagement").bounding_box(), page.evaluate("() => window.scrollY")
    clip = {"x": box["x"], "y": box["y"] + top - 240, "width": box["width"], "height": box["height"] + 240}
    page.screenshot(path=str(shot.folder / "share-qr.png"), full_page=True, clip=clip)  # the pop-up opens upwards
    shot(page, "article-engaged")

    page.reload()  # the state comes back from the counts endpoint, not from the (shared) page
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(favorite).to_have_attribute("aria-pressed", "true")
    expect(follow).to_have_attribute("aria-pressed", "true")

    page.goto("/me/favorites/")
    expect(page.locator(".article-list")).to_contain_text(demo.title)
    page.goto("/me/following/")
    expect(page.locator(".followed")).to_contain_text("林晓")
    expect(page.locator(".article-list")).to_contain_text(demo.title)
    shot(page, "following")

    page.goto(demo.get_absolute_url())
    expect(like).to_have_attribute("aria-pressed", "true")  # the state has arrived
    like.click()  # and back
    expect(like).to_have_attribute("aria-pressed", "false")
    expect(like.locator("[data-count=likes]")).to_have_text("5")
    assert visitors.errors == []
