"""An article's comments as its page shows them: threads, pages, sorts, who may edit."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from accounts.models import User
from moderation.models import ContentCheck

from ..models import Article, Comment, CommentLike

S = Article.Status


COMMENT_SORTS = ("new", "liked")
# Levels 0-2 of a thread are shown open; deeper replies are folded under 「展开更多回复」.
COMMENT_OPEN_DEPTH = 2


def comment_editable(comment: Comment, user: User, now=None) -> bool:
    """The author may edit or delete a comment of theirs within the window, while it is not removed or rejected."""
    return (
        user.is_authenticated
        and comment.author_id == user.pk
        and comment.status in (Comment.Status.VISIBLE, Comment.Status.CHECKING, Comment.Status.HELD)
        and (now or timezone.now()) - comment.created_at <= timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES)
    )


@dataclass
class CommentPage:
    page: Page  # of top-level comments, each with `.children` (a tree down the thread)
    total: int  # visible comments on the article, replies included
    sort: str


def _shown(user: User) -> Q:
    shown = Q(status=Comment.Status.VISIBLE)
    if user.is_authenticated:
        shown |= Q(author=user, status__in=[Comment.Status.CHECKING, Comment.Status.HELD])
    return shown


def comment_page(*, article: Article, user: User, page: str | int | None = 1, sort: str = "new") -> CommentPage:
    """One page of threads under `article`, in a constant number of queries whatever the number of comments.

    Top-level comments are sorted newest first or most liked first; each thread's replies oldest first. A deleted
    or removed comment whose thread goes on below it stays as a placeholder so the replies keep their context."""
    sort = sort if sort in COMMENT_SORTS else "new"
    shown = _shown(user)
    gone = [Comment.Status.DELETED, Comment.Status.REMOVED]
    live_thread = Exists(Comment.objects.filter(root=OuterRef("pk"), status=Comment.Status.VISIBLE))
    listed = Q(parent=None) & (shown | Q(Q(status__in=gone) & live_thread))
    roots = (
        Comment.objects.filter(listed, article=article)
        .select_related("author")
        .order_by(*(("-created_at", "-id") if sort == "new" else ("-like_count", "-created_at", "-id")))
    )
    # Both counts in one query: the threads (for the pages) and the visible comments (for the heading).
    counts = Comment.objects.filter(article=article).aggregate(
        threads=Count("pk", filter=listed), total=Count("pk", filter=Q(status=Comment.Status.VISIBLE))
    )
    paginator = Paginator(roots, settings.COMMENT_PAGE_SIZE)
    paginator.count = counts["threads"]  # a cached_property: set, so the paginator does not count again
    current = paginator.get_page(page)
    tops = list(current.object_list)
    members = list(
        Comment.objects.filter(root__in=tops)
        .filter(shown | Q(status__in=gone))
        .select_related("author")
        .order_by("created_at", "id")
    )
    liked: set[int] = set()
    if user.is_authenticated and tops:
        ids = [c.pk for c in tops] + [c.pk for c in members]
        liked = set(CommentLike.objects.filter(user=user, comment_id__in=ids).values_list("comment_id", flat=True))
    now = timezone.now()
    by_id = {c.pk: c for c in [*tops, *members]}
    for c in by_id.values():
        c.children = []
        c.liked = c.pk in liked
        c.can_edit = comment_editable(c, user, now)
        c.is_gone = c.status in gone
    for c in members:
        parent = by_id.get(c.parent_id)
        if parent is not None:
            parent.children.append(c)
    # Placeholders with nothing shown below them are dropped, leaves first.
    for c in reversed(members):
        c.children = [k for k in c.children if not (k.is_gone and not k.children)]
    for top in tops:
        top.children = [k for k in top.children if not (k.is_gone and not k.children)]
    current.object_list = tops
    return CommentPage(page=current, total=counts["total"], sort=sort)


def comments_for(*, article: Article, user: User) -> list[Comment]:
    """The first page of threads (kept for callers that want a list)."""
    return list(comment_page(article=article, user=user).page.object_list)


def comment_for_author(*, comment_id: int, user: User) -> Comment | None:
    """The user's own comment (for its edit form), None otherwise."""
    return Comment.objects.select_related("article").filter(pk=comment_id, author=user).first()


def comment_check_rule(*, comment: Comment) -> str:
    """The rule the comment's latest finished check cited for its verdict ("" when none), picked the way the
    check pipeline picks the rule it hands to the verdict: the first match whose action is the verdict."""
    check = (
        ContentCheck.objects.filter(
            target_type=ContentType.objects.get_for_model(Comment),
            target_id=comment.pk,
            status=ContentCheck.Status.DONE,
        )
        .order_by("-created_at", "-id")
        .first()
    )
    if check is None:
        return ""
    return next((m.get("rule", "") for m in check.matches if m.get("action") == check.verdict), "")
