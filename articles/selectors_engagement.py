"""Reads for readers' engagement: counts, a reader's own state, the home page's featured area and hot list,
neighbours, the author card, and the readers' own pages (favourites, follows, history).

Every list selects what its page shows in a fixed number of queries; counts on lists are annotations, not a
query per row.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Case, Count, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from accounts.models import User
from core import counters

from .models import Article, ArticleFavorite, ArticleRevision, ArticleStats, AuthorFollow, Comment, ReadingHistory
from .services.engagement import COUNTS, KINDS, counts_key

S = Article.Status
LIST_DEFER = ("body", "body_text", "search_vector")
COUNTS_SECONDS = 60
FEATURED_SHOWN = 4
# Characters a reader of Chinese gets through in a minute (300–500 is the usual estimate; prose of this kind reads
# at the faster end).
READ_CHARS_PER_MINUTE = 400


def _visible_comments() -> Subquery:
    counted = (
        Comment.objects.filter(article=OuterRef("pk"), status=Comment.Status.VISIBLE)
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_counts(articles: QuerySet[Article]) -> QuerySet[Article]:
    """`n_reads`, `n_likes` (as of the last flush) and `n_comments` (visible) on each article, in the same query."""
    return articles.annotate(
        n_reads=Coalesce("stats__reads", Value(0)),
        n_likes=Coalesce("stats__likes", Value(0)),
        n_comments=_visible_comments(),
    )


def _listed() -> QuerySet[Article]:
    return (
        Article.objects.filter(status=S.PUBLISHED)
        .select_related("author", "contributor", "category")
        .defer(*LIST_DEFER)
    )


def featured_articles(*, limit: int = FEATURED_SHOWN) -> list[Article]:
    """The newest featured (推荐) articles, those with a cover first: the home page's top area."""
    return list(
        with_counts(_listed().filter(featured=True))
        .annotate(has_cover=Case(When(cover="", then=Value(0)), default=Value(1)))
        .order_by("-has_cover", "-published_at", "-id")[:limit]
    )


def hot_articles(*, limit: int = 10) -> list[Article]:
    """The hot list as the periodic task last scored it (articles.services.engagement.hot_refresh)."""
    return list(
        with_counts(_listed().filter(stats__hot_score__gt=0)).order_by("-stats__hot_score", "-published_at")[:limit]
    )


def article_counts(*, article_id: int) -> dict[str, int]:
    """Reads, likes, favourites and visible comments of an article: the database's figures (cached a minute,
    dropped by every flush) plus what the buffer holds that the flush has not applied yet."""
    base = cache.get(counts_key(article_id))
    if base is None:
        row = ArticleStats.objects.filter(pk=article_id).values(*KINDS).first() or dict.fromkeys(KINDS, 0)
        row["comments"] = Comment.objects.filter(article_id=article_id, status=Comment.Status.VISIBLE).count()
        base = row
        cache.set(counts_key(article_id), base, COUNTS_SECONDS)
    pending = counters.store().peek(COUNTS, [f"{article_id}:{kind}" for kind in KINDS])
    return {
        **base,
        **{kind: max(0, base[kind] + pending.get(f"{article_id}:{kind}", 0)) for kind in KINDS},
    }


def reader_state(*, user: User, article: Article) -> dict[str, bool]:
    """Whether `user` likes, has favourited, and follows the author of `article`: one query."""
    if not user.is_authenticated:
        return {"liked": False, "favorited": False, "following": False}
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            liked=Count("article_likes", filter=Q(article_likes__article=article), distinct=True),
            favorited=Count("article_favorites", filter=Q(article_favorites__article=article), distinct=True),
        )
        .values("liked", "favorited")
        .first()
    ) or {"liked": 0, "favorited": 0}
    byline_id = article.contributor_id or article.author_id  # the byline, without loading either account
    following = AuthorFollow.objects.filter(follower=user, author_id=byline_id).exists()
    return {"liked": bool(row["liked"]), "favorited": bool(row["favorited"]), "following": following}


