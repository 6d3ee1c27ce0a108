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


@pytest.fixture
def site(db, roles_granted):
    rules = moderation.ruleset_load()[0]
    category = CategoryFactory(name="Growth", slug="growth")
    writer = UserFactory(username="writer", display_name="Writer", bio="Writes about growth.", roles=[AUTHOR])
    article = ArticleFactory(
        title="Growth loops that last",
        slug="growth-loops",
        body="<p>Growth needs patience and a clear loop.</p>",
        summary="How growth loops work",
        source="Original",
        author=writer,
        category=category,
        tags=["growth"],
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
    contribution = ArticleFactory(
        title="A reader's first piece",
        slug="first-piece",
        body="<p>My first try at writing.</p>",
        summary="A first piece",
        source="Original",
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
    lambda s: "/",
    lambda s: reverse("articles:detail", args=[s["article"].slug]),
    lambda s: reverse("articles:category", args=["growth"]),
    lambda s: reverse("articles:author", args=["writer"]),
    lambda s: "/search/?q=growth",
    lambda s: "/search/",
    lambda s: reverse("moderation:rules"),
    lambda s: reverse("moderation:transparency"),
    lambda s: reverse("articles:tag", args=["growth"]),
    lambda s: reverse("copyright"),
    lambda s: reverse("accounts:login"),
    lambda s: reverse("accounts:register"),
    lambda s: reverse("accounts:password_reset"),
]
MEMBER_PAGES = [
    lambda s: reverse("moderation:account_status"),
    lambda s: reverse("moderation:inbox"),
    lambda s: reverse("moderation:feedback"),
    lambda s: reverse("articles:my_favorites"),
    lambda s: reverse("articles:my_following"),
    lambda s: reverse("articles:my_history"),
    lambda s: reverse("articles:dashboard"),
    lambda s: reverse("accounts:profile"),
    lambda s: reverse("articles:become_author"),
    lambda s: reverse("articles:write"),
    lambda s: reverse("moderation:report") + f"?type=article&id={s['article'].pk}",
    lambda s: reverse("privacy:data"),
    lambda s: reverse("privacy:phone"),
    lambda s: reverse("account_email"),
    lambda s: reverse("accounts:password_change"),
    lambda s: reverse("mfa_index"),
]
MODERATOR_PAGES = [
    lambda s: reverse("moderation_staff:queue"),
    lambda s: reverse("moderation_staff:case", args=[s["open_case"].pk]),
    lambda s: reverse("moderation_staff:appeals"),
    lambda s: reverse("moderation_staff:feedback_inbox"),
    lambda s: reverse("moderation_staff:stats"),
]
EDITOR_PAGES = [
    lambda s: reverse("articles:review_queue"),
    lambda s: reverse("articles:review", args=[s["contribution"].pk]),
    lambda s: reverse("moderation:copyright_queue"),
]


def _check(client, site, pages) -> dict[str, list[str]]:
    leftovers = {}
    for page in pages:
        url = page(site)
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
    pages = [*MODERATOR_PAGES, lambda s: reverse("moderation_staff:appeal", args=[s["appeal"].pk])]
    assert _check(english, site, pages) == {}


def test_editor_pages_in_english_show_no_chinese(english, site):
    english.force_login(site["editor"])
    assert _check(english, site, EDITOR_PAGES) == {}


ADMIN_PAGES = [
    lambda s: "/admin/",
    lambda s: "/admin/moderation/lexiconterm/",
    lambda s: "/admin/moderation/lexiconterm/add/",
    lambda s: "/admin/moderation/ruleset/",
    lambda s: "/admin/moderation/sanctionpolicy/",
    lambda s: "/admin/articles/article/",
    lambda s: "/admin/accounts/user/",
    lambda s: "/admin/core/auditlog/",
]


def test_admin_pages_in_english_show_no_chinese(english, site):
    admin = UserFactory(username="root", display_name="Root", is_staff=True, is_superuser=True)
    english.force_login(admin)
    assert _check(english, site, ADMIN_PAGES) == {}
