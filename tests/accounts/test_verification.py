"""Nothing but the verification mail before the e-mail is verified: an unverified account may read, but every
write path (comment, article, report, profile text) is refused by accounts.policy, with a link to resend."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from accounts.policy import write_refusal
from articles.models import Comment
from moderation.models import Report
from moderation.services import ruleset_load
from tests.articles.factories import ArticleFactory, CategoryFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer():
    user = UserFactory(username="newcomer", email="newcomer@example.com", email_verified=False)
    EmailAddress.objects.create(user=user, email="newcomer@example.com", primary=True, verified=False)
    return user


@pytest.fixture
def article():
    return ArticleFactory(category=CategoryFactory(name="品牌营销", slug="brand"), title="品牌的长期主义")


def test_an_unverified_account_cannot_comment_and_is_told_why(client, newcomer, article):
    client.force_login(newcomer)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "请先验证您的邮箱" in page
    assert reverse("account_email") in page  # the resend link
    response = client.post(f"{article.get_absolute_url()}comments/", {"body": "写得真好"})
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_an_unverified_account_cannot_report(client, newcomer, article):
    ruleset_load()
    client.force_login(newcomer)
    data = {"type": "article", "id": article.pk, "rule": "2.6", "text": "人身攻击"}
    response = client.post(reverse("moderation:report") + f"?type=article&id={article.pk}", data)
    assert response.status_code == 400
    assert "请先验证您的邮箱" in response.content.decode()
    assert not Report.objects.exists()


def test_an_unverified_account_cannot_change_its_public_profile(client, newcomer):
    client.force_login(newcomer)
    response = client.post(reverse("accounts:profile"), {"display_name": "广告位招租", "bio": ""})
    assert response.status_code == 403
    newcomer.refresh_from_db()
    assert newcomer.display_name != "广告位招租"


def test_an_unverified_account_may_still_read(client, newcomer, article):
    client.force_login(newcomer)
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/").status_code == 200


def test_the_resend_button_sends_the_mail_again(client, newcomer, mailoutbox):
    client.force_login(newcomer)
    response = client.post(reverse("account_email"), {"action_send": "", "email": "newcomer@example.com"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/confirm-email/" in mailoutbox[0].body


def test_once_verified_the_account_may_write(client, newcomer, article):
    EmailAddress.objects.filter(user=newcomer).update(verified=True)
    newcomer = type(newcomer).objects.get(pk=newcomer.pk)
    assert write_refusal(newcomer) is None
    client.force_login(newcomer)
    response = client.post(f"{article.get_absolute_url()}comments/", {"body": "写得真好"})
    assert response.status_code == 302
    assert Comment.objects.filter(author=newcomer).exists()


def test_a_sanction_is_named_before_a_missing_verification(newcomer):
    newcomer.muted_until = timezone.now() + timedelta(days=1)
    assert write_refusal(newcomer).kind == "muted"
