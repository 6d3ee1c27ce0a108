"""What moderation does to articles and comments, called only through the adapters in `articles.moderation`:
apply a check verdict, hide (never delete) or restore. Each is idempotent, so a redelivered task is harmless."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from accounts.trust import trust_content_accepted
from core.services import notify
from moderation.engine import Verdict

from ..cache import comment_page_bump_on_commit, page_bump_on_commit
from ..models import Article, ArticleRevision, Comment
from .comments import comment_outcome_notify, comment_published_notify
from .common import S
from .revisions import public_copy_set


@transaction.atomic
def article_verdict_apply(*, article_id: int, revision_id: int | None, verdict: Verdict, rule: str = "") -> None:
    """Apply a verdict to the article's pending revision. A verdict for another revision (superseded by a newer
    edit) or for one already decided changes nothing."""
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
    verdict = Verdict(verdict)
    first_publication = article.status in (S.CHECKING, S.HELD)
    if verdict.publishes:
        revision.status = R.PASSED
        revision.save(update_fields=["status"])
        article.live_revision = revision
        article.pending_revision = None
        if first_publication:
            article.status = S.PUBLISHED
            article.published_at = article.published_at or timezone.now()
            article.status_reason = ""
            article.rejection_rule = ""
            trust_content_accepted(user=article.author)
        public_copy_set(article, revision)
    elif verdict == Verdict.HOLD:
        revision.status = R.HELD
        revision.save(update_fields=["status"])
        if first_publication:
            article.status = S.HELD
            article.save()
        notify(
            recipient=article.author,
            subject=gettext_noop("您的文章正在人工审核"),
            body=gettext_noop("《%(t)s》需要审核员确认后才能公开，请耐心等待。"),
            params={"t": revision.title},
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
            subject=gettext_noop("您的文章未通过检查"),
            body=gettext_noop("《%(t)s》未通过自动检查（依据规则 %(r)s），未予发布。"),
            params={"t": revision.title, "r": rule or "-"},
            url="/me/",
        )
    else:
        raise ValueError(f"unknown verdict {verdict!r}")
    if verdict.publishes:  # held or blocked, the public copy (if any) is what it was: no cached page changes
        page_bump_on_commit(article.pk)


@transaction.atomic
def article_visibility_set(*, article_id: int, hide: bool) -> None:
    """Moderation removes an article from public view (never deletes) or restores it."""
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


@transaction.atomic
def article_edit_reject(*, article_id: int, revision_id: int, rule: str = "") -> None:
    """A moderator refuses a held edit of a published article: the edit is rejected (citing `rule`) and the live
    copy stays public and editable. The rejected edit stays the pending one, so the author's dashboard names it,
    as it does for an edit the checks block. The decision tells the author."""
    article = Article.objects.select_for_update(of=("self",)).filter(pk=article_id).first()
    if article is None or article.pending_revision_id != revision_id:
        return
    revision = ArticleRevision.objects.select_for_update().get(pk=revision_id)
    if revision.status not in (ArticleRevision.Status.CHECKING, ArticleRevision.Status.HELD):
        return
    revision.status = ArticleRevision.Status.REJECTED
    revision.rule = rule[:100]
    revision.save(update_fields=["status", "rule"])
    # The live copy is unchanged: no public page shows a pending edit, so no cached page is retired.


@transaction.atomic
def article_edit_restore(*, article_id: int, revision_id: int) -> None:
    """Undo `article_edit_reject` (an overturned decision): the edit waits for a decision again. An edit that a
    newer one has replaced since (pending or live) stays rejected: restoring it would undo the author's later work."""
    article = Article.objects.select_for_update(of=("self",)).select_related("live_revision").filter(pk=article_id)
    article = article.first()
    if article is None or article.pending_revision_id not in (None, revision_id):
        return
    revision = ArticleRevision.objects.select_for_update().filter(pk=revision_id, article_id=article_id).first()
    if revision is None or revision.status != ArticleRevision.Status.REJECTED:
        return
    if article.live_revision is not None and article.live_revision.number > revision.number:
        return
    revision.status = ArticleRevision.Status.HELD
    revision.rule = ""
    revision.save(update_fields=["status", "rule"])
    article.pending_revision = revision
    article.save(update_fields=["pending_revision", "updated_at"])


@transaction.atomic
def comment_verdict_apply(*, comment_id: int, verdict: Verdict, rule: str = "") -> None:
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("article", "author", "parent__author")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None or comment.status not in (Comment.Status.CHECKING, Comment.Status.HELD):
        return
    verdict = Verdict(verdict)
    if verdict.publishes:
        comment.status = Comment.Status.VISIBLE
        trust_content_accepted(user=comment.author)
    elif verdict == Verdict.HOLD:
        comment.status = Comment.Status.HELD
    elif verdict == Verdict.BLOCK:
        comment.status = Comment.Status.REJECTED
        comment.rejection_rule = rule
    else:
        raise ValueError(f"unknown verdict {verdict!r}")
    comment.save(update_fields=["status", "rejection_rule"])
    comment_outcome_notify(comment=comment, verdict=verdict, rule=rule)
    if comment.status == Comment.Status.VISIBLE:  # held or rejected, readers never saw it: nothing to retire
        comment_published_notify(comment=comment)
        comment_page_bump_on_commit(comment.article_id)


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
    if Comment.Status.VISIBLE in (comment.status, comment.status_before_removal):
        comment_page_bump_on_commit(comment.article_id)
