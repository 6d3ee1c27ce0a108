"""Editorial review: accepting, rejecting or sending back contributions, and featuring articles. Every decision is
audited in the same transaction and, for contributions, told to the contributor."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from core.models import AuditAction
from core.services import audit_record, notify

from ..cache import page_bump_on_commit
from ..models import Article
from .articles import checks_hand_off
from .common import ArticleError, S, article_locked, editor_check, reason_clean
from .revisions import revision_latest


def _submitted_locked(article: Article) -> Article:
    article = article_locked(article.pk)
    if article.status != S.SUBMITTED:
        raise ArticleError(_("这篇稿件已经处理过了（%(s)s）。") % {"s": article.get_status_display()}, status=409)
    return article


@transaction.atomic
def article_accept(*, article: Article, editor: User) -> Article:
    """Accept a contribution: it goes to the checks and is published crediting the contributor when it passes."""
    editor_check(editor)
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
        subject=gettext_noop("您的投稿已被采纳"),
        body=gettext_noop("您的投稿《%(t)s》已被编辑采纳，通过自动检查后即会发布。"),
        params={"t": article.title},
        url=article.get_absolute_url(),
    )
    checks_hand_off(article, revision_latest(article))
    article.refresh_from_db()
    return article


def _contribution_send_back(
    *, article: Article, editor: User, reason: str, status: str, action: AuditAction
) -> Article:
    """An editor turns a contribution down (`rejected`) or asks for changes; either way with a reason, audited and
    told to the contributor. Caller holds a transaction."""
    editor_check(editor)
    reason = reason_clean(reason)
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
        subject = gettext_noop("您的投稿未被采纳")
        body = gettext_noop("您的投稿《%(t)s》未被采纳。原因：%(r)s")
    else:
        subject = gettext_noop("您的投稿需要修改")
        body = gettext_noop("编辑请您修改投稿《%(t)s》后重新投稿。意见：%(r)s")
    notify(recipient=article.author, subject=subject, body=body, params={"t": article.title, "r": reason}, url="/me/")
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
    editor_check(editor, "articles.feature_article")
    article = article_locked(article.pk)
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
