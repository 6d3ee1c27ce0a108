"""Readers' comments. Their verdicts and moderation come back through `verdicts`."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User

from ..cache import page_bump_on_commit
from ..models import Article, Comment
from . import common
from .common import COMMENT_MAX, ArticleError, S, refuse_unless_may_write


@transaction.atomic
def comment_create(*, article: Article, user: User, body: str, parent_id: int | None = None) -> Comment:
    """A plain-text comment (one level of replies), handed to the checks; visible once it passes."""
    refuse_unless_may_write(user)
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
    common.check_submit(target=comment)
    comment.refresh_from_db()
    return comment
