"""Real-browser journeys: Debian's Chromium driven by Playwright's sync API against pytest-django's live server.

One browser for the session, a fresh context (cookies, storage) per visitor. Playwright's sync API keeps an event
loop in the test thread, and Django refuses ORM calls from a thread with a running loop: this suite (tests only)
allows them, since the ORM work here is plain synchronous set-up and assertions.
"""

import io
import re
import shutil
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from tests import services
from tests.support import ARTIFACTS
from tests.support.browser import chromium_launch, orm_beside_playwright


@pytest.fixture(scope="package", autouse=True)
def _orm_beside_playwright():
    """For this package's tests and fixtures only."""
    with orm_beside_playwright():
        yield


SCREENSHOTS = ARTIFACTS / "screenshots"
VERDICT_TIMEOUT = 30  # seconds for the real worker's check to land


@pytest.fixture(scope="package")
def chromium():
    """One Chromium for the journeys (skipped, or failed under REQUIRE_SERVICES=1, without it), stopped after them.

    While Playwright's loop runs, Django's `connections` (an asgiref Local) hands this thread other connection
    objects than before: they get the serialized test data that `committed_db` restores from, and are closed
    before the loop stops, so that the rest of the suite finds its connections as it left them.
    """
    services.need("browser")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = chromium_launch(playwright)
        try:
            yield browser
        finally:
            browser.close()
            connections.close_all()


class Visitors:
    """Opens a browser page per visitor: anonymous, or logged in as a user through a session cookie."""

    def __init__(self, browser, base_url: str):
        self.browser = browser
        self.base_url = base_url
        self.contexts = []
        self.errors: list[str] = []

    def open(self, user=None):
        context = self.browser.new_context(
            base_url=self.base_url, locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 900}
        )
        # A ceiling, not a pace: with the suite in two processes on two cores a form post can take several seconds.
        context.set_default_timeout(20_000)
        self.contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": self.base_url}])
        page = context.new_page()
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))
        page.on("console", lambda msg: self._console(page, msg))
        page.on("response", lambda response: self._response(response))
        return page

    def _console(self, page, msg) -> None:
        # A failed load is reported with its URL by _response (the site has no favicon: not an error of the page).
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            self.errors.append(f"{page.url}: console: {msg.text}")

    def _response(self, response) -> None:
        failed = response.request.resource_type != "document" and response.status >= 400
        if failed and not response.url.endswith("/favicon.ico"):
            self.errors.append(f"{response.status} {response.url}")

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def visitors(chromium, live_server):
    crowd = Visitors(chromium, live_server.url)
    yield crowd
    crowd.close()


class Shots:
    """Full-page screenshots of a journey: artifacts/screenshots/<journey>/NN-name.png (the folder emptied first)."""

    def __init__(self, journey: str):
        self.folder = SCREENSHOTS / journey
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.count = 0
        self.taken: list[Path] = []

    def __call__(self, page, name: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        page.evaluate("window.scrollTo(0, 0)")  # else the sticky header lands mid-page in a full-page shot
        page.screenshot(path=str(path), full_page=True)
        self.taken.append(path)
        return path


@pytest.fixture
def shots(request) -> Callable[[str], Shots]:
    return Shots


@pytest.fixture
def site(committed_db):
    """What every journey needs: the community rules, the default lexicon, two categories."""
    from moderation.services import ruleset_load
    from tests.articles.factories import CategoryFactory

    ruleset_load()
    call_command("lexicon", "import", "moderation/data/lexicon.csv", stdout=io.StringIO())
    return {
        "live": CategoryFactory(name="直播电商", slug="live-commerce"),
        "brand": CategoryFactory(name="品牌营销", slug="brand"),
    }


def reload_until(page, check: Callable[[], bool], *, timeout: float = VERDICT_TIMEOUT, what: str = "") -> None:
    """Reload `page` until `check()` holds (the worker's verdict has landed), for at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        if check():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what or check} (at {page.url})")
        page.wait_for_timeout(300)
        page.reload()


def png(path: Path, size=(320, 200), color=(30, 120, 200)) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, color)
    ImageDraw.Draw(image).rectangle([20, 20, size[0] - 20, size[1] - 20], outline=(255, 255, 255), width=6)
    out = BytesIO()
    image.save(out, format="PNG")
    path.write_bytes(out.getvalue())
    return path


def login_form(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")


def type_in_editor(page, text: str) -> None:
    editable = page.locator(".ck-editor__editable").first
    editable.wait_for()
    editable.click()
    page.keyboard.type(text)


def text_of(page) -> str:
    return re.sub(r"\s+", " ", page.inner_text("body"))
