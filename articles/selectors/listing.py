"""Published articles as readers list and open them: lists, categories, one article, related articles."""

from django.core.cache import cache
from django.db.models import Q, QuerySet
from taggit.models import Tag

from accounts.models import User

from ..models import Article, Category
from ..selectors_engagement import with_counts

S = Article.Status
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


CATEGORIES_KEY = "articles:categories"
CATEGORIES_SECONDS = 300


def categories_cached() -> list[Category]:
    """Every category, from the cache (the search page's filter shows and checks them without a query). A saved or
    deleted category forgets the copy (`categories_forget`, connected in `ArticlesConfig.ready`)."""
    found = cache.get(CATEGORIES_KEY)
    if found is None:
        found = list(Category.objects.all())
        cache.set(CATEGORIES_KEY, found, CATEGORIES_SECONDS)
    return found


def categories_forget(**kwargs) -> None:
    cache.delete(CATEGORIES_KEY)


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
