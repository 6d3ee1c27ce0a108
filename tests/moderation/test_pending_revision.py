"""A decision on a case about a pending revision (an edit of a published article, held by the checks) acts on that
revision only; the case page says which revision it shows and whether it is live (issue 11, item 3)."""

import pytest
from django.urls import reverse

from articles import services as articles
from articles.models import Article, ArticleRevision
from core.models import Notification
from moderation import services
from moderation.models import Case
from tests.articles.factories import ArticleFactory
from tests.moderation.conftest import decide

pytestmark = pytest.mark.django_db

LIVE_BODY = "<p>做私域要先想清楚用户价值。</p>"
HELD_BODY = "<p>想了解更多请加微信 abc12345 私聊</p>"


@pytest.fixture
def live(author):
    return ArticleFactory(author=author, title="私域流量运营的三个误区", body=LIVE_BODY)


def _edit(article, author, body, capture, title=None):
    with capture(execute=True):
        articles.article_update(article=article, user=author, title=title or article.title, body=body)
    article.refresh_from_db()
    return article


@pytest.fixture
def held_edit(live, author, rules, django_capture_on_commit_callbacks):
    """The published article with an edit the checks held, and the case that holds it."""
    article = _edit(live, author, HELD_BODY, django_capture_on_commit_callbacks)
    assert article.status == Article.Status.PUBLISHED
    assert article.pending_revision.status == ArticleRevision.Status.HELD
    return article, Case.objects.get(target_id=article.pk, status=Case.Status.OPEN)


def test_removing_a_held_edit_rejects_the_edit_and_keeps_the_live_article_public(
    client, held_edit, author, moderator, django_capture_on_commit_callbacks
):
    article, case = held_edit
    live_revision, edit = article.live_revision_id, article.pending_revision
    with django_capture_on_commit_callbacks(execute=True):
        decision = decide(case, moderator=moderator, action="remove", rule_codes=["3.1"], reason="留联系方式引流")
    article.refresh_from_db()
    edit.refresh_from_db()
    # the edit is rejected; the live copy stays as it was
    assert edit.status == ArticleRevision.Status.REJECTED
    assert article.status == Article.Status.PUBLISHED
    assert article.live_revision_id == live_revision
    assert "abc12345" not in article.body_text
    assert decision.revision_id == edit.pk
    # readers still read it; the author's dashboard neither says 已移除 nor loses the edit link
    assert client.get(article.get_absolute_url()).status_code == 200
    client.force_login(author)
    assert client.get(article.get_absolute_url()).status_code == 200
    dashboard = client.get(reverse("articles:dashboard")).content.decode()
    assert "已移除" not in dashboard
    assert reverse("articles:edit", args=[article.pk]) in dashboard
    # and the author is told that the edit, not the article, was refused
    notice = Notification.objects.filter(recipient=author, subject__contains="修改").latest("pk")
    assert "公开的版本不受影响" in notice.body


def test_after_a_removed_edit_the_author_can_edit_again(
    held_edit, author, moderator, django_capture_on_commit_callbacks
):
    article, case = held_edit
    decide(case, moderator=moderator, action="remove", rule_codes=["3.1"], reason="引流")
    article = _edit(article, author, "<p>改好了，不再留联系方式。</p>", django_capture_on_commit_callbacks)
    assert article.status == Article.Status.PUBLISHED
    assert "改好了" in article.body_text


def test_dismissing_a_held_edit_publishes_that_edit(held_edit, moderator, django_capture_on_commit_callbacks):
    article, case = held_edit
    edit = article.pending_revision
    with django_capture_on_commit_callbacks(execute=True):
        decide(case, moderator=moderator, action="dismiss", rule_codes=["3.1"], reason="正常交流")
    article.refresh_from_db()
    assert article.live_revision_id == edit.pk
    assert article.status == Article.Status.PUBLISHED
    assert "abc12345" in article.body_text


