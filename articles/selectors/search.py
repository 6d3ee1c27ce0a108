"""Search: the matching article ids, their page, the authors and tags beside them, hot searches, hits."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import reduce
from operator import and_

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString
from taggit.models import Tag

from accounts.models import User
from core import links

from .. import cache as page_cache
from .. import content
from ..models import Article, Category
from .search_stats import lexeme_stats

S = Article.Status
# Rank only the newest matches: ranking every match of a frequent word is what made p95 slow (README.md, Search).
SEARCH_CANDIDATES = 100
SEARCH_TERMS_MAX = 12


SEARCH_SORTS = ("relevance", "newest")
# Search walks the newest SEARCH_WALK published articles (within the filters) first; see `_search_postgres`.
SEARCH_WALK = 5_000
# ... and reads the search vectors of at most this many of them whose signature passes (see `_search_postgres`).
SEARCH_PASSED = 300
# A query whose words the statistics call rare walks only this far (see `search_walk_length`).
SEARCH_WALK_SHORT = 300
# The walk is worth its full length only when it can be expected to find this many matches (SEARCH_CANDIDATES with
# room for the statistics' error and for words that share the newest articles less than the estimate says).
SEARCH_WALK_EXPECTED = 150


@dataclass
class SearchResult:
    ids: list[int]  # the matching articles' ids in the order asked for, at most SEARCH_CANDIDATES
    terms: list[str]
    sort: str = "relevance"

    @property
    def capped(self) -> bool:
        """True when there may be more matches than were fetched (the count shown is then "100+")."""
        return len(self.ids) >= SEARCH_CANDIDATES


@dataclass
class SearchFilters:
    category: Category | None = None
    date_from: date | None = None
    date_to: date | None = None  # inclusive


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def search_walk_length(terms: list[str]) -> int:
    """How far the date-ordered walk goes for `terms`: SEARCH_WALK when the statistics expect it to find
    SEARCH_WALK_EXPECTED matches in that many articles (or know nothing), else SEARCH_WALK_SHORT.

    A word in 2% of articles or more is found 100 times among the newest 5,000; a rarer one is not, and the full
    walk then cost as much as the index that answers after it (~5 ms at 100,000 articles: README.md, Search). The
    estimate is the share of the query's rarest word, an upper bound of the share of articles holding them all, so
    a query is never sent short for being too common. The short walk is still there for a word that grew common
    since the last ANALYZE: it fills the 100 when the word is in a third of the newest articles."""
    stats = lexeme_stats()
    if stats is None:
        return SEARCH_WALK
    share = min(stats.share(term) for term in terms)
    return SEARCH_WALK if share * SEARCH_WALK >= SEARCH_WALK_EXPECTED else min(SEARCH_WALK_SHORT, SEARCH_WALK)


def _search_postgres(terms: list[str], filters: SearchFilters) -> list[tuple[int, str]]:
    """(id, title) of the newest SEARCH_CANDIDATES published matches, newest first, in one statement.

    No RUM here, so no index gives the newest matches of a frequent word directly (README.md, Search): GIN builds
    every match first (tens of thousands for a common word), and walking the published-date index tested each
    article's search vector, read from TOAST storage at ~15 µs a row. Two steps instead:

    1. Walk the newest SEARCH_WALK articles (SEARCH_WALK_SHORT for a query the statistics call rare:
       `search_walk_length`) in date order and stop at the 100th match. The search signature (a
       Bloom filter of the lexemes, migration 0012), read from an index in date order (with a category filter the
       category's own index, migration 0013), rules out nearly every non-match with one AND; only the rest have
       their vector read (`ts_match_vq`, the operator's function: it keeps the planner from answering with the GIN
       index). A word in 2% of articles or more fills the 100 here. At most SEARCH_PASSED signatures that pass are
       read: a rare word whose two bits both fall on bits that the site's everyday words set (the signature of
       内容中台's 台 passes nine articles in ten) would otherwise cost a vector read per article walked.
    2. Fewer than 100 from the walk: the query is rare (or the site small, or its signature unlucky), so GIN over
       every article is cheap (its matches are few). The walk's count gates it (a one-time filter: GIN is not
       even opened when the walk found 100), and OFFSET 0 keeps the planner from walking the dates instead.

    The walk's rows are the newest matches whenever there are 100 of them: the signatures that pass are taken
    in date order and every match passes. Otherwise the index's rows are all the matches. Either way exactly the
    newest matches; the caller orders them."""
    query = " ".join(terms)
    where = ["status = 'published'"]
    params: list = []
    if filters.category is not None:
        where.append("category_id = %s")
        params.append(filters.category.pk)
    if filters.date_from is not None:
        where.append("published_at >= %s")
        params.append(_day_start(filters.date_from))
    if filters.date_to is not None:
        where.append("published_at < %s")
        params.append(_day_start(filters.date_to + timedelta(days=1)))
    within = " AND ".join(where)
    walk = search_walk_length(terms)
    with connection.cursor() as cursor:
        # w: an index-only scan of a walk index (date order, with the signature) that stops after SEARCH_WALK
        # rows; r: the first SEARCH_PASSED rows whose signature holds the query's; the LATERAL join reads the
        # search vector of those only, in date order (a nested loop keeps it), and the LIMIT stops at the 100th.
        cursor.execute(
            "WITH q AS MATERIALIZED (SELECT plainto_tsquery('simple', %s) AS q,"
            " article_search_signature(to_tsvector('simple', %s)) AS s),"
            " walk AS MATERIALIZED (SELECT r.id, x.title, r.published_at FROM (SELECT id, published_at FROM"
            " (SELECT id, published_at, search_signature FROM articles_article WHERE "
            + within
            + " ORDER BY published_at DESC, id DESC LIMIT %s) w"
            " WHERE (w.search_signature & (SELECT s FROM q)) = (SELECT s FROM q)"
            " ORDER BY published_at DESC, id DESC LIMIT %s) r,"
            " LATERAL (SELECT a.title FROM articles_article a"
            " WHERE a.id = r.id AND ts_match_vq(a.search_vector, (SELECT q FROM q))) x"
            " ORDER BY r.published_at DESC, r.id DESC LIMIT %s)"
            " SELECT id, title, published_at FROM walk WHERE (SELECT count(*) FROM walk) >= %s"
            " UNION ALL (SELECT id, title, published_at FROM (SELECT id, title, published_at FROM articles_article"
            " WHERE " + within + " AND search_vector @@ (SELECT q FROM q) OFFSET 0) m"
            " WHERE (SELECT count(*) FROM walk) < %s ORDER BY published_at DESC, id DESC LIMIT %s)",
            [
                *(query, query),
                *(*params, walk, min(SEARCH_PASSED, walk), SEARCH_CANDIDATES, SEARCH_CANDIDATES),
                *(*params, SEARCH_CANDIDATES, SEARCH_CANDIDATES),
            ],
        )
        rows = cursor.fetchall()
    rows.sort(key=lambda row: (row[2], row[0]), reverse=True)
    return [(pk, title) for pk, title, _ in rows]


def _title_hits(title: str, terms: list[str]) -> int:
    folded = title.lower()
    return sum(1 for term in terms if term in folded)


def article_search(*, query: str, filters: SearchFilters | None = None, sort: str = "relevance") -> SearchResult:
    """Published articles matching every jieba token of `query`: the newest SEARCH_CANDIDATES matches, best
    (title matches first) or newest first, within the filters. SQLite: icontains on title and plain text, newest
    first."""
    query = (query or "").strip()[:100]
    filters = filters or SearchFilters()
    sort = sort if sort in SEARCH_SORTS else "relevance"
    terms = list(dict.fromkeys(content.tokens(query)))[:SEARCH_TERMS_MAX]
    if not terms:
        return SearchResult([], [], sort)
    if settings.IS_POSTGRES:
        rows = _search_postgres(terms, filters)
        if sort == "relevance":  # title matches first (most of the query's words first), then newest: stable sort
            rows.sort(key=lambda row: -_title_hits(row[1], terms))
        ids = [row[0] for row in rows]
    else:
        match = reduce(and_, (Q(title__icontains=t) | Q(body_text__icontains=t) for t in terms))
        found = Article.objects.filter(match, status=S.PUBLISHED)
        if filters.category is not None:
            found = found.filter(category=filters.category)
        if filters.date_from is not None:
            found = found.filter(published_at__gte=_day_start(filters.date_from))
        if filters.date_to is not None:
            found = found.filter(published_at__lt=_day_start(filters.date_to + timedelta(days=1)))
        ids = list(found.order_by("-published_at", "-id").values_list("pk", flat=True)[:SEARCH_CANDIDATES])
    # Highlight the whole query as typed as well as its tokens: the longest match wins.
    return SearchResult(ids, [query.lower(), *terms], sort)


# What a hit shows, fetched with the page's ids in one hand-written statement: building this query through the ORM
# (select_related, only(), in_bulk) cost more than running it. The byline is the contributor or else the author.
_HIT_SQL = (
    "SELECT a.id, a.title, a.slug, a.summary, a.body_text, a.published_at, a.author_id, a.contributor_id,"
    " a.category_id, u.username, u.display_name, u.deleted_at, c.name, c.slug"
    " FROM articles_article a JOIN accounts_user u ON u.id = COALESCE(a.contributor_id, a.author_id)"
    " LEFT JOIN articles_category c ON c.id = a.category_id"
    " WHERE a.status = 'published' AND a.id IN ({ids})"
)
# Model.from_db takes a subset of the fields in the model's own order (tests/articles/test_search_page.py checks).
_HIT_ARTICLE = (
    *("id", "title", "slug", "summary", "body_text"),
    *("author_id", "contributor_id", "category_id", "status", "published_at"),
)
_HIT_USER = ("id", "username", "display_name", "deleted_at")


def _aware(value) -> datetime | None:
    """A datetime column read through a plain cursor: aware on PostgreSQL, a naive UTC string on SQLite."""
    if value is None or isinstance(value, datetime) and timezone.is_aware(value):
        return value
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return timezone.make_aware(parsed, UTC) if timezone.is_naive(parsed) else parsed


def search_page(*, result: SearchResult, page: str | int | None, size: int = 20) -> Page:
    """One page of the result: its articles in the result's order, in one query. Each article holds only what
    a hit shows (title, slug, summary, plain text for the snippet, date; the other fields are deferred) with its
    byline account (id, names, deleted_at) and category (id, name, slug) already attached: no tags (taggit's
    prefetch costs ~0.5 ms an article in Python), no body, no search vector."""
    current = Paginator(result.ids, size).get_page(page)
    ids = list(current.object_list)
    if not ids:
        current.object_list = []
        return current
    with connection.cursor() as cursor:
        cursor.execute(_HIT_SQL.format(ids=", ".join(["%s"] * len(ids))), ids)
        rows = cursor.fetchall()
    alias = connection.alias
    author_field = Article._meta.get_field("author")
    contributor_field = Article._meta.get_field("contributor")
    category_field = Article._meta.get_field("category")
    found = {}
    for pk, title, slug, summary, body_text, published_at, author_id, contributor_id, category_id, *rest in rows:
        username, display_name, deleted_at, category_name, category_slug = rest
        article = Article.from_db(
            alias,
            _HIT_ARTICLE,
            (
                pk,
                title,
                slug,
                summary,
                body_text,
                author_id,
                contributor_id,
                category_id,
                S.PUBLISHED,
                _aware(published_at),
            ),
        )
        byline = User.from_db(
            alias, _HIT_USER, (contributor_id or author_id, username, display_name, _aware(deleted_at))
        )
        (contributor_field if contributor_id else author_field).set_cached_value(article, byline)
        if category_id is not None:
            category_field.set_cached_value(
                article, Category.from_db(alias, ("id", "name", "slug"), (category_id, category_name, category_slug))
            )
        found[pk] = article
    current.object_list = [found[pk] for pk in ids if pk in found]
    return current


AUTHOR_SHOWN = ("id", "username", "display_name", "bio", "deleted_at")
BESIDE_AUTHORS = 5
BESIDE_TAGS = 8

# Accounts whose display name contains the query (or whose username is the query) and who have published
# something (as author or as contributor: two EXISTS, each on its own index); tags whose name contains the query or
# one of its words. Side by side in a UNION ALL, each in a subquery that keeps its ORDER BY and LIMIT (which
# SQLite allows only there); then ORDER BY the kind and the third column, the username of an account, the name of
# a tag (each side's own order, in the database's collation). Written by hand: the ORM took longer to build
# these two queries than the database took to answer them.
_BESIDE_AUTHORS_SQL = (
    "SELECT 'a', a.* FROM (SELECT u.id, u.username, u.display_name, u.bio, u.deleted_at FROM accounts_user u"
    " WHERE u.is_active AND (UPPER(u.display_name) LIKE UPPER(%s) ESCAPE '\\' OR UPPER(u.username) = UPPER(%s))"
    " AND (EXISTS (SELECT 1 FROM articles_article p WHERE p.author_id = u.id AND p.status = 'published')"
    " OR EXISTS (SELECT 1 FROM articles_article p WHERE p.contributor_id = u.id AND p.status = 'published'))"
    " ORDER BY u.username LIMIT %s) a"
)
_BESIDE_TAGS_SQL = (
    "SELECT 't', t.id, t.name, t.slug, NULL, NULL FROM (SELECT id, name, slug FROM taggit_tag WHERE {match}"
    " ORDER BY name LIMIT %s) t"
)


def _contains(value: str) -> str:
    """A LIKE pattern for "contains `value`" (its own %, _ and \\ escaped), as Django's icontains builds it."""
    return f"%{connection.ops.prep_for_like_query(value)}%"


