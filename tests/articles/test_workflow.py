"""The editorial workflow: contributions, author applications, publishing, revisions and the checks."""

import pytest

from accounts.models import AuthorApplication
from articles import services
from articles.models import Article, ArticleRevision
from core.models import AuditLog, Notification
from moderation.registry import adapter_for
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BANNER = "很可惜 T.T 您现在还不是作者身份，不能自主发稿哦~"
FORM = {
    "title": "私域流量的三个误区",
    "body": "<p>私域不是建群发广告。</p>",
    "summary": "",
    "source": "原创",
    "tags": "私域, 运营",
}


@pytest.fixture
def checks_later(monkeypatch):
    """The check pipeline as it will be: the verdict arrives later, not inside check_submit."""
    calls = []
    monkeypatch.setattr(
        services.common, "check_submit", lambda *, target, revision_id=None: calls.append((target, revision_id))
    )
    return calls


def _draft(user, **overrides):
    data = {"title": "私域流量的三个误区", "body": "<p>私域不是建群发广告。</p>", "tags": ["私域"]}
    return services.article_create(user=user, **{**data, **overrides})


def test_contributor_sees_the_banner_with_both_actions(client, contributor):
    client.force_login(contributor)
    body = client.get("/write/").content.decode()
    assert BANNER in body
    assert "投稿" in body
    assert "/become-author/" in body


def test_author_does_not_see_the_banner(client, author):
    client.force_login(author)
    assert BANNER not in client.get("/write/").content.decode()


def test_write_page_loads_the_editor_assets(client, author):
    client.force_login(author)
    body = client.get("/write/").content.decode()
    assert "django_ckeditor_5/dist/bundle.js" in body
    assert 'data-upload-url="/upload/image/"' in body
    assert "csrfmiddlewaretoken" in body


def test_contributor_submits_a_contribution(client, contributor):
    client.force_login(contributor)
    response = client.post("/write/", {**FORM, "action": "submit"})
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.SUBMITTED
    assert article.contributor == contributor


def test_contributor_cannot_publish_directly_and_nothing_is_saved(client, contributor):
    client.force_login(contributor)
    response = client.post("/write/", {**FORM, "action": "publish"})
    assert response.status_code == 403
    assert "不能直接发布" in response.content.decode()
    assert not Article.objects.exists()


def test_contributor_cannot_publish_a_saved_draft(client, contributor):
    draft = _draft(contributor)
    client.force_login(contributor)
    assert client.post(f"/write/{draft.pk}/publish/").status_code == 403
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_editor_accepts_a_contribution_and_it_is_published_crediting_the_contributor(
    client, contributor, editor, django_capture_on_commit_callbacks
):
    article = services.article_submit(article=_draft(contributor), user=contributor)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/editor/articles/{article.pk}/accept/")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.accepted_by == editor
    client.logout()
    body = client.get(article.get_absolute_url()).content.decode()
    assert f'投稿人：<a href="/authors/{contributor.username}/">{contributor.public_name}</a>' in body


def test_accepting_is_audited_and_the_contributor_notified(contributor, editor):
    article = services.article_submit(article=_draft(contributor), user=contributor)
    services.article_accept(article=article, editor=editor)
    assert AuditLog.objects.filter(action="article.accept", actor=editor, target_id=str(article.pk)).exists()
    assert Notification.objects.filter(recipient=contributor, subject="您的投稿已被采纳").exists()


def test_accepted_contribution_stays_checking_until_the_verdict(contributor, editor, checks_later):
    article = services.article_submit(article=_draft(contributor), user=contributor)
    article = services.article_accept(article=article, editor=editor)
    assert article.status == Article.Status.CHECKING
    ((target, revision_id),) = checks_later
    adapter_for(target).apply_verdict(target, revision_id=revision_id, verdict="pass", rule="")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_editor_rejects_with_a_reason_shown_on_the_dashboard(client, contributor, editor):
    article = services.article_submit(article=_draft(contributor), user=contributor)
    client.force_login(editor)
    client.post(f"/editor/articles/{article.pk}/reject/", {"reason": "与本站主题无关"})
    article.refresh_from_db()
    assert article.status == Article.Status.REJECTED
    assert AuditLog.objects.filter(action="article.reject", target_id=str(article.pk)).exists()
    client.force_login(contributor)
    assert "与本站主题无关" in client.get("/me/").content.decode()


def test_reject_without_a_reason_is_refused(client, contributor, editor):
    article = services.article_submit(article=_draft(contributor), user=contributor)
    client.force_login(editor)
    client.post(f"/editor/articles/{article.pk}/reject/", {"reason": "  "})
    article.refresh_from_db()
    assert article.status == Article.Status.SUBMITTED


