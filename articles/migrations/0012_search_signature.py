"""A search signature beside each article's search vector: a 2048-bit Bloom filter of its lexemes, so that search
can walk the newest published articles and skip those that cannot match without reading their search vector.

Why (articles.selectors.article_search): on a fresh machine only GIN is there (no RUM), and GIN cannot give the
*newest* matches of frequent words without building every match; walking the published-date index instead read
each article's search vector from TOAST storage (~15 µs a row) to test it. The signature is 256 bytes kept in the
row itself (STORAGE PLAIN: never compressed or moved out of line) and in a date-ordered index beside the date,
tested with one AND and one comparison, so the walk reads a search vector only for articles that (almost
certainly) match. Two bits per lexeme from md5, which
every PostgreSQL version computes alike (a signature must not change meaning with the server's version).

A stored generated column: PostgreSQL keeps it in step with `search_vector` on every insert and update, so neither
the app nor the bench seeder writes it. Adding it rewrites the table once (~1 ms a row). The (search_vector,
published_at) GIN index of 0008 served the search windows this replaces: dropped. SQLite gets nothing.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION article_search_signature(v tsvector) RETURNS bit(2048)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(bit_or(set_bit(set_bit(0::bit(2048), h & 2047, 1), (h >> 11) & 2047, 1)), 0::bit(2048))
  FROM (SELECT ('x' || substr(md5(l), 1, 8))::bit(32)::int AS h FROM unnest(tsvector_to_array(v)) AS l) AS lexemes
$$
"""
COLUMN = (
    "ALTER TABLE articles_article ADD COLUMN search_signature bit(2048)"
    " GENERATED ALWAYS AS (article_search_signature(search_vector)) STORED,"
    " ALTER COLUMN search_signature SET STORAGE PLAIN"
)

# The walk reads the signatures in date order from this index alone (an index-only scan: no heap row, no TOAST);
# the category is there for the category filter.
WALK_INDEX = (
    "CREATE INDEX IF NOT EXISTS article_search_walk_idx ON articles_article (published_at DESC, id DESC)"
    " INCLUDE (category_id, search_signature) WHERE status = 'published'"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    schema_editor.execute(COLUMN)
    schema_editor.execute(WALK_INDEX)
    schema_editor.execute("DROP INDEX IF EXISTS article_search_recent_idx")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS article_search_walk_idx")
    schema_editor.execute("ALTER TABLE articles_article DROP COLUMN IF EXISTS search_signature")
    schema_editor.execute("DROP FUNCTION IF EXISTS article_search_signature(tsvector)")


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_comment_threads_backfill")]

    operations = [migrations.RunPython(forwards, backwards)]
