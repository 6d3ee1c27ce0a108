"""XSS and HTML injection through the real forms, checked on every page that renders the value; SQL-ish input in
search and filters.

Each vector goes in through the forms a person would use: the article (title, summary, source and the rich-text body)
through the write form, a comment, the profile (display name, bio), a copyright complaint (建议反馈), two reports
(on the article and on the commenting account) and the search box. Then every page that shows it is fetched as the
person who sees it, and parsed: no script we did not ship, no event handler, no script URL, no frame, object or embed,
no CSS expression survives (`html_check.live_markup`). The plain-text fields must appear as text.
"""

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from accounts.roles import AUTHOR, EDITOR, MODERATOR
from articles import services as article_services
from articles.models import Article, Comment
from moderation import services as mod_services
from moderation.models import Case, Feedback, Report
from tests.articles.factories import ArticleFactory, CategoryFactory
from tests.factories import UserFactory
from tests.security.html_check import live_markup, page_text
from tests.security.vectors import XSS_VECTORS

ANCHOR = "独角兽标记"  # a word only the vector's article contains, to find it in search


class People:
    pass


@pytest.fixture(scope="module")
def people(django_db_setup, django_db_blocker):
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with fast, django_db_blocker.unblock(), transaction.atomic():
        mod_services.ruleset_load()
        p = People()
        p.author = UserFactory(username="xss-author", roles=[AUTHOR])
        p.reader = UserFactory(username="xss-reader")
        p.reporter = UserFactory(username="xss-reporter")
        p.editor = UserFactory(username="xss-editor", roles=[EDITOR], is_staff=True)
        p.moderator = UserFactory(username="xss-moderator", roles=[MODERATOR], is_staff=True)
        p.admin = UserFactory(username="xss-admin", is_superuser=True, is_staff=True)
        p.category = CategoryFactory(name="安全", slug="security")
        ArticleFactory(author=p.author, category=p.category, title="一篇普通的文章")
        # One logged-in session per person, made once; each test's savepoint undoes what its requests do to them.
        p.sessions = {}
        for user in (p.author, p.reader, p.reporter, p.editor, p.moderator, p.admin):
            login = Client()
            login.force_login(user)
            p.sessions[user.pk] = login.cookies[settings.SESSION_COOKIE_NAME].value
        yield p
        transaction.set_rollback(True)


def _as(client, people, user):
    """The client as `user`, through the session made for them once (a `force_login` per step costs more than the
    page it is for)."""
    client.cookies[settings.SESSION_COOKIE_NAME] = people.sessions[user.pk]
    assert client.session.get("_auth_user_id") == str(user.pk), f"the session of {user.username} is gone"
    return client


def _assert_clean(response, where: str) -> str:
    assert response.status_code == 200, f"{where}: {response.status_code}"
    html = response.content.decode()
    problems = live_markup(html)
    assert not problems, f"{where}: live markup survived: {problems}"
    return html


def _assert_feed_clean(response) -> None:
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # well-formed: nothing broke out of an element
    for item in root.iter("item"):
        assert {child.tag for child in item} <= {
            "title",
            "link",
            "description",
            "pubDate",
            "guid",
            "category",
            "dc:creator",
            "{http://purl.org/dc/elements/1.1/}creator",
            "author",
        }, [child.tag for child in item]
        # A feed reader renders the description as HTML.
        problems = live_markup(item.findtext("description") or "")
        assert not problems, f"feed description: {problems}"


def _text_shown(html: str, value: str, where: str) -> None:
    """A plain-text field is shown as the text that was typed (escaped, so it reads back the same)."""
    shown = " ".join(page_text(html).split())
    wanted = " ".join(value.split())
    assert wanted in shown, f"{where}: {value!r} is not shown as text"


