"""Item 6: a user downloads their data and deletes their account (注销); what the law keeps is kept and marked."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessLog
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.retention import retention_purge
from articles.models import Article, Comment
from core.models import AuditAction, AuditLog
from moderation import services as moderation
from moderation.models import Case
from tests.articles.factories import ArticleFactory, CommentFactory
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def member(db, media):
    user = UserFactory(username="leaving", email="leaving@example.com", display_name="要走的人")
    user.avatar = default_storage.save("avatars/me.png", ContentFile(b"\x89PNG avatar"))
    user.phone = "13900001111"
    user.phone_verified_at = timezone.now()
    user.save()
    return user


@pytest.fixture
def their_content(member):
    cover = default_storage.save("uploads/cover.jpg", ContentFile(b"jpeg cover"))
    inline = default_storage.save("uploads/inline.png", ContentFile(b"png inline"))
    article = ArticleFactory(
        author=member, title="我的文章", body=f'<p>正文</p><img src="/media/{inline}">', cover=cover
    )
    other = ArticleFactory(title="别人的文章")
    comment = CommentFactory(article=other, author=member, body="我的评论", ip_region="广东")
    return article, comment


def _zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.django_db
def test_export_is_a_zip_of_json_and_uploads(client, member, their_content):
    client.force_login(member)
    response = client.post(reverse("privacy:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = _zip(response)
    names = set(archive.namelist())
    assert {"account.json", "articles.json", "comments.json", "notifications.json", "logins.json"} <= names
    assert {"uploads/avatars/me.png", "uploads/uploads/cover.jpg", "uploads/uploads/inline.png"} <= names
    assert archive.read("uploads/avatars/me.png") == b"\x89PNG avatar"
    account = json.loads(archive.read("account.json"))[0]
    assert account["username"] == "leaving"
    assert account["phone"] == "13900001111"  # their own data, unmasked
    assert json.loads(archive.read("articles.json"))[0]["title"] == "我的文章"
    assert json.loads(archive.read("comments.json"))[0]["body"] == "我的评论"
    # what moderators hold internally is for the staff export only
    assert "cases_about.json" not in names
    assert "audit_log.json" not in names


@pytest.mark.django_db
def test_deletion_needs_the_password(client, member):
    client.force_login(member)
    response = client.post(reverse("privacy:delete"), {"password": "wrong", "content": "anonymise", "confirm": "on"})
    assert response.status_code == 400
    assert "密码不正确" in response.content.decode()
    member.refresh_from_db()
    assert member.deleted_at is None
    assert member.is_active


def _delete(client, user, content="anonymise"):
    client.force_login(user)
    return client.post(reverse("privacy:delete"), {"password": PASSWORD, "content": content, "confirm": "on"})


@pytest.mark.django_db
def test_deletion_frees_the_name_address_and_number_and_ends_sessions(client, member, media):
    other_browser = type(client)()
    other_browser.force_login(member)
    response = _delete(client, member)
    assert response.status_code == 200
    assert "账号已注销" in response.content.decode()
    member.refresh_from_db()
    assert member.deleted_at is not None
    assert not member.is_active
    assert member.username.startswith("deleted-")
    assert member.email == ""
    assert member.phone is None
    assert not member.has_usable_password()
    assert not (media / "avatars" / "me.png").exists()
    # every session ended, this one and the other browser's
    for browser in (client, other_browser):
        assert browser.get(reverse("accounts:profile")).status_code == 302
    # the username and the number are free for someone else
    again = UserFactory(username="leaving")
    again.phone = "13900001111"
    again.save()
    assert again.pk != member.pk


@pytest.mark.django_db
def test_anonymised_content_stays_public_under_deleted_user(client, member, their_content):
    article, comment = their_content
    _delete(client, member, content="anonymise")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "已注销用户" in html
    assert "要走的人" not in html
    assert reverse("articles:author", args=["leaving"]) not in html
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE
    page = client.get(comment.article.get_absolute_url()).content.decode()
    assert "我的评论" in page
    assert "已注销用户" in page


@pytest.mark.django_db
def test_removed_content_is_hidden_but_kept(client, member, their_content):
    article, comment = their_content
    _delete(client, member, content="remove")
    article.refresh_from_db()
    comment.refresh_from_db()
    assert article.status == Article.Status.REMOVED
    assert comment.status == Comment.Status.REMOVED
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "我的评论" not in client.get(comment.article.get_absolute_url()).content.decode()
    # kept (for the retention period), not deleted
    assert article.body
    assert comment.body == "我的评论"


@pytest.mark.django_db
def test_deletion_keeps_what_the_law_requires_marked_as_a_deleted_account(client, member, moderator):
    moderation.ruleset_load()
    report = moderation.report_create(reporter=UserFactory(), kind="user", target_id=member.pk, rule_code="2.6")
    moderation.case_decide(case=report.case, moderator=moderator, action="dismiss", rule_codes=["2.6"], reason="无")
    AccessLog.objects.create(username="leaving", ip_address="1.2.3.4", user_agent="ua")
    _delete(client, member)
    case = Case.objects.get(pk=report.case_id)
    assert case.target_owner.is_deleted  # the case and its decision stay, about a deleted account
    assert case.decision is not None
    log = AccessLog.objects.get(ip_address="1.2.3.4")
    assert log.username == case.target_owner.username  # the login record names the deleted account
    deletion = AuditLog.objects.get(action=AuditAction.ACCOUNT_DELETE)
    assert deletion.before == {"username": "leaving", "email": "leaving@example.com"}


@pytest.mark.django_db
def test_after_the_retention_period_a_deleted_accounts_removed_content_is_emptied(client, member, their_content):
    article, comment = their_content
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _delete(client, member, content="remove")
    with time_machine.travel(start + timedelta(days=179)):
        retention_purge()
    comment.refresh_from_db()
    assert comment.body == "我的评论"
    with time_machine.travel(start + timedelta(days=181)):
        retention_purge()
    comment.refresh_from_db()
    article.refresh_from_db()
    assert comment.body == ""
    assert article.body == ""
    user = User.objects.get(pk=member.pk)
    assert user.signup_ip is None


@pytest.mark.django_db
def test_staff_accounts_cannot_delete_themselves(client, moderator):
    moderator.is_staff = True
    moderator.save()
    response = _delete(client, moderator)
    assert response.status_code == 403
    moderator.refresh_from_db()
    assert moderator.deleted_at is None


@pytest.mark.django_db
def test_data_page_offers_export_and_deletion(client, member):
    client.force_login(member)
    html = client.get(reverse("privacy:data")).content.decode()
    assert reverse("privacy:export") in html
    assert reverse("privacy:delete") in html
    assert 'name="password"' in html


def test_a_deleted_accounts_address_is_free_for_a_new_account(member):
    """allauth's EmailAddress rows go with the account: its address may verify another account afterwards."""
    from allauth.account.models import EmailAddress

    from accounts.closure import account_delete

    address = member.email
    assert EmailAddress.objects.filter(user=member).exists()
    account_delete(user=member, password=PASSWORD, remove_content=False)
    assert not EmailAddress.objects.filter(email__iexact=address).exists()
    newcomer = UserFactory(username="newcomer", email=address)
    assert EmailAddress.objects.get(user=newcomer).verified
