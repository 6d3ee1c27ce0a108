"""Issue 11 item 14: contributions (投稿) are rate-limited per account, whichever button sends them, and the limit
answers 429 with a page (on the write page, with what was typed)."""

import pytest

from articles import services
from articles.models import Article
from core.ratelimits import rate

pytestmark = pytest.mark.django_db

FORM = {"title": "一篇投稿", "body": "<p>投稿正文。</p>", "summary": "", "source": "", "tags": ""}


def _draft(user, n: int) -> Article:
    return services.article_create(user=user, title=f"草稿 {n}", body="<p>正文。</p>")


def test_contributions_beyond_the_rate_are_refused_with_a_page(client, contributor):
    allowed, _ = rate("contribution")
    drafts = [_draft(contributor, n) for n in range(allowed + 1)]
    client.force_login(contributor)
    for draft in drafts[:allowed]:
        assert client.post(f"/write/{draft.pk}/submit/").status_code == 302
    response = client.post(f"/write/{drafts[-1].pk}/submit/")
    assert response.status_code == 429
    assert "频繁" in response.content.decode()
    assert Article.objects.filter(status=Article.Status.SUBMITTED).count() == allowed


def test_the_write_page_shares_the_limit_and_keeps_what_was_typed(client, contributor):
    allowed, _ = rate("contribution")
    client.force_login(contributor)
    for n in range(allowed):
        assert client.post("/write/", {**FORM, "title": f"投稿 {n}", "action": "submit"}).status_code == 302
    response = client.post("/write/", {**FORM, "title": "第十一篇", "action": "submit"})
    assert response.status_code == 429
    assert "频繁" in response.content.decode()
    assert response.context["form"]["title"].value() == "第十一篇"
    assert not Article.objects.filter(title="第十一篇").exists()
    # saving a draft is not a contribution: still possible
    assert client.post("/write/", {**FORM, "title": "第十一篇", "action": "save"}).status_code == 302


def test_the_limit_is_per_account(client, contributor, reader):
    allowed, _ = rate("contribution")
    client.force_login(contributor)
    for n in range(allowed + 1):
        client.post("/write/", {**FORM, "title": f"投稿 {n}", "action": "submit"})
    client.force_login(reader)
    assert client.post("/write/", {**FORM, "action": "submit"}).status_code == 302
