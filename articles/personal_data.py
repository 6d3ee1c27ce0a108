"""Articles' part of an account's data (`accounts.personal_data`): the articles they wrote or contributed (with
every revision), their comments, and the images those carry.

On deletion (注销) their public content is either left (the byline reads 「已注销用户」, through `User.public_name`)
or taken off line through the same services moderation uses (`article_visibility_set`, `comment_visibility_set`):
hidden, not deleted, so that it stays available for the retention period. After it, the purge empties the text of
what a deleted account took off line (the rows stay: other people's comments and the moderation records point at
them).
"""

import re
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.db.models import Q

from accounts.models import User

from .cache import page_bump_on_commit
from .models import Article, ArticleRevision, Comment
from .services import article_visibility_set, comment_visibility_set

S = Article.Status


def _media_names(html: str) -> set[str]:
    """Stored names of the uploaded images an article body shows (`<img src="/media/uploads/…">`)."""
    prefix = re.escape(settings.MEDIA_URL)
    return {m.group(1) for m in re.finditer(prefix + r"([\w\-./]+\.(?:jpe?g|png|gif|webp))", html or "")}


class ArticlesProvider:
    name = "articles"

    def _articles(self, user: User):
        return Article.objects.filter(Q(author=user) | Q(contributor=user)).distinct()

    def export(self, user: User, *, internal: bool) -> dict[str, list[dict]]:
        articles = []
        for article in self._articles(user).prefetch_related("revisions", "tags"):
            articles.append(
                {
                    "id": article.pk,
                    "url": article.get_absolute_url(),
                    "title": article.title,
                    "summary": article.summary,
                    "body": article.body,
                    "source": article.source,
                    "status": article.status,
                    "tags": [t.name for t in article.tags.all()],
                    "ip_region": article.ip_region,
                    "cover": article.cover.name if article.cover else "",
                    "created_at": article.created_at,
                    "published_at": article.published_at,
                    "revisions": [
                        {
                            "number": r.number,
                            "title": r.title,
                            "summary": r.summary,
                            "body": r.body,
                            "status": r.status,
                            "created_at": r.created_at,
                        }
                        for r in article.revisions.all()
                    ],
                }
            )
        comments = list(
            Comment.objects.filter(author=user)
            .select_related("article")
            .values("id", "article__title", "parent_id", "body", "status", "ip_region", "created_at")
        )
        return {"articles": articles, "comments": comments}

    def files(self, user: User) -> Iterable[str]:
        names: set[str] = set()
        for article in self._articles(user).prefetch_related("revisions"):
            if article.cover:
                names.add(article.cover.name)
            names |= _media_names(article.body)
            for revision in article.revisions.all():
                if revision.cover:
                    names.add(revision.cover)
                names |= _media_names(revision.body)
        return sorted(names)

    def close(self, user: User, *, remove: bool) -> None:
        # Cached anonymous pages show the old byline: retire those of their articles and of those they commented on.
        shown = set(self._articles(user).values_list("pk", flat=True))
        shown |= set(Comment.objects.filter(author=user).values_list("article_id", flat=True))
        for article_id in shown:
            page_bump_on_commit(article_id)
        if not remove:
            return
        for article_id in Article.objects.filter(author=user, status=S.PUBLISHED).values_list("pk", flat=True):
            article_visibility_set(article_id=article_id, hide=True)
        for article_id in Article.objects.filter(contributor=user, status=S.PUBLISHED).values_list("pk", flat=True):
            article_visibility_set(article_id=article_id, hide=True)
        visible = Comment.objects.filter(author=user, status=Comment.Status.VISIBLE).values_list("pk", flat=True)
        for comment_id in visible:
            comment_visibility_set(comment_id=comment_id, hide=True)

    def purge(self, cutoff: datetime) -> dict[str, int]:
        gone = Q(author__deleted_at__lt=cutoff)
        comments = (
            Comment.objects.filter(gone, status=Comment.Status.REMOVED).exclude(body="").update(body="", ip_region="")
        )
        removed = Article.objects.filter(gone, status=S.REMOVED).exclude(body="")
        ids = list(removed.values_list("pk", flat=True))
        ArticleRevision.objects.filter(article_id__in=ids).update(title="-", summary="", body="", body_text="")
        removed.update(title="-", summary="", body="", body_text="", ip_region="")
        return {"comments_emptied": comments, "articles_emptied": len(ids)}
