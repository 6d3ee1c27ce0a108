"""How often the words of the search vector occur, as PostgreSQL's ANALYZE counted them: what search reads to
choose how far to walk (articles.selectors.search.search_walk_length)."""

import time
from dataclasses import dataclass

from django.db import connection

# How long a process trusts the lexeme statistics it read (they change when autovacuum analyses the table).
SEARCH_STATS_SECONDS = 600


@dataclass(frozen=True)
class LexemeStats:
    """What ANALYZE knows of how often lexemes occur: the share of articles holding each of the most common ones
    (`pg_stats.most_common_elems` of the search vector), and the share below which a lexeme is not listed."""

    shares: dict[str, float]
    floor: float

    def share(self, term: str) -> float:
        """At most this share of articles holds `term` (an upper bound: an unlisted lexeme is below the floor).
        A term with a symbol in it (v2.0, b2b-saas) may not be one lexeme as the parser reads it, so its absence
        from the list says nothing: it counts as common."""
        share = self.shares.get(term)
        if share is not None:
            return share
        return self.floor if term.isalnum() else 1.0


_stats_read: tuple[float, LexemeStats | None] = (float("-inf"), None)


def lexeme_stats() -> LexemeStats | None:
    """The search vector's lexeme statistics, read once per SEARCH_STATS_SECONDS per process; None before the
    table was ever analysed (or on SQLite). PostgreSQL keeps these for its own planner: a separate counting table
    would be another write per article for numbers ANALYZE already keeps fresh."""
    global _stats_read
    read_at, stats = _stats_read
    now = time.monotonic()
    if now - read_at < SEARCH_STATS_SECONDS:
        return stats
    with connection.cursor() as cursor:
        # most_common_elem_freqs holds one share per element, then the lowest and highest of them (tsvector
        # statistics have no null share; see ts_typanalyze in PostgreSQL's tsearch code).
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
            " WHERE schemaname = current_schema() AND tablename = 'articles_article' AND attname = 'search_vector'"
        )
        row = cursor.fetchone()
    stats = None
    if row and row[0] and row[1]:
        elements, shares = row
        stats = LexemeStats(dict(zip(elements, shares, strict=False)), min(shares[: len(elements)]))
    _stats_read = (now, stats)
    return stats


def lexeme_stats_forget() -> None:
    """Read the statistics again at the next search (tests, and a shell after ANALYZE)."""
    global _stats_read
    _stats_read = (float("-inf"), None)
