"""Smaller items of issue 11: an image the server refuses in the editor (CKEditor 5's upload adapter reads our
{"error": {"message"}}) is reported in the page beside the editor, not only in a window.alert that a browser may
suppress (Playwright dismisses it, so the refusal looked silent)."""

import pytest
from django.urls import reverse

from accounts.roles import AUTHOR
from tests.factories import PASSWORD, UserFactory
from tests.support.browser import chromium_launch, orm_beside_playwright

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _orm_beside_playwright():
    with orm_beside_playwright():
        yield


def test_a_refused_image_upload_shows_the_servers_message_beside_the_editor(committed_db, live_server, tmp_path):
    from django.db import connections
    from playwright.sync_api import expect, sync_playwright

    UserFactory(username="browser-writer", roles=[AUTHOR])
    fake = tmp_path / "chart.png"
    fake.write_bytes(b"this is not a picture at all")
    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = chromium_launch(playwright)
        try:
            page = browser.new_context().new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(live_server.url + reverse("accounts:login"))
            page.fill("input[name=login]", "browser-writer")
            page.fill("input[name=password]", PASSWORD)
            page.locator("form button[type=submit]").last.click()
            page.wait_for_load_state("load")
            page.goto(live_server.url + reverse("articles:write"))
            page.locator(".ck-editor__editable").first.wait_for()
            page.locator(".ck-editor input[type=file]").first.set_input_files(str(fake))
            notice = page.locator("#editor-notices")
            expect(notice).to_be_visible()
            expect(notice).to_contain_text("无法识别的图片文件")
            assert not dialogs, dialogs
        finally:
            browser.close()
            connections.close_all()
