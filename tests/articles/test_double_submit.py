"""A form sent twice takes effect once (core.idempotency): double-clicks and retries make one comment."""

import threading

import pytest
from django.db import connection
from django.test import Client

from articles.models import Comment
from core.idempotency import FIELD, token_new
from core.models import FormSubmission


def _comment_url(article) -> str:
    return f"{article.get_absolute_url()}comments/"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_five_identical_comment_posts_at_once_make_one_comment(article, reader):
    token = token_new()
    barrier = threading.Barrier(5)
    statuses: list[tuple[int, str]] = []

    def post():
        try:
            client = Client()
            client.force_login(reader)
            barrier.wait(timeout=10)
            response = client.post(_comment_url(article), {"body": "双击也只发一条", FIELD: token})
            statuses.append((response.status_code, response.get("Location", "")))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert Comment.objects.filter(body="双击也只发一条").count() == 1
    # Every one of the five is sent where the first was sent (the article's comments), none is refused.
    assert len(statuses) == 5
    assert {code for code, _ in statuses} <= {302, 303}
    assert len({location.split("#")[0] for _, location in statuses}) == 1


@pytest.mark.django_db
def test_a_resent_comment_form_redirects_where_the_first_went(client, article, reader):
    client.force_login(reader)
    token = token_new()
    first = client.post(_comment_url(article), {"body": "只发一次", FIELD: token})
    again = client.post(_comment_url(article), {"body": "只发一次", FIELD: token})
    assert first.status_code == 302
    assert again.status_code == 303
    assert again["Location"] == first["Location"]
    assert Comment.objects.count() == 1


@pytest.mark.django_db
def test_a_refused_form_can_be_sent_again_with_its_token(client, article, reader):
    """The form came back with an error (an empty comment): the token is not spent, the corrected form goes through."""
    client.force_login(reader)
    token = token_new()
    refused = client.post(_comment_url(article), {"body": "", FIELD: token})
    assert refused.status_code == 400
    assert not FormSubmission.objects.filter(token=token).exists()
    accepted = client.post(_comment_url(article), {"body": "改好了再发", FIELD: token})
    assert accepted.status_code == 302
    assert Comment.objects.get().body == "改好了再发"


@pytest.mark.django_db
def test_the_comment_form_carries_a_fresh_token(client, article, reader):
    client.force_login(reader)
    first = client.get(article.get_absolute_url()).content.decode()
    second = client.get(article.get_absolute_url()).content.decode()
    assert f'name="{FIELD}"' in first

    def token_of(page: str) -> str:
        return page.split(f'name="{FIELD}" value="', 1)[1].split('"', 1)[0]

    assert token_of(first) != token_of(second)


@pytest.mark.django_db
def test_old_tokens_are_purged(article, reader, client):
    import time_machine

    from core.idempotency import form_submissions_purge

    client.force_login(reader)
    with time_machine.travel("2026-01-01 12:00 +0800"):
        client.post(_comment_url(article), {"body": "很久以前", FIELD: token_new()})
    with time_machine.travel("2026-01-02 12:00 +0800"):
        client.post(_comment_url(article), {"body": "昨天", FIELD: token_new()})
    with time_machine.travel("2026-01-03 13:00 +0800"):
        assert form_submissions_purge() == 1
    assert FormSubmission.objects.count() == 1
