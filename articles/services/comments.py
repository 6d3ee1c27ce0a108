"""Readers' comments: post (a reply at any depth), edit and delete one's own within a window, like. Every new or
edited body goes through the automatic checks; the verdicts come back through `verdicts`, which tells the author
of a held or blocked comment (`comment_outcome_notify`) and, once a comment is first visible, the account it
replies to and the accounts it @mentions (`comment_published_notify`).

Page cache: only a change readers can see bumps the article's page version. A new comment is in `checking`
(seen by its author alone, whose pages are never cached), so posting it bumps nothing; the verdict that makes it
visible does. Likes do not bump either: a cached page's like counts may lag by the cache's timeout (five minutes)
rather than every like retiring every cached copy of a busy article.
"""

import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from accounts.services import user_region_seen
from core import messages
from core.ipregion import region_of
from core.models import NotificationPreference
from core.services import notify
from moderation.engine import Verdict

from ..cache import page_bump_on_commit
from ..models import Article, Comment, CommentLike
from ..selectors import comment_editable
from . import common
from .common import COMMENT_MAX, ArticleError, S, refuse_unless_may_write

# @name: a username as Django allows it (letters, digits, @.+-_), up to a space or punctuation. A trailing full
# stop is not part of the name. Each comment tells at most MENTIONS_MAX accounts.
MENTION = re.compile(r"(?<![\w@])@([\w.+-]{1,150})")
MENTIONS_MAX = 10
C = Comment.Status


def mentions_parse(body: str) -> list[str]:
    """The usernames @mentioned in `body` that name an active account, in order, each once."""
    names = list(dict.fromkeys(m.rstrip(".") for m in MENTION.findall(body)))[: MENTIONS_MAX * 2]
    if not names:
        return []
    found = {
        u.lower(): u for u in User.objects.filter(username__in=names, is_active=True).values_list("username", flat=True)
    }
    return [found[n.lower()] for n in names if n.lower() in found][:MENTIONS_MAX]


def _body_clean(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ArticleError(_("评论不能为空。"), field="body")
    if len(body) > COMMENT_MAX:
        raise ArticleError(_("评论不能超过 %(n)d 个字。") % {"n": COMMENT_MAX}, field="body")
    return body


@transaction.atomic
def comment_create(
    *,
    article: Article,
    user: User,
    body: str,
    parent_id: int | None = None,
    token: str = "",
    ip: str | None = None,
) -> Comment:
    """A plain-text comment or a reply to any visible comment, handed to the checks; visible once it passes.

    Idempotent per form: a second submit with the same `token` and text returns the first comment. The user's
    row is locked so that two submits racing each other see one another. `ip` (the client's, `core.ip.client_ip`)
    is turned into its IP属地 at once and not kept."""
    refuse_unless_may_write(user)
    body = _body_clean(body)
    token = (token or "")[:40]
    article = Article.objects.filter(pk=article.pk, status=S.PUBLISHED).first()
    if article is None:
        raise ArticleError(_("文章不存在或已被移除，不能评论。"), status=404)
    if token:
        User.objects.select_for_update().filter(pk=user.pk).first()
        earlier = Comment.objects.filter(author=user, client_token=token, article=article, body=body).first()
        if earlier is not None:
            return earlier
    parent = None
    if parent_id is not None:
        parent = Comment.objects.filter(pk=parent_id, article=article, status=C.VISIBLE).first()
        if parent is None:
            raise ArticleError(_("要回复的评论不存在。"), status=404)
    region = region_of(ip) if ip is not None else ""  # no request (a command, the demo): no region shown
    # No page-cache bump: the comment is invisible until its check passes, and the verdict bumps the page then.
    comment = Comment.objects.create(
        article=article,
        author=user,
        parent=parent,
        root_id=(parent.root_id or parent.pk) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        body=body,
        mentions=mentions_parse(body),
        client_token=token,
        ip_region=region,
    )
    user_region_seen(user=user, region=region)
    common.check_submit(target=comment)
    comment.refresh_from_db()
    return comment


def _own_locked(*, comment_id: int, user: User) -> Comment:
    comment = Comment.objects.select_for_update().select_related("article").filter(pk=comment_id).first()
    if comment is None or comment.author_id != user.pk:
        raise ArticleError(_("评论不存在。"), status=404)
    if not comment_editable(comment, user):
        minutes = settings.COMMENT_EDIT_WINDOW_MINUTES
        raise ArticleError(_("评论发表 %(n)d 分钟后不能再修改或删除。") % {"n": minutes}, status=409)
    return comment


@transaction.atomic
def comment_update(*, comment_id: int, user: User, body: str) -> Comment:
    """The author's new text goes through the checks like a new comment: the comment is `checking` (shown to its
    author only) until the verdict, so unchecked text never reaches other readers."""
    refuse_unless_may_write(user)
    comment = _own_locked(comment_id=comment_id, user=user)
    body = _body_clean(body)
    if body == comment.body:
        return comment
    was_visible = comment.status == C.VISIBLE
    comment.body = body
    comment.mentions = mentions_parse(body)
    comment.status = C.CHECKING
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "mentions", "status", "edited_at"])
    if was_visible:  # it leaves the public page until it passes again
        page_bump_on_commit(comment.article_id)
    common.check_submit(target=comment)
    comment.refresh_from_db()
    return comment


