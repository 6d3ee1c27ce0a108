"""Issue 14 item 7: the English UI is complete. Every page a reader, a sanctioned member, an author and a moderator
sees, filled with English content only, shows no Chinese character and no full-width punctuation of its own: what
is left over is a string the templates or the code forgot to translate (or a 「、」 joined in a template)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.roles import AUTHOR, EDITOR, MODERATOR
from articles.models import Article
from moderation import services as moderation
from tests.articles.factories import ArticleFactory, CategoryFactory, CommentFactory
from tests.factories import UserFactory
from tests.moderation.conftest import decide, report_user

pytestmark = pytest.mark.django_db

# CJK ideographs, CJK punctuation (、。「」《》【】) and the full-width forms (（），：；！？).
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
# What an English page may still show in Chinese: the language switch names the other language in its own words.
ALLOWED = {"简体中文", "中文"}


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    html = re.sub(r"<!--.*?-->", " ", html, flags=re.S)
    # Attributes a reader meets too: placeholders, titles, labels for screen readers, alt text.
    shown = " ".join(re.findall(r'(?:placeholder|title|aria-label|alt)="([^"]*)"', html))
    return re.sub(r"<[^>]+>", " ", html) + " " + shown


def chinese_left(html: str) -> list[str]:
    # The site's name is a proper noun, shown as configured in either language; a Chinese term glossed in ASCII
    # parentheses after its translation ("fan-circle (饭圈)") is there on purpose.
    allowed = {*ALLOWED, settings.SITE_NAME}
    text = re.sub(r"\((?:[\u3400-\u9fff]+)\)", " ", visible_text(html))
    return sorted({m for m in CHINESE.findall(text) if m not in allowed})


@pytest.fixture
def english(client):
    client.get("/i18n/en/", {"next": "/"})
    return client


def english_article(**fields):
    """An article whose every text is English (the factory's defaults are Chinese)."""
    return ArticleFactory(
        **{"body": "<p>A short piece.</p>", "summary": "A short piece", "source": "Original", **fields}
    )


@pytest.fixture
def site(db, roles_granted):
    rules = moderation.ruleset_load()[0]
    category = CategoryFactory(name="Growth", slug="growth")
    writer = UserFactory(username="writer", display_name="Writer", bio="Writes about growth.", roles=[AUTHOR])
    article = english_article(
        title="Growth loops that last", slug="growth-loops", author=writer, category=category, tags=["growth"]
    )
    member = UserFactory(username="member", display_name="Member")
    CommentFactory(article=article, author=member, body="A helpful piece, thanks")
    moderator = UserFactory(username="mod", display_name="Mod", roles=[MODERATOR])
    other = UserFactory(username="mod2", display_name="Mod Two", roles=[MODERATOR])
    reporter = UserFactory(username="reporter", display_name="Reporter")
    case = report_user(reporter=reporter, target=member, rule_code="2.6", text="spam").case
    decision = decide(case, moderator=moderator, action="sanction", rule_codes=("2.6", "2.7"), reason="Spam links")
    appeal = moderation.appeal_file(decision=decision, appellant=member, text="It was a mistake")
    open_case = report_user(reporter=reporter, target=writer, rule_code="2.6", text="abuse").case
    editor = UserFactory(username="ed", display_name="Editor", roles=[EDITOR])
    contribution = english_article(
        title="A reader's first piece",
        slug="first-piece",
        author=reporter,
        category=category,
        status=Article.Status.SUBMITTED,
    )
    return {
        "rules": rules,
        "article": article,
        "writer": writer,
        "member": member,
        "moderator": moderator,
        "other": other,
        "appeal": appeal,
        "open_case": open_case,
        "editor": editor,
        "contribution": contribution,
    }


READER_PAGES = [
    "/",
    ("articles:detail", "article", "slug"),
    ("articles:category", "=growth"),
    ("articles:author", "=writer"),
    "/search/?q=growth",
    "/search/",
    "moderation:rules",
    "moderation:transparency",
    ("articles:tag", "=growth"),
    "copyright",
    "accounts:login",
    "accounts:register",
    "accounts:password_reset",
]
MEMBER_PAGES = [
    "moderation:account_status",
    "moderation:inbox",
    "moderation:feedback",
    "articles:my_favorites",
    "articles:my_following",
    "articles:my_history",
    "articles:dashboard",
    "accounts:profile",
    "articles:become_author",
    "articles:write",
    lambda s: reverse("moderation:report") + f"?type=article&id={s['article'].pk}",  # a report of the article
    "privacy:data",
    "privacy:phone",
    "account_email",
    "accounts:password_change",
    "mfa_index",
]
MODERATOR_PAGES = [
    "moderation_staff:queue",
    ("moderation_staff:case", "open_case"),
    "moderation_staff:appeals",
    "moderation_staff:feedback_inbox",
    "moderation_staff:stats",
]
EDITOR_PAGES = [
    "articles:review_queue",
    ("articles:review", "contribution"),
    "moderation:copyright_queue",
]


def _url(site, page) -> str:
    """A page: a path ("/search/"), a URL name, (URL name, "=literal argument"), (URL name, a site object's key
    [, its attribute, pk by default]), or a function of the site."""
    if callable(page):
        return page(site)
    if isinstance(page, str):
        return page if page.startswith("/") else reverse(page)
    name, key, *attr = page
    arg = key[1:] if key.startswith("=") else getattr(site[key], attr[0] if attr else "pk")
    return reverse(name, args=[arg])


def _check(client, site, pages) -> dict[str, list[str]]:
    leftovers = {}
    for page in pages:
        url = _url(site, page)
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        found = chinese_left(response.content.decode())
        if found:
            leftovers[url] = found
    return leftovers


def test_reader_pages_in_english_show_no_chinese(english, site):
    assert _check(english, site, READER_PAGES) == {}


def test_a_sanctioned_members_pages_in_english_show_no_chinese(english, site):
    english.force_login(site["member"])
    assert _check(english, site, MEMBER_PAGES) == {}


def test_moderator_pages_in_english_show_no_chinese(english, site):
    english.force_login(site["other"])  # not the decider: the appeal is theirs to review
    pages = [*MODERATOR_PAGES, ("moderation_staff:appeal", "appeal")]
    assert _check(english, site, pages) == {}


def test_editor_pages_in_english_show_no_chinese(english, site):
    english.force_login(site["editor"])
    assert _check(english, site, EDITOR_PAGES) == {}


ADMIN_PAGES = [
    "/admin/",
    "/admin/moderation/lexiconterm/",
    "/admin/moderation/lexiconterm/add/",
    "/admin/moderation/ruleset/",
    "/admin/moderation/sanctionpolicy/",
    "/admin/articles/article/",
    "/admin/accounts/user/",
    "/admin/core/auditlog/",
]


def test_admin_pages_in_english_show_no_chinese(english, site):
    admin = UserFactory(username="root", display_name="Root", is_staff=True, is_superuser=True)
    english.force_login(admin)
    assert _check(english, site, ADMIN_PAGES) == {}
