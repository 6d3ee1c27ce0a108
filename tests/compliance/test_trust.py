"""Item 7: trust levels; a new account's first comments and articles wait for a moderator (先审后发); trusted
accounts get higher rate limits; a sanction drops the level."""

import html
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import AUTHOR
from accounts.selectors import TL0, TL1, TL2, newcomer_held, trust_level
from articles import services as articles
from articles.models import Article, Comment
from moderation import services as moderation
from moderation.models import Case
from moderation.selectors.evidence import automatic_report_words
from tests.factories import UserFactory


@pytest.fixture
def holds(settings):
    settings.TRUST_NEWCOMER_HOLDS = 2
    settings.TRUST_LEVELS = {1: {"days": 1, "accepted": 1}, 2: {"days": 30, "accepted": 3}}


@pytest.fixture
def rules(db):
    return moderation.ruleset_load()[0]


@pytest.fixture
def comment_as(django_capture_on_commit_callbacks):
    """Post a comment and run the check it enqueues on commit (in-process, as the embedded default does)."""

    def post(user, article, body="一条普通的评论"):
        with django_capture_on_commit_callbacks(execute=True):
            comment = articles.comment_create(article=article, user=user, body=body)
        comment.refresh_from_db()
        return comment

    return post


@pytest.mark.django_db
def test_levels_come_from_age_and_accepted_content(holds):
    user = UserFactory()
    assert trust_level(user) == TL0
    user.accepted_content = 1
    assert trust_level(user) == TL0  # one accepted, but not a day old
    assert trust_level(user, now=timezone.now() + timedelta(days=2)) == TL1
    user.accepted_content = 3
    assert trust_level(user, now=timezone.now() + timedelta(days=31)) == TL2


@pytest.mark.django_db
def test_a_muted_account_is_tl0(holds):
    user = UserFactory(accepted_content=10)
    user.date_joined = timezone.now() - timedelta(days=100)
    assert trust_level(user) == TL2
    user.muted_until = timezone.now() + timedelta(days=1)
    assert trust_level(user) == TL0


@pytest.mark.django_db
def test_a_new_accounts_first_comments_wait_for_a_moderator_then_flow(
    holds, rules, published_article, moderator, comment_as, client
):
    newcomer = UserFactory()
    first = comment_as(newcomer, published_article)
    # the checks passed, but it is held: the queue shows a case opened for a new account
    assert first.status == Comment.Status.HELD
    case = Case.objects.get(target_id=first.pk, target_type__model="comment")
    assert case.held_new_account
    report = case.reports.get()
    assert "新账号先审后发" in report.text
    assert report.held_new_account
    client.force_login(moderator)
    queue = client.get(reverse("moderation_staff:queue")).content.decode()
    assert "新账号先审后发" in queue
    # the case page puts the report in the page's language, not in the one it was stored in
    client.cookies["django_language"] = "en"
    page = client.get(reverse("moderation_staff:case", args=[case.pk])).content.decode()
    client.cookies.pop("django_language")
    with translation.override("en"):
        words = automatic_report_words(verdict="hold", score=report.content_check.score, new_account=True)
    assert words != report.text
    assert html.escape(words, quote=False) in page
    # the moderator releases it (dismiss): it is published and counts as accepted
    moderation.case_decide(case=case, moderator=moderator, action="dismiss", rule_codes=["2.6"], reason="没有问题")
    first.refresh_from_db()
    assert first.status == Comment.Status.VISIBLE
    newcomer.refresh_from_db()
    assert newcomer.accepted_content == 1
    # the second is held too; after two accepted, the third goes straight through
    second = comment_as(newcomer, published_article, "第二条")
    assert second.status == Comment.Status.HELD
    moderation.case_decide(
        case=Case.objects.get(target_id=second.pk, target_type__model="comment"),
        moderator=moderator,
        action="dismiss",
        rule_codes=["2.6"],
        reason="没有问题",
    )
    newcomer.refresh_from_db()
    assert not newcomer_held(newcomer)
    third = comment_as(newcomer, published_article, "第三条")
    assert third.status == Comment.Status.VISIBLE


@pytest.mark.django_db
def test_a_new_authors_first_article_is_held(holds, rules, django_capture_on_commit_callbacks):
    author = UserFactory(roles=[AUTHOR])
    with django_capture_on_commit_callbacks(execute=True):
        article = articles.article_save(user=author, action="publish", title="新作者的文章", body="<p>正常内容。</p>")
    article.refresh_from_db()
    assert article.status == Article.Status.HELD
    assert Case.objects.get(target_id=article.pk, target_type__model="article").held_new_account


@pytest.mark.django_db
def test_holds_off_when_the_setting_is_zero(settings, rules, published_article, comment_as):
    settings.TRUST_NEWCOMER_HOLDS = 0
    assert comment_as(UserFactory(), published_article).status == Comment.Status.VISIBLE


@pytest.mark.django_db
def test_a_sanction_drops_the_level_and_holds_again(holds, rules, moderator):
    user = UserFactory(accepted_content=10)
    user.date_joined = timezone.now() - timedelta(days=100)
    user.save()
    assert trust_level(user) == TL2
    report = moderation.report_create(reporter=UserFactory(), kind="user", target_id=user.pk, rule_code="2.6")
    start = timezone.now()
    moderation.case_decide(case=report.case, moderator=moderator, action="sanction", rule_codes=["2.6"], reason="x")
    user.refresh_from_db()
    assert user.accepted_content == 0
    assert newcomer_held(user)
    with time_machine.travel(start + timedelta(days=60)):  # the mute is over, the record starts again
        assert trust_level(user) == TL0


@pytest.mark.django_db
def test_trusted_accounts_get_the_higher_comment_limit(client, settings, published_article):
    settings.RATELIMITS = {**settings.RATELIMITS, "comment": "2/m"}
    settings.RATELIMITS_TRUSTED = {"comment": "4/m"}
    settings.TRUST_LEVELS = {1: {"days": 0, "accepted": 0}, 2: {"days": 30, "accepted": 3}}
    url = reverse("articles:comment", args=[published_article.slug])

    def statuses(user):
        client.force_login(user)
        return [client.post(url, {"body": f"评论 {i}"}).status_code for i in range(4)]

    newcomer = UserFactory()
    assert statuses(newcomer)[2] == 429
    trusted = UserFactory(accepted_content=5)
    trusted.date_joined = timezone.now() - timedelta(days=60)
    trusted.save()
    assert 429 not in statuses(trusted)


@pytest.mark.django_db
def test_staff_are_never_held(holds, moderator):
    assert not newcomer_held(moderator)
    assert trust_level(moderator) == TL2


@pytest.mark.django_db
def test_the_held_newcomer_is_told_without_a_rule_that_does_not_apply(holds, rules, published_article, comment_as):
    from core.models import Notification

    comment_as(UserFactory(username="fresh"), published_article)
    notice = Notification.objects.get(recipient__username="fresh")
    assert "需要审核员确认后才能公开" in notice.body
    assert "依据规则" not in notice.body
