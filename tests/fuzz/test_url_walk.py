"""Every URL pattern, as four kinds of visitor, with generated path parameters, query strings and form fields.

Hand-picked bad inputs miss what a generator finds. Hypothesis builds requests from the URL patterns themselves
(so a new route is walked without anyone listing it) and from values that have broken Django sites before: NUL
bytes, lone surrogates, huge and negative numbers, digits that are not ASCII, repeated keys, very long strings.
Whatever the input, the answer must be a page, a redirect or a 4xx: never a 500 and never a logged traceback.

The budget is bounded (`EXAMPLES` per route and visitor) so that it runs in `make test`; raise it locally with
`URL_WALK_EXAMPLES=100`.
"""

import logging
import os
import re
from urllib.parse import quote

import pytest
from django.conf import settings as settings_module
from django.http import HttpRequest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.roles import AUTHOR, EDITOR, MODERATOR
from tests.articles.factories import ArticleFactory, CommentFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("URL_WALK_EXAMPLES", "3"))  # per route and visitor
ADMIN_EXAMPLES = max(1, EXAMPLES // 3)
CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")


def _patterns(patterns=None, prefix: str = "") -> list[str]:
    patterns = get_resolver().url_patterns if patterns is None else patterns
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            text = str(pattern.pattern)
            if text.startswith("^"):  # a regex route (the admin's catch-all, static files): walk it as written
                text = text.strip("^$").replace("\\", "")
            found.append(prefix + text)
    return found


ROUTES = sorted(set(_patterns()))
NON_ADMIN = [r for r in ROUTES if not r.startswith("admin/")]

# Raw, already percent-encoded pieces: what a client can send that a str cannot hold (lone surrogates, bad UTF-8).
RAW = ["%00", "%ED%A0%80", "%FF%FE", "%C0%AF", "%2e%2e%2f", "%0d%0aSet-Cookie:x=1", "%F0%9F%98%80"]
NASTY_TEXT = [
    "\x00",
    "a\x00b",
    "²",
    "٣",
    "１２",
    "-1",
    "0",
    "9" * 30,
    "-9223372036854775809",
    "1e309",
    "NaN",
    "'\"><script>",
    "../../etc/passwd",
    "x" * 5000,
    "😀",
    "\u200b",
    " ",
    "",
    "true",
    "[]",
    "{}",
]
# Sent in every field at once, to every route: NUL, a non-ASCII digit, out-of-range numbers, a word where a URL
# or a number is expected, a long string.
SWEEP = ["\x00", "²", "-1", "9" * 30, "abc", "x" * 3000]
FIELD_NAMES = [
    "q",
    "page",
    "type",
    "id",
    "next",
    "reason",
    "rule",
    "rules",
    "rule_code",
    "action",
    "case",
    "rung",
    "rung_reason",
    "text",
    "kind",
    "article",
    "contact",
    "body",
    "parent",
    "title",
    "summary",
    "tags",
    "category",
    "source",
    "status",
    "username",
    "password",
    "email",
    "display_name",
    "bio",
    "outcome",
    "reduced_to",
    "decision",
    "other",
    "source_type",
    "sort",
    "o",
    "p",
    "all",
    "_changelist_filters",
    "action_checkbox",
    "_selected_action",
    "index",
    "e",
]

text_values = st.one_of(
    st.sampled_from(NASTY_TEXT),
    st.sampled_from(NASTY_TEXT),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
raw_values = st.one_of(st.sampled_from(RAW), text_values.map(lambda v: quote(v.encode("utf-8", "surrogatepass"))))
query = st.lists(st.tuples(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), raw_values), max_size=6)
# A form sends many of the names at once, so that a view finds the fields it reads; some repeat (arrays).
form_value = st.one_of(text_values, st.lists(text_values, min_size=2, max_size=3))
form = st.lists(st.sampled_from(FIELD_NAMES), min_size=3, max_size=len(FIELD_NAMES), unique=True).flatmap(
    lambda names: st.fixed_dictionaries({name: form_value for name in names})
)


def _path_value(kind: str | None, real: list[str]):
    """A value for one path parameter: often a real object's id or slug, else something generated."""
    generated = raw_values if kind in (None, "str", "path") else st.one_of(raw_values, text_values.map(quote))
    if kind == "int":
        generated = st.one_of(st.integers(min_value=0, max_value=2**70).map(str), raw_values)
    return st.one_of(st.sampled_from(real), generated) if real else generated


@st.composite
def requests(draw, route: str, real: dict[str, list[str]]):
    path = "/" + CONVERTER.sub(lambda m: draw(_path_value(m["kind"], real.get(m["name"], []))), route)
    pairs = draw(query)
    if pairs:
        path += "?" + "&".join(f"{quote(k.encode('utf-8', 'surrogatepass'), safe='')}={v}" for k, v in pairs)
    method = draw(st.sampled_from(["GET", "GET", "POST", "HEAD"]))
    return method, path, draw(form)


@pytest.fixture
def rules_loaded(db):
    from moderation.services import ruleset_load

    return ruleset_load()[0]


@pytest.fixture
def site(db):
    """A few rows of each kind, so that generated ids often hit real objects."""
    author = UserFactory(username="walkauthor", roles=[AUTHOR])
    article = ArticleFactory(author=author, tags=["营销"])
    draft = ArticleFactory(author=author, status="draft")
    comment = CommentFactory(article=article)
    return {
        "pk": [str(article.pk), str(draft.pk), str(comment.pk), str(author.pk)],
        "slug": [article.slug, draft.slug, article.category.slug, "营销"],
        "username": [author.username],
        "version": ["1"],
        "code": ["en", "zh-hans"],
        "decision": ["accept", "reject", "changes", "approve", "feature"],
    }


def _visitor(kind: str):
    if kind == "anonymous":
        return None
    if kind == "admin":
        return UserFactory(username="walkadmin", is_superuser=True, is_staff=True)
    # One staff visitor holds every staff role: it reaches each role's views (the write page, the editors' and the
    # moderators' pages) in one walk; who may open what is the authorization matrix's business, not the walk's.
    roles = {"reader": [], "staff": [AUTHOR, EDITOR, MODERATOR]}[kind]
    return UserFactory(username=f"walk{kind}", roles=roles)


class ErrorLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _logged_in_as(client, visitor) -> bool:
    """Whether the client's session still authenticates `visitor`, as the site would read it (the account and the
    session's password hash checked): a `force_login` before every request costs more than most requests."""
    from django.contrib.auth import get_user

    if settings_module.SESSION_COOKIE_NAME not in client.cookies:
        return False
    request = HttpRequest()
    request.session = client.session
    return get_user(request).pk == visitor.pk


@pytest.mark.parametrize("kind", ["anonymous", "reader", "staff", "admin"])
def test_no_generated_request_answers_500_or_logs_a_traceback(kind, site, client, rules_loaded):
    visitor = _visitor(kind)
    # The admin walks the admin's routes; the site's own routes are walked by the other three visitors.
    routes = [r for r in ROUTES if r not in NON_ADMIN] if kind == "admin" else NON_ADMIN
    errors = ErrorLog()
    logging.getLogger().addHandler(errors)
    client.raise_request_exception = False

    def walk(route: str, examples: int) -> None:
        @settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(requests(route, site))
        def one(request):
            send(*request)

        # First every field at once with each of the values that have broken sites before, then generated ones.
        path = "/" + CONVERTER.sub(lambda m: (site.get(m["name"]) or ["1"])[0], route)
        for value in SWEEP:
            send("POST", path, dict.fromkeys(FIELD_NAMES, value))
        send("GET", path + "?" + "&".join(f"{name}={RAW[0]}" for name in FIELD_NAMES), {})
        one()

    # Whether the session may have changed since it was last seen to authenticate the visitor: after a POST, or a
    # response that set or deleted the session cookie (a logout, a new session). A GET or HEAD that touched neither
    # leaves it as it was, and looking it up again (session and user rows) would cost ~5 ms a request.
    unsure = True

    def send(method: str, path: str, data: dict) -> None:
        nonlocal unsure
        if visitor is not None and unsure and not _logged_in_as(client, visitor):
            client.force_login(visitor)  # the first request, or the last one logged the visitor out
        errors.records.clear()
        call = {"GET": client.get, "POST": client.post, "HEAD": client.head}[method]
        response = call(path, data) if method == "POST" else call(path)
        unsure = method == "POST" or settings_module.SESSION_COOKIE_NAME in response.cookies
        logged = [r.getMessage() for r in errors.records]
        assert response.status_code < 500, f"{method} {path} {data!r} -> {response.status_code}: {logged}"
        assert not logged, f"{method} {path} {data!r} logged errors: {logged}"

    try:
        for route in routes:
            walk(route, ADMIN_EXAMPLES if route.startswith("admin/") else EXAMPLES)
    finally:
        logging.getLogger().removeHandler(errors)
