"""Debian's Chromium under Playwright, launched the same way by every browser test (tests/e2e, tests/security)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from tests import services

# Headless, no sandbox (the tests may run as root in a container), and nothing that reaches out to the network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_launch(playwright):
    """A Chromium browser from a running `sync_playwright()`; the caller closes it. Its own interface is Chinese
    (LANGUAGE), as a reader's here is: the native date picker reads 2026/11/02 and 年/月/日 (with Debian's
    chromium-l10n, which `make browser` installs), not mm/dd/yyyy. The site's language is the page's business."""
    return playwright.chromium.launch(
        executable_path=services.chromium_path() or "/usr/bin/chromium",
        args=CHROMIUM_ARGS,
        env={**os.environ, "LANGUAGE": "zh_CN"},
    )


@contextlib.contextmanager
def orm_beside_playwright() -> Iterator[None]:
    """Let the ORM run in a thread where Playwright's sync API keeps an event loop, then put the setting back.

    Django refuses ORM calls from a thread with a running loop; the browser tests' ORM work is plain synchronous
    set-up and assertions. Set only for their duration (never at import): other tests' subprocesses would inherit it.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