def search_beside(*, query: str, terms: list[str]) -> tuple[list[User], list[Tag]]:
    """The accounts (at most BESIDE_AUTHORS, with what the page shows of them: AUTHOR_SHOWN) and the tags (at most
    BESIDE_TAGS) matching the query, in one statement (see _BESIDE_AUTHORS_SQL)."""
    who = (query or "").strip()[:40]
    words = [t for t in dict.fromkeys([(query or "").strip(), *terms]) if t and len(t) >= 2][:6]
    parts: list[str] = []
    params: list = []
    if who:
        parts.append(_BESIDE_AUTHORS_SQL)
        params += [_contains(who), who, BESIDE_AUTHORS]
    if words:
        parts.append(
            _BESIDE_TAGS_SQL.format(match=" OR ".join(["UPPER(name) LIKE UPPER(%s) ESCAPE '\\'"] * len(words)))
        )
        params += [*(_contains(w) for w in words), BESIDE_TAGS]
    if not parts:
        return [], []
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts) + " ORDER BY 1, 3", params)
        rows = cursor.fetchall()
    people = [
        User.from_db(connection.alias, AUTHOR_SHOWN, [*row[1:5], _aware(row[5])]) for row in rows if row[0] == "a"
    ]
    labels = [Tag.from_db(connection.alias, ["id", "name", "slug"], row[1:4]) for row in rows if row[0] == "t"]
    return people, labels


