"""One object by its key, as a view needs it (None when there is none; the view answers 404 through
`core.errors.found_or_404`). Each reads only the columns its callers use."""

from __future__ import annotations

from taggit.models import Tag

from ..models import Article, Category, Comment


def article_get(*, pk: int, published: bool = False, fields: tuple[str, ...] = ()) -> Article | None:
    """An article by id; only a published one with `published`; only `fields` (plus the id) when given."""
    qs = Article.objects.filter(pk=pk)
    if published:
        qs = qs.filter(status=Article.Status.PUBLISHED)
    return (qs.only(*fields) if fields else qs).first()


def article_for_review(*, pk: int) -> Article | None:
    """An article with what the editor's review page shows: author, category, tags."""
    return Article.objects.select_related("author", "category").prefetch_related("tags").filter(pk=pk).first()


def article_by_slug(*, slug: str, fields: tuple[str, ...] = ()) -> Article | None:
    qs = Article.objects.filter(slug=slug)
    return (qs.only(*fields) if fields else qs).first()


def comment_get(*, pk: int) -> Comment | None:
    return Comment.objects.select_related("article").filter(pk=pk).first()


def category_get(*, slug: str) -> Category | None:
    return Category.objects.filter(slug=slug).first()


def tag_get(*, slug: str) -> Tag | None:
    return Tag.objects.filter(slug=slug).first()