@pytest.mark.parametrize("vector", XSS_VECTORS, ids=[f"v{i:02d}" for i in range(len(XSS_VECTORS))])
def test_vector_never_renders_as_live_markup(client, people, db, django_capture_on_commit_callbacks, vector):
    p = people
    title = vector[:100].strip()

    # --- In through the real forms ---
    _as(client, p, p.author)
    response = client.post(
        reverse("articles:write"),
        {
            "title": title,
            "summary": vector[:300],
            "body": f"<p>{ANCHOR}</p><p>{vector}</p>",
            "source": vector[:100],
            "category": p.category.pk,
            "tags": "安全",
            "action": "publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    article = Article.objects.filter(author=p.author, title=title).get()
    article_services.article_verdict_apply(article_id=article.pk, revision_id=None, verdict="pass")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED

    _as(client, p, p.reader)
    response = client.post(reverse("articles:comment", args=[article.slug]), {"body": vector})
    assert response.status_code == 302
    comment = Comment.objects.get(article=article, author=p.reader)
    article_services.comment_verdict_apply(comment_id=comment.pk, verdict="pass")
    display_name = vector[:40].strip()
    response = client.post(reverse("accounts:profile"), {"display_name": display_name, "bio": vector})
    assert response.status_code == 302
    response = client.post(
        reverse("moderation:feedback"),
        {"kind": "copyright", "article": article.pk, "text": vector, "contact": vector[:200]},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("moderation:report"), {"type": "article", "id": article.pk, "rule": "2.6", "text": vector}
    )
    assert response.status_code == 302
    _as(client, p, p.reporter)
    response = client.post(
        reverse("moderation:report"), {"type": "user", "id": p.reader.pk, "rule": "2.6", "text": vector}
    )
    assert response.status_code == 302
    article_case = Case.objects.get(target_id=article.pk, target_type__model="article")
    user_case = Case.objects.get(target_id=p.reader.pk, target_type__model="user")
    feedback = Feedback.objects.get(author=p.reader)
    report = Report.objects.filter(case=article_case).get()

    # --- Out on every page that shows it ---
    client.logout()
    detail = reverse("articles:detail", args=[article.slug])
    html = _assert_clean(client.get(detail), "article page (anonymous)")
    _text_shown(html, title, "article title")
    _text_shown(html, vector, "comment")
    _assert_clean(client.get(reverse("articles:home")), "home")
    _assert_clean(client.get(reverse("articles:tag", args=[article.tags.get().slug])), "tag")
    html = _assert_clean(client.get(reverse("articles:search"), {"q": ANCHOR}), "search hit with snippet")
    assert article.get_absolute_url() in html, "the vector's article is not among the search results"
    html = _assert_clean(client.get(reverse("articles:search"), {"q": vector}), "search for the vector")
    _assert_feed_clean(client.get(reverse("articles:feed")))
    html = _assert_clean(client.get(reverse("articles:author", args=[p.reader.username])), "commenter's page")
    _text_shown(html, display_name, "display name")
    _assert_clean(client.get(reverse("articles:author", args=[p.author.username])), "author page")

    _as(client, p, p.reader)
    _assert_clean(client.get(detail), "article page (commenter)")
    _assert_clean(client.get(reverse("articles:dashboard")), "commenter's dashboard")
    html = _assert_clean(client.get(reverse("accounts:profile")), "profile form")
    _assert_clean(client.get(reverse("moderation:inbox")), "inbox")
    _assert_clean(client.get(reverse("moderation:report"), {"type": "article", "id": article.pk}), "report form")

    _as(client, p, p.author)
    _assert_clean(client.get(reverse("articles:dashboard")), "author's dashboard")
    _assert_clean(client.get(reverse("articles:edit", args=[article.pk])), "edit page (editor form)")

    _as(client, p, p.moderator)
    _assert_clean(client.get(reverse("moderation_staff:queue")), "moderator queue")
    client.post(reverse("moderation_staff:note", args=[p.reader.pk]), {"note-text": vector})
    html = _assert_clean(client.get(reverse("moderation_staff:case", args=[article_case.pk])), "article case")
    _text_shown(html, vector, "report text")
    html = _assert_clean(client.get(reverse("moderation_staff:case", args=[user_case.pk])), "account case")
    _text_shown(html, vector, "account note")

    _as(client, p, p.editor)
    html = _assert_clean(client.get(reverse("moderation:copyright_queue")), "copyright complaints")
    _text_shown(html, vector, "complaint text")
    client.post(reverse("moderation_staff:feedback_item", args=[feedback.pk]), {"text": vector})
    html = _assert_clean(client.get(reverse("moderation_staff:feedback_item", args=[feedback.pk])), "feedback item")
    _text_shown(html, vector, "feedback reply")
    _assert_clean(client.get(reverse("articles:review", args=[article.pk])), "editor's review page")

    _as(client, p, p.admin)
    for name, obj in (
        ("articles_article", article),
        ("articles_comment", comment),
        ("accounts_user", p.reader),
        ("moderation_feedback", feedback),
        ("moderation_report", report),
    ):
        _assert_clean(client.get(reverse(f"admin:{name}_changelist")), f"admin {name} list")
        _assert_clean(client.get(reverse(f"admin:{name}_change", args=[obj.pk])), f"admin {name} page")
    _assert_clean(client.get(reverse("admin:articles_article_changelist"), {"q": vector}), "admin search")


def test_there_are_at_least_fifty_distinct_vectors():
    assert len(set(XSS_VECTORS)) >= 50


def test_the_checker_catches_what_it_is_for():
    """The check itself: each of these pages must be reported."""
    bad = [
        "<p><script>x()</script></p>",
        '<img src=x onerror="y()">',
        '<a href=" jav&#x09;ascript:z()">a</a>',
        '<iframe srcdoc="&lt;b&gt;"></iframe>',
        '<div style="width:expression(1)">',
        '<meta http-equiv="Refresh" content="0;url=/">',
        '<svg><set attributeName="href" to="javascript:q()"/></svg>',
        '<script src="//evil.example/x.js"></script>',
    ]
    for page in bad:
        assert live_markup(page), page
    good = '<p>&lt;script&gt;window.__xss=1&lt;/script&gt;</p><script src="/static/app.js"></script>'
    assert live_markup(good) == []


# --- SQL-ish input in search and filters ---------------------------------------------------------------------------

SQLISH = [
    "' OR 1=1 --",
    "'; DROP TABLE articles_article; --",
    '" OR ""="',
    "%",
    "_",
    "%%__%%",
    "\\",
    "\\'",
    "1; SELECT pg_sleep(5)",
    "') OR ('1'='1",
    "1 UNION SELECT username, password FROM accounts_user",
    "&|!:*()<->",  # tsquery operators
    "x" * 5000,
    "品牌" * 3000,
    "\x00",
    "a\x00b",
    "%00",
    "\ud800" if False else "\ufffd",
    "-1",
    "99999999999999999999999",
]


@pytest.fixture
def catalogue(db):
    """Two ordinary articles: SQL-ish input must match neither (nothing unexpected comes back)."""
    author = UserFactory(username="sqli-author", roles=[AUTHOR])
    category = CategoryFactory(name="营销", slug="marketing")
    return [
        ArticleFactory(author=author, category=category, title="品牌营销的长期主义", tags=["营销"]),
        ArticleFactory(author=author, category=category, title="直播电商的下半场", tags=["直播"]),
    ]


def _harmless(response, where: str) -> None:
    """200, 400 or 404 for a page; a form POST may also answer with its usual redirect (and a message)."""
    allowed = (200, 302, 400, 404) if response.request["REQUEST_METHOD"] == "POST" else (200, 400, 404)
    assert response.status_code in allowed, f"{where}: {response.status_code}"


@pytest.mark.parametrize("value", SQLISH, ids=[f"s{i:02d}" for i in range(len(SQLISH))])
def test_sqlish_input_in_public_search_and_filters_is_harmless(client, catalogue, value):
    response = client.get(reverse("articles:search"), {"q": value})
    _harmless(response, "search")
    if response.status_code == 200 and "品牌" not in value:
        assert response.context["page"].paginator.count == 0, f"search {value[:40]!r} matched articles"
    _harmless(client.get(reverse("articles:search"), {"q": "品牌", "page": value}), "search page number")
    _harmless(client.get(reverse("articles:home"), {"page": value}), "home page number")
    for name, arg in (("articles:category", value), ("articles:tag", value), ("articles:author", value)):
        try:
            url = reverse(name, args=[arg])
        except Exception:  # noqa: BLE001 - a value the route cannot carry: send it raw below
            url = None
        if url:
            response = client.get(url)
            _harmless(response, name)
    from urllib.parse import quote

    for prefix in ("/category/", "/tag/", "/authors/", "/articles/", "/rules/v", "/accounts/u/"):
        response = client.get(prefix + quote(value[:300], safe="") + "/")
        _harmless(response, prefix)
        if response.status_code == 200 and prefix not in ("/tag/", "/accounts/u/"):
            pytest.fail(f"{prefix}{value[:40]!r} found something")


@pytest.mark.parametrize("value", SQLISH, ids=[f"s{i:02d}" for i in range(len(SQLISH))])
def test_sqlish_input_in_staff_filters_and_forms_is_harmless(client, catalogue, value):
    mod_services.ruleset_load()
    reader = UserFactory(username="sqli-reader")
    client.force_login(reader)
    _harmless(client.get(reverse("moderation:report"), {"type": value, "id": value}), "report target")
    _harmless(client.get(reverse("moderation:report"), {"type": "article", "id": value}), "report id")
    _harmless(client.get(reverse("moderation:feedback"), {"kind": value, "article": value}), "feedback kind")
    _harmless(
        client.post(reverse("moderation:feedback"), {"kind": "copyright", "article": value, "text": "x"}),
        "feedback article",
    )
    _harmless(
        client.post(
            reverse("moderation:report"), {"type": "article", "id": catalogue[0].pk, "rule": value, "text": "x"}
        ),
        "report rule",
    )
    moderator = UserFactory(username="sqli-moderator", roles=[MODERATOR])
    client.force_login(moderator)
    response = client.get(reverse("moderation_staff:queue"), {"category": value, "source": value, "status": value})
    _harmless(response, "moderation queue filters")
    if response.status_code == 200:
        assert list(response.context["cases"]) == []
    _harmless(client.post(reverse("moderation_staff:bulk_dismiss"), {"case": value, "reason": "x"}), "bulk ids")
    editor = UserFactory(username="sqli-editor", roles=[EDITOR])
    client.force_login(editor)
    _harmless(client.get(reverse("moderation:copyright_queue"), {"status": value}), "copyright status")
    _harmless(client.get(reverse("articles:revisions", args=[catalogue[0].pk]), {"a": value, "b": value}), "diff")
    admin = UserFactory(username="sqli-admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    _harmless(client.get(reverse("admin:articles_article_changelist"), {"q": value}), "admin search")
