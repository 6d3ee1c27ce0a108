"""Writes for articles, comments and the editorial review. Views, admin, commands and tasks only call these.

Every write that publishes or changes content asks `accounts.policy.write_refusal` first. Every editor action is
audited (`core.services.audit_record`) in the same transaction. Content reaches the automatic checks only
through `moderation.checks.check_submit`; the verdict may come back at once or later, through the adapters in
`articles.moderation`, which call `article_verdict_apply` / `comment_verdict_apply` here.
"""

import re
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.postgres.search import SearchVector
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Max, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuthorApplication, User
from accounts.policy import write_refusal
from accounts.roles import AUTHOR
from core.errors import ApplicationError
from core.models import AuditAction
from core.services import audit_record, notify
from moderation.checks import check_submit
from moderation.engine import Verdict

from . import content, images
from .cache import page_bump_on_commit
from .models import Article, ArticleRevision, Category, Comment

TITLE_MAX = 100
SUMMARY_MAX = 300
SOURCE_MAX = 100
BODY_MAX = 200_000  # characters of HTML, before sanitising
COMMENT_MAX = 2000
TAGS_MAX = 10
TAG_MAX = 30
REASON_MAX = 2000

S = Article.Status
EDITABLE_BY_OWNER = (S.DRAFT, S.CHANGES_REQUESTED, S.REJECTED)
ACTIONS = ("save", "publish", "submit")


class ArticleError(ApplicationError):
    """A refused article operation: `status` is the HTTP status for a view; the message is fit to show the user."""


def _refuse_unless_may_write(user: User) -> None:
    refusal = write_refusal(user)
    if refusal is not None:
        raise ArticleError(refusal.message or _("请先登录。"), status=403)


def tags_parse(raw: str) -> list[str]:
    """Tags typed as one string: separated by commas (half or full width), 、 or spaces."""
    seen: dict[str, None] = {}
    for name in re.split(r"[,，、;；\s]+", raw or ""):
        name = name.strip()
        if name:
            seen.setdefault(name, None)
    return list(seen)


def _fields_clean(
    *, title: str, body: str, summary: str, source: str, tags: Sequence[str], category: Category | None
) -> dict:
    title = (title or "").strip()
    if not title:
        raise ArticleError(_("标题不能为空。"), field="title")
    if len(title) > TITLE_MAX:
        raise ArticleError(_("标题不能超过 %(n)d 个字。") % {"n": TITLE_MAX}, field="title")
    if len(body or "") > BODY_MAX:
        raise ArticleError(_("正文过长（最多 %(n)d 个字符）。") % {"n": BODY_MAX}, field="body")
    clean_body = content.html_clean(body or "")
    body_text = content.html_to_text(clean_body)
    if not body_text and "<img" not in clean_body:
        raise ArticleError(_("正文不能为空。"), field="body")
    summary = (summary or "").strip()
    if len(summary) > SUMMARY_MAX:
        raise ArticleError(_("摘要不能超过 %(n)d 个字。") % {"n": SUMMARY_MAX}, field="summary")
    source = (source or "").strip()
    if len(source) > SOURCE_MAX:
        raise ArticleError(_("来源不能超过 %(n)d 个字。") % {"n": SOURCE_MAX}, field="source")
    tags = list(dict.fromkeys(t.strip() for t in tags if t.strip()))
    if len(tags) > TAGS_MAX:
        raise ArticleError(_("最多 %(n)d 个标签。") % {"n": TAGS_MAX}, field="tags")
    if any(len(t) > TAG_MAX for t in tags):
        raise ArticleError(_("每个标签不能超过 %(n)d 个字。") % {"n": TAG_MAX}, field="tags")
    return {
        "title": title,
        "summary": summary or body_text[:120],
        "body": clean_body,
        "body_text": body_text,
        "source": source,
        "category": category,
        "tags": tags,
    }


def _cover_store(cover: UploadedFile | None) -> str | None:
    if cover is None:
        return None
    if cover.size and cover.size > images.MAX_BYTES:
        raise ArticleError(_("图片不能超过 5 MB。"), field="cover")
    try:
        return images.image_save(cover.read(images.MAX_BYTES + 1))
    except images.ImageRejected as exc:
        raise ArticleError(str(exc), field="cover") from exc


