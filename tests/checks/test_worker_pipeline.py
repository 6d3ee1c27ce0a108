"""The check pipeline with a real Celery worker process on Redis and PostgreSQL: delivery, crashes, outages."""

import time
import uuid
from datetime import timedelta

import psycopg2
import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article
from moderation.models import Case, ContentCheck
from moderation.services import checks
from moderation.tasks import content_check
from tests import services
from tests.checks.conftest import draft, publish
from tests.support.worker import broker_and_cache_on, kill_worker, start_worker, stop_worker

pytestmark = pytest.mark.worker


def wait_for(predicate, timeout: float = 30, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")


def article_status(article: Article) -> str:
    return Article.objects.values_list("status", flat=True).get(pk=article.pk)


def test_publish_goes_through_the_worker_and_the_verdict_is_applied(real_worker, lexicon, writer):
    article = draft(writer)
    publish(writer, article)  # commits; the check is enqueued on commit and runs in the worker process
    wait_for(lambda: article_status(article) == Article.Status.PUBLISHED)
    check = ContentCheck.objects.get(target_id=article.pk)
    assert (check.status, check.verdict, check.attempts) == ("done", "pass", 1)


def test_held_content_opens_one_case_through_the_worker(real_worker, lexicon, writer):
    article = draft(writer, body="<p>合作请加微信 abc12345，价格私聊</p>")
    publish(writer, article)
    wait_for(lambda: article_status(article) == Article.Status.HELD)
    assert Case.objects.filter(target_id=article.pk).count() == 1


def test_a_worker_killed_mid_check_has_the_task_redelivered_and_one_result(
    celery_worker_process, committed_db, lexicon, writer, monkeypatch
):
    # given a committed check that nothing has run yet
    monkeypatch.setattr(checks, "check_enqueue", lambda *, check_id: True)
    article = draft(writer, body="<p>合作请加微信 abc12345，价格私聊</p>")
    publish(writer, article)
    check = ContentCheck.objects.get(target_id=article.pk)
    # and a worker of its own, stuck inside the task on a row lock held by another connection
    queue = f"crash-{uuid.uuid4().hex[:8]}"
    worker = start_worker(connection.settings_dict["NAME"], queue=queue)
    db = connection.settings_dict
    blocker = psycopg2.connect(
        dbname=db["NAME"], host=db.get("HOST") or None, port=db.get("PORT") or None, user=db.get("USER") or None
    )
    replacement = None
    try:
        with blocker.cursor() as cursor:
            cursor.execute("SELECT id FROM moderation_contentcheck WHERE id = %s FOR UPDATE", [check.pk])
        from cms.celery import app as celery_app

        celery_app.conf.task_always_eager = False
        content_check.apply_async(args=[check.pk], queue=queue)
        wait_for(lambda: "received" in worker.output() and _someone_waits_on_a_lock())
        # when the worker dies mid-task (SIGKILL: no acknowledgement, no cleanup)
        kill_worker(worker)
        blocker.rollback()
        replacement = start_worker(connection.settings_dict["NAME"], queue=queue)
        # then the broker hands the task to the new worker once the visibility timeout passes, and it runs once
        wait_for(lambda: ContentCheck.objects.get(pk=check.pk).status == "done", timeout=60)
    finally:
        blocker.close()
        if worker.alive():
            kill_worker(worker)
        if replacement is not None:
            stop_worker(replacement)
    check.refresh_from_db()
    assert check.attempts == 1
    assert article_status(article) == Article.Status.HELD
    assert Case.objects.filter(target_id=article.pk).count() == 1


def _someone_waits_on_a_lock() -> bool:
    # Asked on Django's autocommit connection: inside a transaction pg_stat_activity would be a frozen snapshot.
    # Only this test database's sessions: another test process (or run) on the same server may be waiting too.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


def test_redis_down_at_publish_keeps_content_checking_and_the_sweep_finishes_it(committed_db, lexicon, writer):
    # On a Redis of the test's own (broker and cache both, as the site's one Redis is), never the machine's: a worker
    # of its own consumes this run's queue there.
    from cms.celery import app as celery_app

    with services.private_redis_server() as redis_server, broker_and_cache_on(redis_server.url):
        celery_app.conf.task_always_eager = False
        worker = start_worker(connection.settings_dict["NAME"], redis_url=redis_server.url)
        try:
            article = draft(writer)
            redis_server.stop()
            try:
                # when Redis is unreachable at publish, the request still succeeds
                started = time.monotonic()
                publish(writer, article)
                elapsed = time.monotonic() - started
                check = ContentCheck.objects.get(target_id=article.pk)
                # then nothing went public unchecked, and nothing was lost
                assert article_status(article) == Article.Status.CHECKING
                assert (check.status, check.enqueued_at) == ("pending", None)
            finally:
                redis_server.start()
            assert elapsed < 30  # the request did not hang on the broker (a sanity bound, not a benchmark)
            # once Redis is back, the sweep (run by beat every minute) re-enqueues checks pending for over 60 seconds
            ContentCheck.objects.filter(pk=check.pk).update(created_at=timezone.now() - timedelta(seconds=61))
            wait_for(lambda: checks.checks_sweep() == 1, timeout=30, interval=1)
            wait_for(lambda: article_status(article) == Article.Status.PUBLISHED, timeout=60)
        finally:
            stop_worker(worker)


def test_a_lexicon_change_reaches_a_running_worker(real_worker, lexicon, writer, tmp_path):
    from django.core.management import call_command

    # given a worker that has already built its engine from the lexicon
    first = draft(writer, title="蓝鲸游戏测评", body="<p>蓝鲸游戏好玩吗</p>")
    publish(writer, first)
    wait_for(lambda: article_status(first) == Article.Status.PUBLISHED)
    # when an operator imports a new term (no restart of anything)
    path = tmp_path / "new.csv"
    # (an intent term weighing the block threshold: a block verdict needs intent evidence)
    path.write_text("term,rule,action,kind,weight\n蓝鲸游戏,1.12,block,intent,6\n", encoding="utf-8")
    call_command("lexicon", "import", str(path))
    # then the worker's next check uses it
    second = draft(writer, title="蓝鲸游戏攻略", body="<p>蓝鲸游戏怎么玩</p>")
    publish(writer, second)
    wait_for(lambda: article_status(second) == Article.Status.REJECTED)