HOT_MIN = 2  # a query searched once is not "hot" (and one reader cannot put words on everyone's page alone)


def searches_hot(*, limit: int = 10) -> list[str]:
    """The most searched queries (that found something) of the last seven days, most first."""
    today = timezone.localdate()
    days = [(today - timedelta(days=n)).isoformat() for n in range(page_cache.HOT_DAYS)]
    totals: dict[str, float] = {}
    redis = page_cache.hot_redis()
    if redis is None:
        for day in days:
            for query, n in page_cache.hot_local(day).items():
                totals[query] = totals.get(query, 0) + n
    else:

        def read() -> list:
            pipe = redis.pipeline(transaction=False)
            for day in days:
                pipe.zrevrange(page_cache.hot_key(day), 0, 49, withscores=True)
            return pipe.execute()

        try:  # behind the cache's circuit breaker, like the counts (articles.services.searches)
            per_day = page_cache.cache.guarded(read, list)
        except Exception:  # anything else Redis answers: no suggestions rather than a failed page
            return []
        for rows in per_day:
            for query, n in rows:
                query = query.decode() if isinstance(query, bytes) else query
                totals[query] = totals.get(query, 0) + n
    ranked = sorted((q for q, n in totals.items() if n >= HOT_MIN), key=lambda q: (-totals[q], q))
    return ranked[:limit]