def _locked(article_id: int) -> Article:
    try:
        return Article.objects.select_for_update().get(pk=article_id)
    except Article.DoesNotExist as exc:
        raise ArticleError(_("文章不存在。"), status=404) from exc


def _revision_add(*, article: Article, fields: dict, cover: str, user: User | None, status: str) -> ArticleRevision:
    """Caller holds the article's row lock, so revision numbers cannot collide."""
    number = (article.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    return ArticleRevision.objects.create(
        article=article,
        number=number,
        title=fields["title"],
        summary=fields["summary"],
        body=fields["body"],
        body_text=fields["body_text"],
        source=fields["source"],
        cover=cover,
        category=fields["category"],
        tags=fields["tags"],
        status=status,
        saved_by=user,
    )


def _public_copy_set(article: Article, revision: ArticleRevision) -> None:
    """Copy a revision onto the article (its public copy) and re-index it. Caller saves nothing more for these."""
    article.title = revision.title
    article.summary = revision.summary
    article.body = revision.body
    article.body_text = revision.body_text
    article.source = revision.source
    article.cover = revision.cover
    article.category_id = revision.category_id
    article.save()
    article.tags.set(revision.tags)
    article_search_index(article)


def article_search_index(article: Article) -> None:
    """jieba-segment the public copy into the tsvector (PostgreSQL only; SQLite searches with icontains)."""
    if not settings.IS_POSTGRES:
        return
    title = Value(content.tokens_text(article.title), output_field=models.TextField())
    body = Value(content.tokens_text(article.body_text), output_field=models.TextField())
    Article.objects.filter(pk=article.pk).update(
        search_vector=SearchVector(title, weight="A", config="simple") + SearchVector(body, weight="B", config="simple")
    )


def _slug_set(article: Article) -> None:
    base = content.slug_base(article.title)
    article.slug = f"{base}-{article.pk}" if base else f"article-{article.pk}"
    article.save(update_fields=["slug"])


# --- Writing ------------------------------------------------------------------------------------------------------


@transaction.atomic
def article_create(
    *,
    user: User,
    title: str,
    body: str,
    summary: str = "",
    source: str = "",
    category: Category | None = None,
    tags: Sequence[str] = (),
    cover: UploadedFile | None = None,
) -> Article:
    """A new draft owned by `user`, with its first revision."""
    _refuse_unless_may_write(user)
    fields = _fields_clean(title=title, body=body, summary=summary, source=source, tags=tags, category=category)
    cover_name = _cover_store(cover) or ""
    tag_names = fields.pop("tags")
    article = Article.objects.create(author=user, slug=f"new-{timezone.now().timestamp()}", cover=cover_name, **fields)
    _slug_set(article)
    article.tags.set(tag_names)
    fields["tags"] = tag_names
    _revision_add(article=article, fields=fields, cover=cover_name, user=user, status=ArticleRevision.Status.SAVED)
    article_search_index(article)
    return article


@transaction.atomic
def article_update(
    *,
    article: Article,
    user: User,
    title: str,
    body: str,
    summary: str = "",
    source: str = "",
    category: Category | None = None,
    tags: Sequence[str] = (),
    cover: UploadedFile | None = None,
) -> Article:
    """Save a new revision. A draft changes in place; a published article gets a pending revision that goes to the
    checks and replaces the public copy only when it passes."""
    _refuse_unless_may_write(user)
    fields = _fields_clean(title=title, body=body, summary=summary, source=source, tags=tags, category=category)
    article = _locked(article.pk)
    is_owner = article.author_id == user.pk
    is_editor = user.has_perm("articles.edit_any_article")
    if not (is_owner or is_editor):
        raise ArticleError(_("您不能编辑这篇文章。"), status=403)
    cover_name = _cover_store(cover)
    if cover_name is None:
        cover_name = article.pending_revision.cover if article.pending_revision_id else article.cover.name or ""
    before = {"status": article.status, "title": article.title}

    if article.status == S.PUBLISHED:
        if not (is_editor or user.has_perm("articles.publish_article")):
            raise ArticleError(_("已发布的投稿如需修改，请联系编辑。"), status=403)
        revision = _revision_add(
            article=article, fields=fields, cover=cover_name, user=user, status=ArticleRevision.Status.CHECKING
        )
        article.pending_revision = revision
        article.save(update_fields=["pending_revision", "updated_at"])
        if not is_owner:
            audit_record(
                actor=user,
                action=AuditAction.ARTICLE_EDIT,
                target=article,
                before=before,
                after={"revision": revision.number},
            )
        check_submit(target=article, revision_id=revision.pk)
    elif article.status in EDITABLE_BY_OWNER or (article.status == S.SUBMITTED and is_editor):
        revision = _revision_add(
            article=article, fields=fields, cover=cover_name, user=user, status=ArticleRevision.Status.SAVED
        )
        tag_names = fields.pop("tags")
        for name, value in fields.items():
            setattr(article, name, value)
        article.cover = cover_name
        if article.status == S.REJECTED:
            article.status = S.DRAFT
        article.save()
        article.tags.set(tag_names)
        article_search_index(article)
        if not is_owner:
            audit_record(
                actor=user,
                action=AuditAction.ARTICLE_EDIT,
                target=article,
                before=before,
                after={"revision": revision.number},
            )
    else:
        raise ArticleError(_("文章当前状态（%(s)s）不能编辑。") % {"s": article.get_status_display()}, status=409)
    page_bump_on_commit(article.pk)
    article.refresh_from_db()
    return article


def _latest_revision(article: Article) -> ArticleRevision:
    revision = article.revisions.order_by("-number").first()
    if revision is None:  # articles are always created with one; guard against hand-made rows
        raise ArticleError(_("文章没有可发布的版本。"), status=409)
    return revision


def _hand_to_checks(article: Article, revision: ArticleRevision) -> None:
    """Caller holds the lock and has set the article's status. The verdict may come now or later."""
    revision.status = ArticleRevision.Status.CHECKING
    revision.save(update_fields=["status"])
    article.pending_revision = revision
    article.save()
    page_bump_on_commit(article.pk)
    check_submit(target=article, revision_id=revision.pk)


@transaction.atomic
def article_publish(*, article: Article, user: User) -> Article:
    """An author publishes their own draft: it goes to the checks (status `checking`)."""
    _refuse_unless_may_write(user)
    if not user.has_perm("articles.publish_article"):
        raise ArticleError(_("您现在还不是作者，不能直接发布。请投稿，由编辑审核后发布。"), status=403)
    article = _locked(article.pk)
    if article.author_id != user.pk and not user.has_perm("articles.edit_any_article"):
        raise ArticleError(_("您不能发布这篇文章。"), status=403)
    if article.status not in EDITABLE_BY_OWNER:
        raise ArticleError(_("文章当前状态（%(s)s）不能发布。") % {"s": article.get_status_display()}, status=409)
    article.status = S.CHECKING
    article.status_reason = ""
    article.rejection_rule = ""
    _hand_to_checks(article, _latest_revision(article))
    article.refresh_from_db()
    return article


@transaction.atomic
def article_submit(*, article: Article, user: User) -> Article:
    """A contributor hands their draft to the editors (投稿)."""
    _refuse_unless_may_write(user)
    article = _locked(article.pk)
    if article.author_id != user.pk:
        raise ArticleError(_("只能投递自己的稿件。"), status=403)
    if article.status not in EDITABLE_BY_OWNER:
        raise ArticleError(_("文章当前状态（%(s)s）不能投稿。") % {"s": article.get_status_display()}, status=409)
    article.status = S.SUBMITTED
    article.contributor = user
    article.status_reason = ""
    article.rejection_rule = ""
    article.save()
    page_bump_on_commit(article.pk)
    return article


@transaction.atomic
def article_save(
    *,
    user: User,
    action: str,
    article: Article | None = None,
    title: str,
    body: str,
    summary: str = "",
    source: str = "",
    category: Category | None = None,
    tags: Sequence[str] = (),
    cover: UploadedFile | None = None,
) -> Article:
    """The write page in one transaction: create or update, then `save` only, `publish` or `submit`.

    If the second step is refused, nothing of the first is kept.
    """
    if action not in ACTIONS:
        raise ArticleError(_("未知操作。"))
    if action == "publish" and not user.has_perm("articles.publish_article"):
        raise ArticleError(_("您现在还不是作者，不能直接发布。请投稿，由编辑审核后发布。"), status=403)
    data = {
        "title": title,
        "body": body,
        "summary": summary,
        "source": source,
        "category": category,
        "tags": tags,
        "cover": cover,
    }
    if article is None:
        article = article_create(user=user, **data)
    else:
        article = article_update(article=article, user=user, **data)
    if action == "publish" and article.status in EDITABLE_BY_OWNER:
        article = article_publish(article=article, user=user)
    elif action == "submit" and article.status in EDITABLE_BY_OWNER:
        article = article_submit(article=article, user=user)
    return article


# --- Editorial review ---------------------------------------------------------------------------------------------


def _editor_check(editor: User, perm: str = "articles.review_article") -> None:
    _refuse_unless_may_write(editor)
    if not editor.has_perm(perm):
        raise ArticleError(_("只有编辑可以执行此操作。"), status=403)


def _reason_clean(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ArticleError(_("请填写原因。"), field="reason")
    if len(reason) > REASON_MAX:
        raise ArticleError(_("原因不能超过 %(n)d 个字。") % {"n": REASON_MAX}, field="reason")
    return reason


def _submitted_locked(article: Article) -> Article:
    article = _locked(article.pk)
    if article.status != S.SUBMITTED:
        raise ArticleError(_("这篇稿件已经处理过了（%(s)s）。") % {"s": article.get_status_display()}, status=409)
    return article


@transaction.atomic
def article_accept(*, article: Article, editor: User) -> Article:
    """Accept a contribution: it goes to the checks and is published crediting the contributor when it passes."""
    _editor_check(editor)
    article = _submitted_locked(article)
    article.status = S.CHECKING
    article.accepted_by = editor
    article.contributor = article.contributor or article.author
    audit_record(
        actor=editor,
        action=AuditAction.ARTICLE_ACCEPT,
        target=article,
        before={"status": S.SUBMITTED},
        after={"status": S.CHECKING},
    )
    notify(
        recipient=article.author,
        subject=_("您的投稿已被采纳"),
        body=_("您的投稿《%(t)s》已被编辑采纳，通过自动检查后即会发布。") % {"t": article.title},
        url=article.get_absolute_url(),
    )
    _hand_to_checks(article, _latest_revision(article))
    article.refresh_from_db()
    return article


def _contribution_send_back(*, article: Article, editor: User, reason: str, status: str, action: str) -> Article:
    """An editor turns a contribution down (`rejected`) or asks for changes; either way with a reason, audited and
    told to the contributor. Caller holds a transaction."""
    _editor_check(editor)
    reason = _reason_clean(reason)
    article = _submitted_locked(article)
    article.status = status
    article.status_reason = reason
    article.save()
    audit_record(
        actor=editor,
        action=action,
        target=article,
        before={"status": S.SUBMITTED},
        after={"status": status, "reason": reason},
    )
    if status == S.REJECTED:
        subject = _("您的投稿未被采纳")
        body = _("您的投稿《%(t)s》未被采纳。原因：%(r)s") % {"t": article.title, "r": reason}
    else:
        subject = _("您的投稿需要修改")
        body = _("编辑请您修改投稿《%(t)s》后重新投稿。意见：%(r)s") % {"t": article.title, "r": reason}
    notify(recipient=article.author, subject=subject, body=body, url="/me/")
    return article


@transaction.atomic
def article_reject(*, article: Article, editor: User, reason: str) -> Article:
    return _contribution_send_back(
        article=article, editor=editor, reason=reason, status=S.REJECTED, action=AuditAction.ARTICLE_REJECT
    )


@transaction.atomic
def article_request_changes(*, article: Article, editor: User, reason: str) -> Article:
    return _contribution_send_back(
        article=article,
        editor=editor,
        reason=reason,
        status=S.CHANGES_REQUESTED,
        action=AuditAction.ARTICLE_REQUEST_CHANGES,
    )


@transaction.atomic
def article_feature_set(*, article: Article, editor: User, featured: bool) -> Article:
    _editor_check(editor, "articles.feature_article")
    article = _locked(article.pk)
    if article.status != S.PUBLISHED:
        raise ArticleError(_("只能推荐已发布的文章。"), status=409)
    before = {"featured": article.featured}
    article.featured = featured
    article.save(update_fields=["featured", "updated_at"])
    audit_record(
        actor=editor,
        action=AuditAction.ARTICLE_FEATURE if featured else AuditAction.ARTICLE_UNFEATURE,
        target=article,
        before=before,
        after={"featured": featured},
    )
    page_bump_on_commit(article.pk)
    return article


# --- Check verdicts and moderation (called through the adapters in articles/moderation.py) -------------------------


@transaction.atomic
def article_verdict_apply(*, article_id: int, revision_id: int | None, verdict: Verdict, rule: str = "") -> None:
    """Apply a verdict to the article's pending revision. A verdict for another revision (superseded by a newer
    edit) or for one already decided changes nothing, so a redelivered task is harmless."""
    article = (
        Article.objects.select_for_update(of=("self",)).select_related("pending_revision").filter(pk=article_id).first()
    )
    if article is None or article.pending_revision is None:
        return
    revision = article.pending_revision
    if revision_id is not None and revision.pk != revision_id:
        return
    R = ArticleRevision.Status
    if revision.status not in (R.CHECKING, R.HELD):
        return
    first_publication = article.status in (S.CHECKING, S.HELD)
    if Verdict(verdict).publishes:
        revision.status = R.PASSED
        revision.save(update_fields=["status"])
        article.live_revision = revision
        article.pending_revision = None
        if first_publication:
            article.status = S.PUBLISHED
            article.published_at = article.published_at or timezone.now()
            article.status_reason = ""
            article.rejection_rule = ""
        _public_copy_set(article, revision)
    elif verdict == Verdict.HOLD:
        revision.status = R.HELD
        revision.save(update_fields=["status"])
        if first_publication:
            article.status = S.HELD
            article.save()
        notify(
            recipient=article.author,
            subject=_("您的文章正在人工审核"),
            body=_("《%(t)s》需要审核员确认后才能公开，请耐心等待。") % {"t": revision.title},
            url="/me/",
        )
    elif verdict == Verdict.BLOCK:
        revision.status = R.REJECTED
        revision.rule = rule
        revision.save(update_fields=["status", "rule"])
        if first_publication:
            article.status = S.REJECTED
            article.rejection_rule = rule
            article.save()
        notify(
            recipient=article.author,
            subject=_("您的文章未通过检查"),
            body=_("《%(t)s》未通过自动检查（依据规则 %(r)s），未予发布。") % {"t": revision.title, "r": rule or "-"},
            url="/me/",
        )
    else:
        raise ValueError(f"unknown verdict {verdict!r}")
    page_bump_on_commit(article.pk)


@transaction.atomic
def article_visibility_set(*, article_id: int, hide: bool) -> None:
    """Moderation removes an article from public view (never deletes) or restores it. Idempotent."""
    article = Article.objects.select_for_update().get(pk=article_id)
    if hide and article.status != S.REMOVED:
        article.status_before_removal = article.status
        article.status = S.REMOVED
    elif not hide and article.status == S.REMOVED:
        article.status = article.status_before_removal or S.PUBLISHED
        article.status_before_removal = ""
    else:
        return
    article.save(update_fields=["status", "status_before_removal", "updated_at"])
    page_bump_on_commit(article.pk)


# --- Comments -----------------------------------------------------------------------------------------------------


@transaction.atomic
def comment_create(*, article: Article, user: User, body: str, parent_id: int | None = None) -> Comment:
    """A plain-text comment (one level of replies), handed to the checks; visible once it passes."""
    _refuse_unless_may_write(user)
    body = (body or "").strip()
    if not body:
        raise ArticleError(_("评论不能为空。"), field="body")
    if len(body) > COMMENT_MAX:
        raise ArticleError(_("评论不能超过 %(n)d 个字。") % {"n": COMMENT_MAX}, field="body")
    article = Article.objects.filter(pk=article.pk, status=S.PUBLISHED).first()
    if article is None:
        raise ArticleError(_("文章不存在或已被移除，不能评论。"), status=404)
    parent = None
    if parent_id is not None:
        parent = Comment.objects.filter(pk=parent_id, article=article, status=Comment.Status.VISIBLE).first()
        if parent is None:
            raise ArticleError(_("要回复的评论不存在。"), status=404)
        if parent.parent_id is not None:  # one level only: a reply to a reply joins the same thread
            parent = parent.parent
    comment = Comment.objects.create(article=article, author=user, parent=parent, body=body)
    page_bump_on_commit(article.pk)
    check_submit(target=comment)
    comment.refresh_from_db()
    return comment


@transaction.atomic
def comment_verdict_apply(*, comment_id: int, verdict: Verdict, rule: str = "") -> None:
    comment = Comment.objects.select_for_update().filter(pk=comment_id).first()
    if comment is None or comment.status not in (Comment.Status.CHECKING, Comment.Status.HELD):
        return
    if Verdict(verdict).publishes:
        comment.status = Comment.Status.VISIBLE
    elif verdict == Verdict.HOLD:
        comment.status = Comment.Status.HELD
    elif verdict == Verdict.BLOCK:
        comment.status = Comment.Status.REJECTED
        comment.rejection_rule = rule
    else:
        raise ValueError(f"unknown verdict {verdict!r}")
    comment.save(update_fields=["status", "rejection_rule"])
    page_bump_on_commit(comment.article_id)


@transaction.atomic
def comment_visibility_set(*, comment_id: int, hide: bool) -> None:
    comment = Comment.objects.select_for_update().get(pk=comment_id)
    if hide and comment.status != Comment.Status.REMOVED:
        comment.status_before_removal = comment.status
        comment.status = Comment.Status.REMOVED
    elif not hide and comment.status == Comment.Status.REMOVED:
        comment.status = comment.status_before_removal or Comment.Status.VISIBLE
        comment.status_before_removal = ""
    else:
        return
    comment.save(update_fields=["status", "status_before_removal"])
    page_bump_on_commit(comment.article_id)


# --- Author applications (editorial work) -------------------------------------------------------------------------


def _application_locked(application: AuthorApplication) -> AuthorApplication:
    application = AuthorApplication.objects.select_for_update().select_related("user").get(pk=application.pk)
    if application.status != AuthorApplication.Status.PENDING:
        raise ArticleError(_("这份申请已经处理过了。"), status=409)
    return application


@transaction.atomic
def author_application_approve(*, application: AuthorApplication, editor: User) -> AuthorApplication:
    """Approve: the applicant joins the author role and may publish directly."""
    _editor_check(editor, "accounts.review_authorapplication")
    application = _application_locked(application)
    application.status = AuthorApplication.Status.APPROVED
    application.reviewed_by = editor
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "reviewed_by", "decided_at"])
    application.user.groups.add(Group.objects.get(name=AUTHOR))
    audit_record(
        actor=editor,
        action=AuditAction.AUTHOR_APPLICATION_APPROVE,
        target=application,
        before={"status": AuthorApplication.Status.PENDING},
        after={"status": application.status},
    )
    notify(
        recipient=application.user,
        subject=_("您已成为作者"),
        body=_("您的作者申请已通过，现在可以自主发布文章了。"),
        url="/write/",
    )
    return application


