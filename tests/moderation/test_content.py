"""Content moderation end to end, on articles' Comment and Article (through their registered adapters)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.policy import may_write
from accounts.roles import MODERATOR
from accounts.services import user_role_grant
from core.models import AuditLog, Notification
from moderation import services
from moderation.models import Appeal, Case, Decision, Rung
from moderation.services import ModerationError
from tests.moderation.conftest import decide

pytestmark = pytest.mark.django_db


def _report_comment(readers, comment, code="2.6"):
    for reader in readers:
        services.report_create(reporter=reader, kind="comment", target_id=comment.pk, rule_code=code, text="骂人")
    return Case.objects.get(target_id=comment.pk)


def test_done_when_1_three_reports_one_case_removed_and_sanctioned_r1(
    client, rules, comment, readers, offender, moderator, article, django_capture_on_commit_callbacks
):
    # given three readers reporting one comment under 2.6
    case = _report_comment(readers, comment)
    assert case.reporter_count == 3
    # a moderator claims it; the proposal is R1
    services.case_claim(case=case, moderator=moderator)
    assert services.sanction_propose(account=offender, rule_codes=["2.6"]).rung == Rung.R1
    # when they remove and sanction
    with django_capture_on_commit_callbacks(execute=True):
        decision = decide(case, moderator=moderator, action="sanction", rule_codes=["2.6"], reason="辱骂他人")
    # then the comment is hidden, never deleted, and the commenter is muted for one day
    comment.refresh_from_db()
    assert comment.status == "removed"
    assert decision.rung == Rung.R1
    assert decision.ruleset.version == 1
    offender.refresh_from_db()
    assert offender.muted_until == pytest.approx(timezone.now() + timedelta(days=1), abs=timedelta(seconds=30))
    assert offender.sanction_decision_id == decision.pk
    assert offender.sanction_rule == "2.6"
    assert not may_write(offender)
    # they cannot comment or publish...
    from articles.services import ArticleError, comment_create

    with pytest.raises(ArticleError, match="禁言"):
        comment_create(article=article, user=offender, body="再来一条")
    # ...but can read and appeal
    client.force_login(offender)
    assert client.get(article.get_absolute_url()).status_code == 200
    status_page = client.get(reverse("moderation:account_status"))
    assert f"?kind=appeal&amp;decision={decision.pk}" in status_page.content.decode()
    # all three reporters are told that action was taken, not what
    for reader in readers:
        notice = Notification.objects.get(recipient=reader)
        assert "采取了处理措施" in notice.body
        assert "禁言" not in notice.body
        assert "offender" not in notice.body
    assert Notification.objects.filter(recipient=offender, subject__contains="移除").exists()
    assert Notification.objects.filter(recipient=offender, subject__contains="R1").exists()
    assert {m.to[0] for m in mail.outbox} >= {r.email for r in readers} | {offender.email}
    # the case page keeps the content as reported and as decided
    case.refresh_from_db()
    assert case.snapshot_reported["text"] == comment.body
    assert case.snapshot_decided["status"] == "visible"
    assert AuditLog.objects.filter(action="case.sanction", rule_codes=["2.6"]).exists()


def test_done_when_3_appeal_reviewed_by_another_moderator_restores_content_and_lifts_mute(
    rules, comment, readers, offender, moderator, moderator2
):
    case = _report_comment(readers, comment)
    decision = decide(case, moderator=moderator, action="sanction", rule_codes=["2.6"])
    appeal = services.appeal_file(decision=decision, appellant=offender, text="我没有骂人")
    with pytest.raises(ModerationError, match="不能复核对自己"):
        services.appeal_review(appeal=appeal, reviewer=moderator, outcome="overturned", reason="x")
    services.appeal_review(appeal=appeal, reviewer=moderator2, outcome=Appeal.Status.OVERTURNED, reason="语境是玩笑")
    comment.refresh_from_db()
    offender.refresh_from_db()
    assert comment.status == "visible"
    assert not offender.is_muted()
    assert offender.sanction_decision_id is None
    notice = Notification.objects.filter(recipient=offender, subject__contains="申诉结果").get()
    assert "撤销" in notice.subject
    assert "语境是玩笑" in notice.body
    assert Decision.objects.get().is_overturned


def test_remove_without_sanction_hides_the_comment_and_leaves_the_account_alone(
    rules, comment, readers, offender, moderator
):
    case = _report_comment(readers[:1], comment)
    decide(case, moderator=moderator, action="remove", rule_codes=["2.6"])
    comment.refresh_from_db()
    offender.refresh_from_db()
    assert comment.status == "removed"
    assert offender.muted_until is None


def test_a_removed_comment_cannot_be_reported(rules, comment, readers, offender, moderator):
    case = _report_comment(readers[:1], comment)
    decide(case, moderator=moderator, action="remove", rule_codes=["2.6"])
    with pytest.raises(ModerationError, match="已被删除或不可见"):
        services.report_create(reporter=readers[1], kind="comment", target_id=comment.pk, rule_code="2.6")


def test_an_article_report_removes_the_article(rules, article, reader, moderator, author):
    services.report_create(reporter=reader, kind="article", target_id=article.pk, rule_code="7.1")
    case = Case.objects.get()
    assert case.target_owner == author
    decide(case, moderator=moderator, action="remove", rule_codes=["7.1"])
    article.refresh_from_db()
    assert article.status == "removed"


def test_the_article_author_cannot_decide_a_case_about_their_article(rules, article, reader, author):
    user_role_grant(user=author, role=MODERATOR)
    services.report_create(reporter=reader, kind="article", target_id=article.pk, rule_code="7.1")
    with pytest.raises(ModerationError, match="自己的内容"):
        decide(Case.objects.get(), moderator=author, action="remove", rule_codes=["7.1"])


def test_dismissing_a_case_about_held_content_releases_it(rules, comment, moderator):
    from tests.moderation.factories import ContentCheckFactory

    type(comment).objects.filter(pk=comment.pk).update(status="held")
    comment.refresh_from_db()
    check = ContentCheckFactory(target=comment, verdict="hold")
    case = services.case_open_for_check(check=check, target=comment)
    decide(case, moderator=moderator, action="dismiss", rule_codes=["2.6"], reason="误报")
    comment.refresh_from_db()
    assert comment.status == "visible"


def test_the_logged_in_appeal_goes_through_the_feedback_page(client, rules, comment, readers, offender, moderator):
    case = _report_comment(readers[:1], comment)
    decision = decide(case, moderator=moderator, action="remove", rule_codes=["2.6"])
    client.force_login(offender)
    page = client.get(reverse("moderation:feedback") + f"?kind=appeal&decision={decision.pk}")
    assert page.status_code == 200
    response = client.post(
        reverse("moderation:feedback"), {"kind": "appeal", "decision": decision.pk, "text": "没有违规"}
    )
    assert response.status_code == 302
    assert Appeal.objects.get().appellant == offender
