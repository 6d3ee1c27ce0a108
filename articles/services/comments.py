"""Readers' comments. Their verdicts and moderation come back through `verdicts`, which tells the author of a
held or blocked comment with `comment_outcome_notify`."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import user_region_seen
from core.ipregion import region_of
from core.services import notify
from moderation.engine import Verdict

from ..models import Article, Comment
from . import common
from .common import COMMENT_MAX, ArticleError, S, refuse_unless_may_write


@transaction.atomic
def comment_create(
    *, article: Article, user: User, body: str, parent_id: int | None = None, ip: str | None = None
) -> Comment:
    """A plain-text comment (one level of replies), handed to the checks; visible once it passes.

    `ip` (the client's, `core.ip.client_ip`) is turned into its IP属地 at once and not kept."""
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
    region = region_of(ip) if ip is not None else ""  # no request (a command, the demo): no region shown
    # No page-cache bump: the comment is invisible until its check passes, and the verdict bumps the page then.
    comment = Comment.objects.create(article=article, author=user, parent=parent, body=body, ip_region=region)
    user_region_seen(user=user, region=region)
    common.check_submit(target=comment)
    comment.refresh_from_db()
    return comment


def comment_outcome_text(*, comment: Comment, verdict: Verdict, rule: str = "") -> tuple[str, str]:
    """(subject, body) telling the author what the checks did with their comment and which rule applied.

    The same words go to the inbox and onto the article page after posting, so that both say the same thing."""
    excerpt = comment.body if len(comment.body) <= 30 else comment.body[:30] + "…"
    values = {"t": comment.article.title, "c": excerpt, "r": rule or "-"}
    if Verdict(verdict) == Verdict.BLOCK:
        return (
            _("您的评论未通过检查"),
            _("您在《%(t)s》下的评论「%(c)s」未通过自动检查（依据规则 %(r)s），未予发布。") % values,
        )
    if not rule:  # held without a rule: e.g. a new account's first comments (先审后发)
        return (
            _("您的评论正在人工审核"),
            _("您在《%(t)s》下的评论「%(c)s」需要审核员确认后才能公开，请耐心等待。") % values,
        )
    return (
        _("您的评论正在人工审核"),
        _("您在《%(t)s》下的评论「%(c)s」需要审核员确认后才能公开（依据规则 %(r)s），请耐心等待。") % values,
    )


def comment_outcome_notify(*, comment: Comment, verdict: Verdict, rule: str = "") -> None:
    """Tell the author of a held or blocked comment, in the inbox, what happened and which rule applied; a
    verdict that publishes says nothing. Called by `verdicts.comment_verdict_apply` in its transaction."""
    if Verdict(verdict) not in (Verdict.HOLD, Verdict.BLOCK):
        return
    subject, body = comment_outcome_text(comment=comment, verdict=verdict, rule=rule)
    # Held comments are shown to their author under the article; blocked ones are listed on the dashboard.
    url = comment.get_absolute_url() if Verdict(verdict) == Verdict.HOLD else reverse("articles:dashboard")
    notify(recipient=comment.author, subject=subject, body=body, url=url)