def search_hits(page: Page, terms: list[str]) -> list[dict]:
    """What the search page shows of each hit, worked out here rather than in the template (a template lookup
    costs as much as the work): the article, its highlighted title and snippet, its link, byline, date and
    category link (core.links: no reverse() per hit). The article is there too, for whoever needs more of it."""
    hits = []
    category_urls: dict[int, str] = {}  # a page's hits share a few categories
    for article in page:
        shown = timezone.localtime(article.published_at) if article.published_at else None
        category = article.category
        if category is not None and category.pk not in category_urls:
            category_urls[category.pk] = links.slug_link("articles:category", category.slug)
        hits.append(
            {
                "article": article,
                "title": search_title(article, terms),
                "snippet": search_snippet(article, terms),
                "url": links.slug_link("articles:detail", article.slug),
                "byline": article.byline.public_name,
                "published_iso": shown.isoformat() if shown else "",
                "published": shown.strftime("%Y-%m-%d %H:%M") if shown else "",
                "category": category.name if category else "",
                "category_url": category_urls[category.pk] if category else "",
            }
        )
    return hits


def search_snippet(article: Article, terms: list[str]) -> SafeString:
    return content.highlight(article.body_text or article.summary, terms)


def search_title(article: Article, terms: list[str]) -> SafeString:
    return content.highlight_all(article.title, terms)