def test_sanctioning_over_a_held_edit_rejects_the_edit_only(held_edit, author, moderator):
    article, case = held_edit
    decide(case, moderator=moderator, action="sanction", rule_codes=["3.1"], reason="引流")
    article.refresh_from_db()
    author.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert author.is_muted()


def test_case_page_says_the_edit_it_shows_is_pending_and_not_live(client, held_edit, moderator):
    article, case = held_edit
    client.force_login(moderator)
    page = client.get(reverse("moderation_staff:case", args=[case.pk])).content.decode()
    edit = article.pending_revision
    assert f"第 {edit.number} 版" in page
    assert "待审核的修改" in page
    assert "未公开" in page
    assert f"公开的是第 {article.live_revision.number} 版" in page
    assert "状态：已发布" not in page


def test_case_page_says_when_the_version_shown_is_the_live_one(client, live, reader, rules, moderator):
    services.report_create(reporter=reader, kind="article", target_id=live.pk, rule_code="2.6")
    case = Case.objects.get(target_id=live.pk)
    client.force_login(moderator)
    page = client.get(reverse("moderation_staff:case", args=[case.pk])).content.decode()
    assert f"第 {live.live_revision.number} 版" in page
    assert "当前公开的版本" in page


def test_a_reader_report_during_a_pending_edit_keeps_the_copy_the_reader_saw(
    live, author, reader, rules, django_capture_on_commit_callbacks
):
    # an edit waits for its check (not yet run); meanwhile a reader reports what they read
    with django_capture_on_commit_callbacks(execute=False):
        articles.article_update(article=live, user=author, title=live.title, body="<p>新的版本</p>")
    services.report_create(reporter=reader, kind="article", target_id=live.pk, rule_code="2.6")
    case = Case.objects.get(target_id=live.pk)
    assert "用户价值" in case.snapshot_reported["text"]
    assert case.snapshot_reported["live"] is True


def test_overturning_the_removal_of_an_edit_never_replaces_a_newer_live_edit(
    held_edit, author, moderator, moderator2, django_capture_on_commit_callbacks
):
    article, case = held_edit
    decision = decide(case, moderator=moderator, action="remove", rule_codes=["3.1"], reason="引流")
    article = _edit(article, author, "<p>第三版，干干净净。</p>", django_capture_on_commit_callbacks)
    newer = article.live_revision_id
    appeal = services.appeal_file(decision=decision, appellant=author, text="联系方式是公司客服")
    services.appeal_review(appeal=appeal, reviewer=moderator2, outcome="overturned", reason="误判")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.live_revision_id == newer
    assert "第三版" in article.body_text


def test_overturning_the_removal_of_an_edit_publishes_that_edit(held_edit, author, moderator, moderator2):
    article, case = held_edit
    edit = article.pending_revision
    decision = decide(case, moderator=moderator, action="remove", rule_codes=["3.1"], reason="引流")
    appeal = services.appeal_file(decision=decision, appellant=author, text="联系方式是公司客服")
    services.appeal_review(appeal=appeal, reviewer=moderator2, outcome="overturned", reason="误判")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.live_revision_id == edit.pk


def test_overturning_restores_only_what_the_decision_removed(
    live, author, reader, moderator, moderator2, rules, django_capture_on_commit_callbacks
):
    # A reader's report on the live copy and a held edit share one case: removal hides both, overturning both back.
    services.report_create(reporter=reader, kind="article", target_id=live.pk, rule_code="3.1")
    article = _edit(live, author, HELD_BODY, django_capture_on_commit_callbacks)
    case = Case.objects.get(target_id=article.pk, status=Case.Status.OPEN)
    decision = decide(case, moderator=moderator, action="remove", rule_codes=["3.1"], reason="引流")
    article.refresh_from_db()
    assert article.status == Article.Status.REMOVED
    assert decision.content_hidden
    appeal = services.appeal_file(decision=decision, appellant=author, text="误会")
    services.appeal_review(appeal=appeal, reviewer=moderator2, outcome="overturned", reason="误判")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