@transaction.atomic
def author_application_reject(*, application: AuthorApplication, editor: User, reason: str) -> AuthorApplication:
    _editor_check(editor, "accounts.review_authorapplication")
    reason = _reason_clean(reason)
    application = _application_locked(application)
    application.status = AuthorApplication.Status.REJECTED
    application.reason = reason
    application.reviewed_by = editor
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "reason", "reviewed_by", "decided_at"])
    audit_record(
        actor=editor,
        action=AuditAction.AUTHOR_APPLICATION_REJECT,
        target=application,
        before={"status": AuthorApplication.Status.PENDING},
        after={"status": application.status, "reason": reason},
    )
    notify(
        recipient=application.user,
        subject=_("您的作者申请未通过"),
        body=_("您的作者申请未通过。原因：%(r)s") % {"r": reason},
        url="/me/",
    )
    return application


# --- Uploads ------------------------------------------------------------------------------------------------------


def image_upload(*, user: User, upload: UploadedFile) -> str:
    """Store an editor image upload; return its public URL. Raises ArticleError for anything but a sane image."""
    _refuse_unless_may_write(user)
    from django.core.files.storage import default_storage

    if upload.size and upload.size > images.MAX_BYTES:
        raise ArticleError(_("图片不能超过 5 MB。"))
    try:
        name = images.image_save(upload.read(images.MAX_BYTES + 1))
    except images.ImageRejected as exc:
        raise ArticleError(str(exc)) from exc
    return default_storage.url(name)
