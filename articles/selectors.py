"""Reads for articles. Every list selects and prefetches what its page shows, so query counts stay constant."""

import difflib
from dataclasses import dataclass
from functools import reduce
from operator import and_

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from taggit.models import Tag

from accounts.models import User
from accounts.selectors import author_applications_for_review, user_author_applications
from moderation.models import ContentCheck

from . import content
from .models import Article, ArticleRevision, Category, Comment
from .selectors_engagement import with_counts

S = Article.Status
# Rank only the newest matches: ranking every match of a frequent word is what made p95 slow (README.md, Search).
SEARCH_CANDIDATES = 100
SEARCH_TERMS_MAX = 12
LIST_DEFER = ("body", "body_text", "search_vector")


def articles_public() -> QuerySet[Article]:
    return (
        Article.objects.filter(status=S.PUBLISHED)
        .select_related("author", "contributor", "category")
        .prefetch_related("tags")
        .defer(*LIST_DEFER)
    )


def article_list(
    *,
    category: Category | None = None,
    tag: Tag | None = None,
    author: User | None = None,
    featured_first: bool = True,
) -> QuerySet[Article]:
    """Published articles with their read and comment counts (`selectors_engagement.with_counts`); featured
    first unless `featured_first` is off (the home page shows them in their own area)."""
    articles = with_counts(articles_public())
    if category is not None:
        articles = articles.filter(category=category)
    if tag is not None:
        articles = articles.filter(tags=tag)
    if author is not None:
        articles = articles.filter(Q(author=author) | Q(contributor=author))
    if not featured_first:
        return articles.order_by("-published_at", "-id")
    return articles.order_by("-featured", "-published_at", "-id")


def categories() -> QuerySet[Category]:
    return Category.objects.all()


def article_for_reader(*, slug: str, user: User) -> Article | None:
    """The article at `slug` if `user` may see it: published for all; the owner's own at any stage but removed;
    editors see everything. None means 404."""
    article = (
        Article.objects.select_related("author", "contributor", "category", "pending_revision", "stats")
        .prefetch_related("tags")
        .filter(slug=slug)
        .first()
    )
    if article is None:
        return None
    if article.status == S.PUBLISHED or (user.is_authenticated and user.has_perm("articles.review_article")):
        return article
    if user.is_authenticated and article.author_id == user.pk and article.status != S.REMOVED:
        return article
    return None


def comments_for(*, article: Article, user: User) -> list[Comment]:
    """Top-level comments with their replies in two queries: visible ones, plus the user's own still being checked."""
    shown = Q(status=Comment.Status.VISIBLE)
    if user.is_authenticated:
        shown |= Q(author=user, status__in=[Comment.Status.CHECKING, Comment.Status.HELD])
    replies = Comment.objects.filter(shown).select_related("author").order_by("created_at", "id")
    return list(
        Comment.objects.filter(shown, article=article, parent=None)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="shown_replies"))
        .order_by("created_at", "id")
    )


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


def articles_related(*, article: Article, limit: int = 5) -> list[Article]:
    """Published articles sharing the category or a tag, newest first, in one query."""
    tag_ids = [tag.pk for tag in article.tags.all()]  # prefetched
    match = Q(tags__in=tag_ids) if tag_ids else Q(pk__in=[])
    if article.category_id:
        match |= Q(category_id=article.category_id)
    ids = (
        Article.objects.filter(match, status=S.PUBLISHED)
        .exclude(pk=article.pk)
        .order_by("-published_at")
        .values_list("pk", "published_at")
        .distinct()[:limit]
    )
    return list(
        Article.objects.filter(pk__in=[pk for pk, _ in ids])
        .select_related("author")
        .defer(*LIST_DEFER)
        .order_by("-published_at")
    )


@dataclass
class SearchResult:
    articles: QuerySet[Article]
    terms: list[str]


def article_search(*, query: str) -> SearchResult:
    """Published articles matching every jieba token of `query`, best first.

    PostgreSQL: the newest SEARCH_CANDIDATES matches are fetched once and only they are ranked with ts_rank, so
    neither the ranking nor the page count ever touches every match of a frequent word.
    SQLite: icontains on title and plain text, newest first.
    """
    query = (query or "").strip()[:100]
    terms = list(dict.fromkeys(content.tokens(query)))[:SEARCH_TERMS_MAX]
    if not terms:
        return SearchResult(Article.objects.none(), [])
    base = articles_public().defer(None).defer("body", "search_vector")  # the snippet needs body_text
    if settings.IS_POSTGRES:
        tsquery = SearchQuery(" ".join(terms), config="simple", search_type="plain")
        # The newest matches: PostgreSQL walks the partial published_at index for frequent words and uses the
        # GIN/RUM index for rare ones. (RUM's own `<=>` order sorts every match: slow for a word in most articles.)
        matches = Article.objects.filter(status=S.PUBLISHED, search_vector=tsquery).order_by("-published_at")
        candidates = list(matches.values_list("pk", flat=True)[:SEARCH_CANDIDATES])
        articles = (
            base.filter(pk__in=candidates)
            .annotate(rank=SearchRank(F("search_vector"), tsquery))
            .order_by("-rank", "-published_at", "-id")
        )
    else:
        match = reduce(and_, (Q(title__icontains=t) | Q(body_text__icontains=t) for t in terms))
        articles = base.filter(match).order_by("-published_at", "-id")
    # Highlight the whole query as typed as well as its tokens: the longest match wins.
    return SearchResult(articles, [query.lower(), *terms])


def search_snippet(article: Article, terms: list[str]) -> SafeString:
    return content.highlight(article.body_text or article.summary, terms)


def search_title(article: Article, terms: list[str]) -> SafeString:
    return content.highlight_all(article.title, terms)


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
