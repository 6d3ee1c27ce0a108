"""The check pipeline in-process: entry point, verdicts applied through the content adapters, idempotency, the sweep."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from core.models import Notification
from moderation.models import Case, ContentCheck
from moderation.selectors.checks import rescan_progress
from moderation.services import checks
from tests.checks.conftest import draft, publish

pytestmark = pytest.mark.django_db


def test_clean_article_is_published_after_its_check(writer, lexicon, django_capture_on_commit_callbacks):
    article = draft(writer)
    with django_capture_on_commit_callbacks(execute=True):
        publish(writer, article)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    check = ContentCheck.objects.get(target_id=article.pk)
    assert (check.status, check.verdict) == ("done", "pass")
    assert check.engine_version
    assert check.lexicon_version


def test_article_stays_checking_until_the_task_runs(writer, lexicon, django_capture_on_commit_callbacks):
    article = draft(writer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(writer, article)
    article.refresh_from_db()
    assert article.status == Article.Status.CHECKING
    assert callbacks  # the enqueue waits for the commit


def test_blocked_article_is_rejected_citing_the_rule_and_the_author_is_told(
    writer, lexicon, django_capture_on_commit_callbacks
):
    article = draft(writer, body="<p>香港六合彩最新开奖，稳赚不赔</p>")
    with django_capture_on_commit_callbacks(execute=True):
        publish(writer, article)
    article.refresh_from_db()
    assert article.status == Article.Status.REJECTED
    assert article.rejection_rule == "1.8"
    notices = Notification.objects.filter(recipient=writer)
    assert notices.count() == 1
    assert "1.8" in notices.get().body


def test_held_article_opens_a_case_with_the_matches(writer, lexicon, django_capture_on_commit_callbacks):
    article = draft(writer, body="<p>想了解更多请加微信 abc12345 私聊</p>")
    with django_capture_on_commit_callbacks(execute=True):
        publish(writer, article)
    article.refresh_from_db()
    assert article.status == Article.Status.HELD
    case = Case.objects.get(target_id=article.pk)
    assert case.check_matches
    assert any(m["source"] == "contact" for m in case.check_matches)


def test_running_a_check_twice_gives_one_result_and_one_case(writer, lexicon, django_capture_on_commit_callbacks):
    article = draft(writer, body="<p>想了解更多请加微信 abc12345 私聊</p>")
    with django_capture_on_commit_callbacks(execute=True):
        publish(writer, article)
    check = ContentCheck.objects.get(target_id=article.pk)
    first = (check.verdict, check.finished_at)
    again = checks.check_run(check_id=check.pk)
    assert (again.verdict, again.finished_at) == first
    assert Case.objects.filter(target_id=article.pk).count() == 1


def test_submitting_the_same_pending_revision_twice_makes_one_check(writer, lexicon):
    article = draft(writer)
    publish(writer, article)  # on-commit hooks are not run: the check stays pending
    article.refresh_from_db()
    again = checks.check_submit(target=article, revision_id=article.pending_revision_id)
    assert ContentCheck.objects.filter(target_id=article.pk).count() == 1
    assert again.status == ContentCheck.Status.PENDING


def test_enqueue_failure_leaves_the_check_pending_and_the_sweep_finishes_it(
    writer, lexicon, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from moderation import tasks

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.content_check, "apply_async", broker_down)
    article = draft(writer)
    with django_capture_on_commit_callbacks(execute=True):
        publish(writer, article)  # the request succeeds although the broker is down
    article.refresh_from_db()
    check = ContentCheck.objects.get(target_id=article.pk)
    assert article.status == Article.Status.CHECKING
    assert (check.status, check.enqueued_at) == ("pending", None)

    monkeypatch.undo()
    assert checks.checks_sweep() == 0  # younger than 60 seconds: left alone
    ContentCheck.objects.filter(pk=check.pk).update(created_at=timezone.now() - timedelta(seconds=61))
    assert checks.checks_sweep() == 1
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_near_duplicate_of_another_accounts_recent_offer_is_held(lexicon, django_capture_on_commit_callbacks):
    # The call to action alone would be a flag; the same offer from another account makes it a hold.
    from accounts.roles import AUTHOR
    from tests.factories import UserFactory

    pitch = (
        "我们公司专业提供品牌全案策划服务，覆盖市场调研、定位、视觉设计与投放执行，十年行业经验，服务过三百家客户，"
        "有需要的朋友私聊。"
    )
    body = f"<p>{pitch * 3}</p>"
    first, second = UserFactory(username="spam1", roles=[AUTHOR]), UserFactory(username="spam2", roles=[AUTHOR])
    with django_capture_on_commit_callbacks(execute=True):
        publish(first, draft(first, title="品牌全案策划", body=body))
    copy = draft(second, title="品牌全案策划服务", body=body.replace("十年", "十余年"))
    with django_capture_on_commit_callbacks(execute=True):
        publish(second, copy)
    copy.refresh_from_db()
    assert copy.status == Article.Status.HELD
    check = ContentCheck.objects.get(target_id=copy.pk)
    assert any(m["source"] == "duplicate" for m in check.matches)


def test_rescan_after_a_lexicon_change_opens_cases_for_public_content_without_hiding_it(
    writer, lexicon, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    article = draft(writer, title="蓝鲸游戏测评", body="<p>蓝鲸游戏好玩吗</p>")
    with django_capture_on_commit_callbacks(execute=True):
        publish(writer, article)
    (tmp_path / "new.csv").write_text("term,rule,action\n蓝鲸游戏,1.12,block\n", encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("lexicon", "import", str(tmp_path / "new.csv"))
        job_id = checks.rescan_start(actor=None)  # the task runs in-process here
    progress = rescan_progress(job_id=job_id)
    assert progress["finished"]
    assert progress["rechecked"] == 1
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED  # a moderator decides, not the re-scan
    case = Case.objects.get(target_id=article.pk)
    assert any(m["term"] == "蓝鲸游戏" for m in case.check_matches)


def test_admin_lexicon_edit_bumps_the_version_and_is_audited(admin_client, rules, django_capture_on_commit_callbacks):
    from core.models import AuditLog
    from moderation.models import LexiconTerm
    from moderation.selectors.lexicon import lexicon_version

    before = lexicon_version()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/moderation/lexiconterm/add/", {"term": "蓝鲸游戏", "rule": "1.12", "action": "block", "source": ""}
        )
    assert response.status_code == 302
    term = LexiconTerm.objects.get(term="蓝鲸游戏")
    assert term.source == "手工添加"
    assert lexicon_version() != before
    assert AuditLog.objects.filter(action="lexicon.add").exists()


def test_admin_rescan_page_shows_progress(admin_client, rules, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/moderation/lexiconterm/rescan/")
    assert response.status_code == 302
    page = admin_client.get(response["Location"])
    assert "已完成" in page.content.decode()
