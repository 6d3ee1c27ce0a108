"""A sample of the XSS vectors in a real Chromium: published through the real forms, then every page that shows them
is opened. No dialog may open and the `window.__xss` canary the payloads set must stay undefined."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import AUTHOR, MODERATOR
from articles import services as article_services
from articles.models import Article, Comment
from moderation import services as mod_services
from tests.articles.factories import CategoryFactory
from tests.factories import UserFactory
from tests.support.browser import chromium_launch, orm_beside_playwright

pytestmark = pytest.mark.browser

SAMPLE = [
    "<img src=x onerror=\"window.__xss=1;alert('img')\">",
    '"><script>window.__xss=1;alert("breakout")</script>',
    "<svg onload=\"window.__xss=1;alert('svg')\">",
    '<a id="jslink" href="javascript:window.__xss=1;alert(\'a\')">点我</a>',
    "<details open ontoggle=\"window.__xss=1;alert('toggle')\">x</details>",
]


@pytest.fixture(autouse=True)
def _orm_beside_playwright():
    with orm_beside_playwright():
        yield


@pytest.fixture
def published(committed_db):
    """Each sample vector in an article (title, body), a comment and a profile, all through the real forms."""
    mod_services.ruleset_load()
    author = UserFactory(username="browser-author", roles=[AUTHOR])
    reader = UserFactory(username="browser-reader")
    moderator = UserFactory(username="browser-moderator", roles=[MODERATOR])
    category = CategoryFactory(name="安全", slug="security")
    client = Client()
    client.force_login(author)
    slugs = []
    for i, vector in enumerate(SAMPLE):
        response = client.post(
            reverse("articles:write"),
            {
                "title": f"{vector}"[:100],
                "summary": vector,
                "body": f"<p>浏览器样本{i}</p><p>{vector}</p>",
                "source": "原创",
                "category": category.pk,
                "tags": "安全",
                "action": "publish",
            },
        )
        assert response.status_code == 302
        article = Article.objects.filter(author=author).order_by("-pk").first()
        article_services.article_verdict_apply(article_id=article.pk, revision_id=None, verdict="pass")
        slugs.append(article.slug)
    client.force_login(reader)
    for slug, vector in zip(slugs, SAMPLE, strict=True):
        assert client.post(reverse("articles:comment", args=[slug]), {"body": vector}).status_code == 302
        assert (
            client.post(
                reverse("moderation:report"),
                {"type": "article", "id": Article.objects.get(slug=slug).pk, "rule": "2.6", "text": vector},
            ).status_code
            == 302
        )
    for comment in Comment.objects.filter(author=reader):
        article_services.comment_verdict_apply(comment_id=comment.pk, verdict="pass")
    assert (
        client.post(reverse("accounts:profile"), {"display_name": SAMPLE[0][:40], "bio": SAMPLE[2]}).status_code == 302
    )
    return {"slugs": slugs, "moderator": moderator, "reader": reader}


def _login(page, base: str, username: str) -> None:
    from tests.factories import PASSWORD

    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state("load")


def test_sample_vectors_do_not_run_in_chromium(published, live_server):
    from django.db import connections
    from playwright.sync_api import sync_playwright

    from moderation.models import Case

    # Read the database before Playwright's loop starts: inside it this thread gets other connection objects.
    case_pks = list(Case.objects.filter(status=Case.Status.OPEN).values_list("pk", flat=True)[:3])
    assert case_pks
    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = chromium_launch(playwright)
        try:
            context = browser.new_context()
            page = context.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            base = live_server.url

            def visit(path: str) -> None:
                page.goto(base + path)
                page.wait_for_load_state("load")
                page.mouse.move(200, 200)  # give hover handlers their chance
                page.wait_for_timeout(150)
                assert page.evaluate("typeof window.__xss") == "undefined", f"script ran on {path}"
                assert not dialogs, f"a dialog opened on {path}: {dialogs}"

            pages = [reverse("articles:home"), reverse("articles:search") + "?q=浏览器样本"]
            pages += [reverse("articles:detail", args=[slug]) for slug in published["slugs"]]
            pages += [reverse("articles:author", args=["browser-reader"]), reverse("articles:feed")]
            for vector in SAMPLE[:2]:
                pages.append(reverse("articles:search") + "?q=" + vector)
            for path in pages:
                visit(path)
            # A click on what would have been a javascript: link goes nowhere.
            page.goto(base + reverse("articles:detail", args=[published["slugs"][3]]))
            links = page.locator("#jslink")
            if links.count():
                links.first.click()
                page.wait_for_timeout(150)
            assert page.evaluate("typeof window.__xss") == "undefined"

            _login(page, base, published["moderator"].username)
            visit(reverse("moderation_staff:queue"))
            for pk in case_pks:
                visit(reverse("moderation_staff:case", args=[pk]))
        finally:
            browser.close()
            connections.close_all()
    assert not dialogs