def test_editor_asks_for_changes_and_the_contributor_resubmits(contributor, editor):
    article = services.article_submit(article=_draft(contributor), user=contributor)
    services.article_request_changes(article=article, editor=editor, reason="请补充数据来源")
    article.refresh_from_db()
    assert article.status == Article.Status.CHANGES_REQUESTED
    services.article_update(
        article=article, user=contributor, title="私域流量的三个误区（修订）", body="<p>补充了数据。</p>"
    )
    article = services.article_submit(article=article, user=contributor)
    assert article.status == Article.Status.SUBMITTED


def test_non_editor_cannot_open_the_review_queue(client, contributor):
    client.force_login(contributor)
    assert client.get("/editor/").status_code == 403


def test_non_editor_cannot_accept(client, contributor, reader):
    article = services.article_submit(article=_draft(contributor), user=contributor)
    client.force_login(reader)
    assert client.post(f"/editor/articles/{article.pk}/accept/").status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.SUBMITTED


# --- Author applications ------------------------------------------------------------------------------------------


def test_contributor_applies_editor_approves_and_the_user_publishes_directly(
    client, contributor, editor, django_capture_on_commit_callbacks
):
    client.force_login(contributor)
    client.post("/become-author/", {"motivation": "我做了五年品牌营销", "sample_links": "https://example.com/a"})
    application = AuthorApplication.objects.get(user=contributor)
    client.force_login(editor)
    client.post(f"/editor/applications/{application.pk}/approve/")
    application.refresh_from_db()
    assert application.status == AuthorApplication.Status.APPROVED
    assert AuditLog.objects.filter(action="author_application.approve").exists()
    client.force_login(contributor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/write/", {**FORM, "action": "publish"})
    assert Article.objects.get().status == Article.Status.PUBLISHED


def test_second_pending_application_is_a_form_error(client, contributor):
    client.force_login(contributor)
    client.post("/become-author/", {"motivation": "第一次申请", "sample_links": ""})
    response = client.post("/become-author/", {"motivation": "第二次申请", "sample_links": ""})
    assert response.status_code == 400
    assert "待审核的作者申请" in response.content.decode()
    assert AuthorApplication.objects.filter(user=contributor).count() == 1


def test_editor_rejects_an_application_with_a_reason(client, contributor, editor):
    application = AuthorApplication.objects.create(user=contributor, motivation="想写")
    client.force_login(editor)
    client.post(f"/editor/applications/{application.pk}/reject/", {"reason": "作品太少"})
    application.refresh_from_db()
    assert application.status == AuthorApplication.Status.REJECTED
    assert application.reason == "作品太少"
    assert not contributor.groups.filter(name="author").exists()
    assert Notification.objects.filter(recipient=contributor, subject="您的作者申请未通过").exists()


def test_non_editor_cannot_approve_an_application(client, contributor, reader):
    application = AuthorApplication.objects.create(user=contributor, motivation="想写")
    client.force_login(reader)
    assert client.post(f"/editor/applications/{application.pk}/approve/").status_code == 403
    application.refresh_from_db()
    assert application.status == AuthorApplication.Status.PENDING


# --- Publishing and revisions ---------------------------------------------------------------------------------------


def test_author_publish_goes_through_checking(author, checks_later):
    article = services.article_publish(article=_draft(author), user=author)
    assert article.status == Article.Status.CHECKING
    assert checks_later[0][1] == article.pending_revision_id


def test_checking_article_is_visible_to_its_author_only(client, author, reader, checks_later):
    article = services.article_publish(article=_draft(author), user=author)
    client.force_login(author)
    assert "正在检查中" in client.get(article.get_absolute_url()).content.decode()
    client.force_login(reader)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_edit_of_published_article_goes_live_only_after_it_passes(
    client, author, checks_later, django_capture_on_commit_callbacks
):
    article = ArticleFactory(author=author, title="旧标题", body="<p>旧正文</p>")
    client.force_login(author)
    client.post(f"/write/{article.pk}/", {**FORM, "title": "新标题", "body": "<p>新正文</p>", "action": "save"})
    article.refresh_from_db()
    assert article.title == "旧标题"
    assert article.pending_revision.status == ArticleRevision.Status.CHECKING
    client.logout()
    assert "旧正文" in client.get(article.get_absolute_url()).content.decode()
    ((target, revision_id),) = checks_later
    with django_capture_on_commit_callbacks(execute=True):
        adapter_for(target).apply_verdict(target, revision_id=revision_id, verdict="pass", rule="")
    body = client.get(article.get_absolute_url()).content.decode()
    assert "新正文" in body
    assert "旧正文" not in body


def test_blocked_edit_leaves_the_old_revision_public_and_cites_the_rule(client, author, checks_later):
    article = ArticleFactory(author=author, title="旧标题")
    services.article_update(article=article, user=author, title="新标题", body="<p>违规内容</p>")
    ((target, revision_id),) = checks_later
    adapter_for(target).apply_verdict(target, revision_id=revision_id, verdict="block", rule="3.4")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.title == "旧标题"
    client.force_login(author)
    assert "违反规则 3.4" in client.get("/me/").content.decode()


def test_blocked_article_is_rejected_with_the_rule_on_the_dashboard(client, author, checks_later):
    article = services.article_publish(article=_draft(author), user=author)
    adapter_for(article).apply_verdict(article, revision_id=article.pending_revision_id, verdict="block", rule="1.7")
    article.refresh_from_db()
    assert article.status == Article.Status.REJECTED
    client.force_login(author)
    assert "违反规则 1.7" in client.get("/me/").content.decode()


def test_held_article_waits_and_a_later_pass_publishes_it(author, checks_later):
    article = services.article_publish(article=_draft(author), user=author)
    revision_id = article.pending_revision_id
    adapter_for(article).apply_verdict(article, revision_id=revision_id, verdict="hold", rule="")
    assert article.status == Article.Status.HELD
    adapter_for(article).apply_verdict(article, revision_id=revision_id, verdict="pass", rule="")
    assert article.status == Article.Status.PUBLISHED


def test_stale_verdict_for_a_superseded_revision_changes_nothing(author, checks_later):
    article = ArticleFactory(author=author, title="旧标题")
    services.article_update(article=article, user=author, title="第二版", body="<p>二</p>")
    services.article_update(article=article, user=author, title="第三版", body="<p>三</p>")
    first_edit = checks_later[0][1]
    adapter_for(article).apply_verdict(article, revision_id=first_edit, verdict="pass", rule="")
    article.refresh_from_db()
    assert article.title == "旧标题"


def test_repeated_verdict_is_idempotent(author, checks_later):
    article = services.article_publish(article=_draft(author), user=author)
    revision_id = article.pending_revision_id
    adapter_for(article).apply_verdict(article, revision_id=revision_id, verdict="pass", rule="")
    published_at = article.published_at
    adapter_for(article).apply_verdict(article, revision_id=revision_id, verdict="block", rule="1.1")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == published_at


def test_every_save_makes_a_revision_and_editors_see_a_diff(client, author, editor):
    article = _draft(author, body="<p>第一段</p>")
    services.article_update(article=article, user=author, title=article.title, body="<p>第一段</p><p>新增段落</p>")
    assert article.revisions.count() == 2
    client.force_login(editor)
    body = client.get(f"/editor/articles/{article.pk}/revisions/?a=1&b=2").content.decode()
    assert "<ins>+ 新增段落</ins>" in body


def test_readers_cannot_see_revisions(client, author, reader):
    article = _draft(author)
    client.force_login(reader)
    assert client.get(f"/editor/articles/{article.pk}/revisions/").status_code == 403


def test_editor_edits_any_article_and_it_is_audited(author, editor, checks_later):
    article = ArticleFactory(author=author)
    services.article_update(article=article, user=editor, title="编辑改过的标题", body="<p>编辑润色</p>")
    assert AuditLog.objects.filter(action="article.edit", actor=editor, target_id=str(article.pk)).exists()


def test_other_user_cannot_edit(client, author, reader):
    article = ArticleFactory(author=author)
    client.force_login(reader)
    assert client.get(f"/write/{article.pk}/").status_code == 404
    with pytest.raises(services.ArticleError) as exc:
        services.article_update(article=article, user=reader, title="x", body="<p>y</p>")
    assert exc.value.status == 403


def test_editor_features_an_article_and_it_is_audited(client, article, editor):
    client.force_login(editor)
    client.post(f"/editor/articles/{article.pk}/feature/")
    article.refresh_from_db()
    assert article.featured
    assert AuditLog.objects.filter(action="article.feature", target_id=str(article.pk)).exists()


def test_muted_author_cannot_publish(client, author):
    from datetime import timedelta

    from django.utils import timezone

    draft = _draft(author)
    author.muted_until = timezone.now() + timedelta(days=7)
    author.save()
    client.force_login(author)
    response = client.post(f"/write/{draft.pk}/publish/")
    assert response.status_code == 403
    assert "禁言" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
