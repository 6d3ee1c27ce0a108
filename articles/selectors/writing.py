"""Writers' and editors' reads: the dashboard, the review queue, an article to edit, revisions."""

import difflib

from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from accounts.models import User
from accounts.selectors import author_applications_for_review, user_author_applications

from ..models import Article, ArticleRevision, Comment
from .listing import LIST_DEFER

S = Article.Status


# --- Writers and editors ------------------------------------------------------------------------------------------


def dashboard_for(*, user: User) -> dict:
    articles = list(
        Article.objects.filter(author=user)
        .select_related("category", "pending_revision", "live_revision")
        .defer(*LIST_DEFER)
        .order_by("-updated_at")
    )
    groups: dict[str, list[Article]] = {"drafts": [], "contributions": [], "published": [], "other": []}
    for article in articles:
        if article.status == S.PUBLISHED:
            groups["published"].append(article)
        elif article.contributor_id and article.status != S.DRAFT:
            groups["contributions"].append(article)
        elif article.status in (S.DRAFT, S.CHANGES_REQUESTED):
            groups["drafts"].append(article)
        else:
            groups["other"].append(article)
    comments = list(
        Comment.objects.filter(author=user)
        .exclude(status=Comment.Status.VISIBLE)
        .select_related("article")
        .order_by("-created_at")[:50]
    )
    applications = list(user_author_applications(user=user))
    return {**groups, "comments": comments, "applications": applications}


def review_queue() -> dict:
    contributions = list(
        Article.objects.filter(status=S.SUBMITTED)
        .select_related("author", "category")
        .defer(*LIST_DEFER)
        .order_by("updated_at")
    )
    applications = list(author_applications_for_review().order_by("created_at"))
    return {"contributions": contributions, "applications": applications}


def article_for_edit(*, pk: int) -> Article | None:
    return Article.objects.select_related("pending_revision", "category", "author").filter(pk=pk).first()


def revisions_of(*, article: Article) -> QuerySet[ArticleRevision]:
    return article.revisions.select_related("saved_by", "category").order_by("-number")


def revision_diff(*, old: ArticleRevision, new: ArticleRevision) -> SafeString:
    """A line diff of title and plain text, escaped, with <ins>/<del> marks."""
    a = [f"# {old.title}", *old.body_text.splitlines()]
    b = [f"# {new.title}", *new.body_text.splitlines()]
    lines: list[str] = []
    for op in difflib.ndiff(a, b):
        tag, text = op[:2], escape(op[2:])
        if tag == "+ ":
            lines.append(f"<ins>+ {text}</ins>")
        elif tag == "- ":
            lines.append(f"<del>- {text}</del>")
        elif tag == "  ":
            lines.append(f"  {text}")
    return mark_safe("\n".join(lines))  # every line went through escape()
