"""Revisions and the public copy. Every save adds a numbered revision; the article row holds the public copy (what
readers see and search), copied from a revision once it passes the checks."""

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models import Max, Value
from django.utils.text import slugify
from django.utils.translation import gettext as _
from taggit.models import Tag

from accounts.models import User

from .. import content
from ..models import Article, ArticleRevision
from .common import ArticleError


def revision_add(*, article: Article, fields: dict, cover: str, user: User | None, status: str) -> ArticleRevision:
    """Caller holds the article's row lock, so revision numbers cannot collide."""
    number = (article.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    return ArticleRevision.objects.create(
        article=article,
        number=number,
        title=fields["title"],
        summary=fields["summary"],
        body=fields["body"],
        body_text=fields["body_text"],
        source=fields["source"],
        cover=cover,
        category=fields["category"],
        tags=fields["tags"],
        status=status,
        saved_by=user,
    )


def revision_latest(article: Article) -> ArticleRevision:
    revision = article.revisions.order_by("-number").first()
    if revision is None:  # articles are always created with one; guard against hand-made rows
        raise ArticleError(_("文章没有可发布的版本。"), status=409)
    return revision


def public_copy_set(article: Article, revision: ArticleRevision) -> None:
    """Copy a revision onto the article (its public copy) and re-index it. Caller saves nothing more for these."""
    article.title = revision.title
    article.summary = revision.summary
    article.body = revision.body
    article.body_text = revision.body_text
    article.source = revision.source
    article.cover = revision.cover
    article.category_id = revision.category_id
    article.save()
    article_tags_set(article, revision.tags)
    article_search_index(article)


def article_tags_set(article: Article, names: list[str]) -> None:
    """Set the article's tags by name. A name taggit would slug to nothing is created here with a slug from its
    hash (`content.tag_slug`); every other name is left to taggit, which also resolves slug collisions."""
    tags: list[Tag | str] = []
    for name in names:
        if slugify(name, allow_unicode=True):
            tags.append(name)
        else:
            tags.append(Tag.objects.get_or_create(name=name, defaults={"slug": content.tag_slug(name)})[0])
    article.tags.set(tags)


def article_search_index(article: Article) -> None:
    """jieba-segment the public copy into the tsvector (PostgreSQL only; SQLite searches with icontains)."""
    if not settings.IS_POSTGRES:
        return
    title = Value(content.tokens_text(article.title), output_field=models.TextField())
    body = Value(content.tokens_text(article.body_text), output_field=models.TextField())
    Article.objects.filter(pk=article.pk).update(
        search_vector=SearchVector(title, weight="A", config="simple") + SearchVector(body, weight="B", config="simple")
    )
