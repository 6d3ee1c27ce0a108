"""What every articles service shares: the error type, the limits, the write policy check, row locks, the hand-off
to the automatic checks."""

from django.utils.translation import gettext as _

from accounts.models import User
from accounts.policy import write_refusal
from core.errors import ApplicationError
from moderation.services.checks import check_submit

from ..models import Article

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

# `check_submit` is imported here, once, and called as `common.check_submit` so that there is one door to
# moderation's checks and one place to replace it.
__all__ = [
    "ACTIONS",
    "BODY_MAX",
    "COMMENT_MAX",
    "EDITABLE_BY_OWNER",
    "REASON_MAX",
    "SOURCE_MAX",
    "SUMMARY_MAX",
    "TAGS_MAX",
    "TAG_MAX",
    "TITLE_MAX",
    "ArticleError",
    "article_locked",
    "check_submit",
    "editor_check",
    "reason_clean",
    "refuse_unless_may_write",
]


class ArticleError(ApplicationError):
    """A refused article operation: `status` is the HTTP status for a view; the message is fit to show the user."""


def refuse_unless_may_write(user: User) -> None:
    refusal = write_refusal(user)
    if refusal is not None:
        raise ArticleError(refusal.message or _("请先登录。"), status=403)


def editor_check(editor: User, perm: str = "articles.review_article") -> None:
    refuse_unless_may_write(editor)
    if not editor.has_perm(perm):
        raise ArticleError(_("只有编辑可以执行此操作。"), status=403)


def reason_clean(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ArticleError(_("请填写原因。"), field="reason")
    if len(reason) > REASON_MAX:
        raise ArticleError(_("原因不能超过 %(n)d 个字。") % {"n": REASON_MAX}, field="reason")
    return reason


def article_locked(article_id: int) -> Article:
    """The article's row under `select_for_update()`; caller holds a transaction."""
    try:
        return Article.objects.select_for_update().get(pk=article_id)
    except Article.DoesNotExist as exc:
        raise ArticleError(_("文章不存在。"), status=404) from exc
