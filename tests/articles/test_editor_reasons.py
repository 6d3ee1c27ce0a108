"""Issue 11 item 15: whatever an editor sends as a reason (asking for changes, rejecting a contribution or an author
application) answers with a page or a message, never a 500; a NUL is refused by core.middleware with a 400."""

import pytest

from accounts.models import AuthorApplication
from articles.models import Article
from tests.articles.factories import ArticleFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
# Raw bodies, as a client can send them: a NUL, a lone surrogate and bad UTF-8 (which no str holds), a non-ASCII
# digit, repeated keys, a huge reason, nothing at all.
BODIES = [
    pytest.param("reason=%00", 400, id="nul"),
    pytest.param("reason=a%00b", 400, id="nul-inside"),
    pytest.param("reason=%ED%A0%80", None, id="lone-surrogate"),
    pytest.param("reason=%FF%FE", None, id="bad-utf8"),
    pytest.param("reason=%C2%B2", None, id="superscript-two"),
    pytest.param("reason=a&reason=b", None, id="repeated"),
    pytest.param("reason=" + "x" * 5000, None, id="too-long"),
    pytest.param("reason=%20%20", None, id="blank"),
    pytest.param("", None, id="missing"),
]


@pytest.fixture
def contribution(contributor):
    return ArticleFactory(author=contributor, contributor=contributor, status=Article.Status.SUBMITTED)


@pytest.fixture
def application(db):
    return AuthorApplication.objects.create(user=UserFactory(username="applicant"), motivation="想写")


def _answer_is_a_page(response, status):
    if status is not None:
        assert response.status_code == status
    else:
        assert response.status_code in (200, 302, 400)


@pytest.mark.parametrize(("body", "status"), BODIES)
@pytest.mark.parametrize("decision", ["changes", "reject"])
def test_a_bad_reason_for_a_contribution_is_never_a_500(client, editor, contribution, body, status, decision):
    client.force_login(editor)
    response = client.post(f"/editor/articles/{contribution.pk}/{decision}/", body, content_type=FORM)
    _answer_is_a_page(response, status)
    contribution.refresh_from_db()
    if "x" * 5000 in body or "%20%20" in body or not body or status == 400:
        assert contribution.status == Article.Status.SUBMITTED  # refused: nothing changed


@pytest.mark.parametrize(("body", "status"), BODIES)
def test_a_bad_reason_for_an_author_application_is_never_a_500(client, editor, application, body, status):
    client.force_login(editor)
    response = client.post(f"/editor/applications/{application.pk}/reject/", body, content_type=FORM)
    _answer_is_a_page(response, status)
    application.refresh_from_db()
    if "x" * 5000 in body or "%20%20" in body or not body or status == 400:
        assert application.status == AuthorApplication.Status.PENDING


def test_a_refused_reason_says_why_on_the_page_it_came_from(client, editor, contribution):
    client.force_login(editor)
    response = client.post(f"/editor/articles/{contribution.pk}/changes/", {"reason": "x" * 5000}, follow=True)
    assert "不能超过" in response.content.decode()
