"""Writing: drafts, edits, publishing (authors) and contributing (投稿). Every write asks the may-write policy
first; content reaches the automatic checks only through `common.check_submit`."""

from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import user_region_seen
from core.ipregion import region_of
from core.models import AuditAction
from core.services import audit_record

from .. import content
from ..cache import page_bump_on_commit
from ..models import Article, ArticleRevision, Category
from . import common
from .common import ACTIONS, EDITABLE_BY_OWNER, ArticleError, S, article_locked, refuse_unless_may_write
from .fields import fields_clean
from .revisions import article_search_index, article_tags_set, revision_add, revision_latest
from .uploads import cover_store


def _slug_set(article: Article) -> None:
    base = content.slug_base(article.title)
    article.slug = f"{base}-{article.pk}" if base else f"article-{article.pk}"
    article.save(update_fields=["slug"])


def checks_hand_off(article: Article, revision: ArticleRevision) -> None:
    """Caller holds the lock and has set the article's status. The verdict may come now or later."""
    revision.status = ArticleRevision.Status.CHECKING
    revision.save(update_fields=["status"])
    article.pending_revision = revision
    article.save()
    page_bump_on_commit(article.pk)
    # Looked up on `common` at call time: the one door to moderation's checks (tests replace it there).
    common.check_submit(target=article, revision_id=revision.pk)


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
    refuse_unless_may_write(user)
    fields = fields_clean(title=title, body=body, summary=summary, source=source, tags=tags, category=category)
    cover_name = cover_store(cover) or ""
    tag_names = fields.pop("tags")
    article = Article.objects.create(author=user, slug=f"new-{timezone.now().timestamp()}", cover=cover_name, **fields)
    _slug_set(article)
    article_tags_set(article, tag_names)
    fields["tags"] = tag_names
    revision_add(article=article, fields=fields, cover=cover_name, user=user, status=ArticleRevision.Status.SAVED)
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
    refuse_unless_may_write(user)
    fields = fields_clean(title=title, body=body, summary=summary, source=source, tags=tags, category=category)
    article = article_locked(article.pk)
    is_owner = article.author_id == user.pk
    is_editor = user.has_perm("articles.edit_any_article")
    if not (is_owner or is_editor):
        raise ArticleError(_("您不能编辑这篇文章。"), status=403)
    cover_name = cover_store(cover)
    if cover_name is None:
        cover_name = article.pending_revision.cover if article.pending_revision_id else article.cover.name or ""
    before = {"status": article.status, "title": article.title}

    if article.status == S.PUBLISHED:
        if not (is_editor or user.has_perm("articles.publish_article")):
            raise ArticleError(_("已发布的投稿如需修改，请联系编辑。"), status=403)
        revision = revision_add(
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
        common.check_submit(target=article, revision_id=revision.pk)
    elif article.status in EDITABLE_BY_OWNER or (article.status == S.SUBMITTED and is_editor):
        revision = revision_add(
            article=article, fields=fields, cover=cover_name, user=user, status=ArticleRevision.Status.SAVED
        )
        tag_names = fields.pop("tags")
        for name, value in fields.items():
            setattr(article, name, value)
        article.cover = cover_name
        if article.status == S.REJECTED:
            article.status = S.DRAFT
        article.save()
        article_tags_set(article, tag_names)
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


@transaction.atomic
def article_publish(*, article: Article, user: User) -> Article:
    """An author publishes their own draft: it goes to the checks (status `checking`)."""
    refuse_unless_may_write(user)
    if not user.has_perm("articles.publish_article"):
        raise ArticleError(_("您现在还不是作者，不能直接发布。请投稿，由编辑审核后发布。"), status=403)
    article = article_locked(article.pk)
    if article.author_id != user.pk and not user.has_perm("articles.edit_any_article"):
        raise ArticleError(_("您不能发布这篇文章。"), status=403)
    if article.status not in EDITABLE_BY_OWNER:
        raise ArticleError(_("文章当前状态（%(s)s）不能发布。") % {"s": article.get_status_display()}, status=409)
    article.status = S.CHECKING
    article.status_reason = ""
    article.rejection_rule = ""
    checks_hand_off(article, revision_latest(article))
    article.refresh_from_db()
    return article


@transaction.atomic
def article_submit(*, article: Article, user: User) -> Article:
    """A contributor hands their draft to the editors (投稿)."""
    refuse_unless_may_write(user)
    article = article_locked(article.pk)
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
    ip: str | None = None,
) -> Article:
    """The write page in one transaction: create or update, then `save` only, `publish` or `submit`.

    If the second step is refused, nothing of the first is kept. `ip` (the client's) becomes the article's IP属地
    (of its latest write by its author) and is not kept.
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
    if ip is not None and article.author_id == user.pk:  # an editor's edit does not move the author's region
        region = region_of(ip)
        Article.objects.filter(pk=article.pk).update(ip_region=region)
        article.ip_region = region
        user_region_seen(user=user, region=region)
    return article