def following_author(*, user: User, author: User) -> bool:
    return user.is_authenticated and AuthorFollow.objects.filter(follower=user, author=author).exists()


# COUNT(*) of a correlated subquery, without the GROUP BY that .annotate(Count()) would add.
_COUNT = Func(F("pk"), function="COUNT")


@dataclass
class AuthorCard:
    person: User
    articles: int
    followers: int


def author_card(*, person: User) -> AuthorCard:
    """What the card beside an article says of its author: published articles and followers, in one query."""
    published = (
        Article.objects.filter(Q(author=OuterRef("pk")) | Q(contributor=OuterRef("pk")), status=S.PUBLISHED)
        .order_by()
        .values(n=_COUNT)
    )
    followers = AuthorFollow.objects.filter(author=OuterRef("pk")).order_by().values(n=_COUNT)
    row = (
        User.objects.filter(pk=person.pk)
        .annotate(
            n_articles=Coalesce(Subquery(published, output_field=IntegerField()), Value(0)),
            n_followers=Coalesce(Subquery(followers, output_field=IntegerField()), Value(0)),
        )
        .values("n_articles", "n_followers")
        .first()
    ) or {"n_articles": 0, "n_followers": 0}
    return AuthorCard(person=person, articles=row["n_articles"], followers=row["n_followers"])


def article_neighbours(*, article: Article) -> tuple[Article | None, Article | None]:
    """The published articles just before and just after `article` in its category (by publication time)."""
    if not article.category_id or not article.published_at:
        return None, None
    same = (
        Article.objects.filter(status=S.PUBLISHED, category_id=article.category_id)
        .exclude(pk=article.pk)
        .only("pk", "title", "slug", "published_at")
    )
    earlier = Q(published_at__lt=article.published_at) | Q(published_at=article.published_at, pk__lt=article.pk)
    later = Q(published_at__gt=article.published_at) | Q(published_at=article.published_at, pk__gt=article.pk)
    previous = same.filter(earlier).order_by("-published_at", "-pk").first()
    following = same.filter(later).order_by("published_at", "pk").first()
    return previous, following


def reading_minutes(article: Article) -> int:
    return max(1, round(len(article.body_text or "") / READ_CHARS_PER_MINUTE))


def favorites_of(*, user: User) -> QuerySet[ArticleFavorite]:
    return (
        ArticleFavorite.objects.filter(user=user)
        .select_related("article", "article__author", "article__contributor", "article__category")
        .defer(*(f"article__{f}" for f in LIST_DEFER))
        .order_by("-created_at", "-id")
    )


def followed_authors(*, user: User) -> list[User]:
    return list(
        User.objects.filter(followers__follower=user)
        .annotate(n_articles=Count("articles", filter=Q(articles__status=S.PUBLISHED), distinct=True))
        .order_by("-followers__created_at")
    )


def followed_feed(*, user: User) -> QuerySet[Article]:
    """The newest articles of the authors `user` follows (as author or credited contributor)."""
    followed = AuthorFollow.objects.filter(follower=user).values("author_id")
    return with_counts(
        _listed().filter(Q(author__in=followed) | Q(contributor__in=followed)).prefetch_related("tags")
    ).order_by("-published_at", "-id")


def history_of(*, user: User) -> QuerySet[ReadingHistory]:
    return (
        ReadingHistory.objects.filter(user=user, article__status=S.PUBLISHED)
        .select_related("article", "article__author", "article__contributor", "article__category")
        .defer(*(f"article__{f}" for f in LIST_DEFER))
        .order_by("-read_at", "-id")
    )


def cover_names() -> list[str]:
    """Every stored cover name (articles and their revisions), once."""
    names = set(Article.objects.exclude(cover="").values_list("cover", flat=True))
    names |= set(ArticleRevision.objects.exclude(cover="").values_list("cover", flat=True))
    return sorted(names)
