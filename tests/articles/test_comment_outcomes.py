"""Issue 11 item 5: the author of a held or blocked comment is told what happened and which rule applied, on the
page after posting and in the inbox; the page never links to an anchor that is not on it."""

import re

import pytest
from django.core.management import call_command

from articles.models import Comment
from articles.services.comments import comment_outcome_notify
from core.models import Notification
from moderation.engine import Verdict

pytestmark = pytest.mark.django_db

BLOCKED = "香港六合彩最新开奖，稳赚不赔"  # the default lexicon blocks it, citing rule 1.8
HELD = "想了解更多请加微信 abc12345 私聊"  # a contact detail: held for a moderator


@pytest.fixture
def lexicon(db):
    from moderation.services import ruleset_load

    ruleset_load()
    call_command("lexicon", "import", "moderation/data/lexicon.csv")


def _post(client, article, body: str, **extra):
    """Post as a browser does: the request commits, and the in-process check runs on that commit, before the
    view answers (the embedded default; with a worker the comment is still `checking` when the view answers)."""
    return client.post(f"{article.get_absolute_url()}comments/", {"body": body, **extra})


# Real commits, so that the check runs on the service's commit as it does outside a test transaction.
committed = pytest.mark.django_db(transaction=True)


def _landing(client, location: str) -> tuple[str, bool]:
    """The page the redirect leads to (with its one-time message), and whether its anchor is on it."""
    path, _, anchor = location.partition("#")
    page = client.get(path).content.decode()
    return page, not anchor or f'id="{anchor}"' in page


@committed
def test_a_blocked_comment_tells_its_author_on_the_page_which_rule_applied(client, article, reader, lexicon):
    client.force_login(reader)
    response = _post(client, article, BLOCKED)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.REJECTED
    assert response.status_code == 302
    assert f"#comment-{comment.pk}" not in response["Location"]  # that comment is not on the page
    page, anchored = _landing(client, response["Location"])
    assert anchored
    assert "正在检查中" not in page
    assert "未通过自动检查" in page
    assert "1.8" in page


@committed
def test_a_held_comment_tells_its_author_it_waits_for_a_moderator(client, article, reader, lexicon):
    client.force_login(reader)
    response = _post(client, article, HELD)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.HELD
    page, anchored = _landing(client, response["Location"])
    assert anchored
    assert "人工审核" in page
    assert re.search(r"依据规则 \d+\.\d+", page)


def test_a_comment_still_checking_links_to_itself_shown_to_its_author(
    client, article, reader, lexicon, django_capture_on_commit_callbacks
):
    client.force_login(reader)
    with django_capture_on_commit_callbacks(execute=False):  # the worker has not run the check yet
        response = client.post(f"{article.get_absolute_url()}comments/", {"body": "写得真好"})
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.CHECKING
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    page, anchored = _landing(client, response["Location"])
    assert anchored
    assert "正在检查中" in page


def test_a_blocked_comment_notifies_its_author_citing_the_rule(article, reader):
    comment = Comment.objects.create(article=article, author=reader, body=BLOCKED, status=Comment.Status.REJECTED)
    comment_outcome_notify(comment=comment, verdict=Verdict.BLOCK, rule="1.8")
    notice = Notification.objects.get(recipient=reader)
    assert "1.8" in notice.body
    assert article.title in notice.body
    assert "未通过" in notice.subject
    assert "。。" not in notice.body


def test_a_held_comment_notifies_its_author_with_a_link_to_it(article, reader):
    comment = Comment.objects.create(article=article, author=reader, body=HELD, status=Comment.Status.HELD)
    comment_outcome_notify(comment=comment, verdict=Verdict.HOLD, rule="3.1")
    notice = Notification.objects.get(recipient=reader)
    assert "3.1" in notice.body
    assert notice.url == comment.get_absolute_url()


def test_a_comment_that_passes_notifies_nobody(article, reader):
    comment = Comment.objects.create(article=article, author=reader, body="好", status=Comment.Status.VISIBLE)
    comment_outcome_notify(comment=comment, verdict=Verdict.PASS)
    assert not Notification.objects.exists()


@committed
def test_a_blocked_comment_reaches_the_inbox_through_the_checks(client, article, reader, lexicon):
    client.force_login(reader)
    _post(client, article, BLOCKED)
    notice = Notification.objects.get(recipient=reader)
    assert "1.8" in notice.body