@transaction.atomic
def comment_delete(*, comment_id: int, user: User) -> Comment:
    """The author withdraws their comment. Its replies stay, under a「评论已删除」placeholder."""
    comment = _own_locked(comment_id=comment_id, user=user)
    was_visible = comment.status == C.VISIBLE
    comment.status = C.DELETED
    comment.save(update_fields=["status"])
    if was_visible:
        page_bump_on_commit(comment.article_id)
    return comment


@transaction.atomic
def comment_like_set(*, comment_id: int, user: User, like: bool) -> Comment:
    """Like (or take back a like of) a visible comment. Idempotent: liking twice is one like."""
    refuse_unless_may_write(user)
    comment = Comment.objects.filter(pk=comment_id, status=C.VISIBLE).first()
    if comment is None:
        raise ArticleError(_("评论不存在。"), status=404)
    if like:
        try:
            with transaction.atomic():
                created = CommentLike.objects.get_or_create(comment=comment, user=user)[1]
        except IntegrityError:  # a concurrent like by the same user won the insert
            created = False
        if created:
            Comment.objects.filter(pk=comment.pk).update(like_count=F("like_count") + 1)
    else:
        deleted = CommentLike.objects.filter(comment=comment, user=user).delete()[0]
        if deleted:
            Comment.objects.filter(pk=comment.pk, like_count__gt=0).update(like_count=F("like_count") - 1)
    comment.refresh_from_db(fields=["like_count"])
    return comment


# Kept untranslated on the notice too, so the inbox shows it in its reader's language (core.models.Notification).
REPLY_SUBJECT = gettext_noop("%(u)s 回复了您的评论")
REPLY_BODY = gettext_noop("%(u)s 在《%(t)s》下回复了您：「%(c)s」")
MENTION_SUBJECT = gettext_noop("%(u)s 在评论中提到了您")
MENTION_BODY = gettext_noop("%(u)s 在《%(t)s》下的评论中提到了您：「%(c)s」")


def _excerpt(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[:n] + "…"


def comment_published_notify(*, comment: Comment) -> None:
    """The first time a comment becomes visible, tell the author it replies to and the accounts it @mentions
    (each once, never the writer themself), as their notification settings allow. Called by the verdict in its
    transaction; `notified_at` makes a redelivered verdict or a later edit tell nobody twice."""
    if comment.notified_at is not None:
        return
    Comment.objects.filter(pk=comment.pk).update(notified_at=timezone.now())
    article, writer = comment.article, comment.author
    url = comment.get_absolute_url()
    told = {writer.pk}
    values = {"u": writer.public_name, "t": article.title, "c": _excerpt(comment.body)}

    def tell(recipient: User, kind: str, subject: str, body: str) -> None:
        if recipient.pk in told:
            return
        told.add(recipient.pk)
        notify(recipient=recipient, subject=subject, body=body, params=values, url=url, kind=kind)

    if comment.parent_id is not None:
        tell(comment.parent.author, NotificationPreference.Kind.REPLY, REPLY_SUBJECT, REPLY_BODY)
    for user in User.objects.filter(username__in=comment.mentions, is_active=True):
        tell(user, NotificationPreference.Kind.MENTION, MENTION_SUBJECT, MENTION_BODY)


def comment_outcome_message(*, comment: Comment, verdict: Verdict, rule: str = "") -> tuple[str, str, dict]:
    """(subject, body, params): what the checks did with a comment and which rule applied, untranslated
    (core.messages). The same words go to the inbox and onto the article page after posting."""
    excerpt = comment.body if len(comment.body) <= 30 else comment.body[:30] + "…"
    values = {"t": comment.article.title, "c": excerpt, "r": rule or "-"}
    if Verdict(verdict) == Verdict.BLOCK:
        return (
            gettext_noop("您的评论未通过检查"),
            gettext_noop("您在《%(t)s》下的评论「%(c)s」未通过自动检查（依据规则 %(r)s），未予发布。"),
            values,
        )
    if not rule:  # held without a rule: e.g. a new account's first comments (先审后发)
        return (
            gettext_noop("您的评论正在人工审核"),
            gettext_noop("您在《%(t)s》下的评论「%(c)s」需要审核员确认后才能公开，请耐心等待。"),
            values,
        )
    return (
        gettext_noop("您的评论正在人工审核"),
        gettext_noop("您在《%(t)s》下的评论「%(c)s」需要审核员确认后才能公开（依据规则 %(r)s），请耐心等待。"),
        values,
    )


def comment_outcome_text(*, comment: Comment, verdict: Verdict, rule: str = "") -> tuple[str, str]:
    """(subject, body) of `comment_outcome_message` in the active language."""
    subject, body, values = comment_outcome_message(comment=comment, verdict=verdict, rule=rule)
    stored = messages.store(values)
    return messages.render(subject, stored), messages.render(body, stored)


def comment_outcome_notify(*, comment: Comment, verdict: Verdict, rule: str = "") -> None:
    """Tell the author of a held or blocked comment, in the inbox, what happened and which rule applied; a
    verdict that publishes says nothing. Called by `verdicts.comment_verdict_apply` in its transaction."""
    if Verdict(verdict) not in (Verdict.HOLD, Verdict.BLOCK):
        return
    subject, body, values = comment_outcome_message(comment=comment, verdict=verdict, rule=rule)
    # Held comments are shown to their author under the article; blocked ones are listed on the dashboard.
    url = comment.get_absolute_url() if Verdict(verdict) == Verdict.HOLD else reverse("articles:dashboard")
    notify(recipient=comment.author, subject=subject, body=body, params=values, url=url)
