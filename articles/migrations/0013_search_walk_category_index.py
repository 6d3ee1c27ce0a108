"""The search walk of one category: the category's published articles in date order, with their signatures.

Why (articles.selectors.search._search_postgres): with a category filter, the date-ordered walk index of 0012 holds the
category only as an included column, so the planner either walked the whole date order filtering out seven
articles in eight (40,000 index entries for 5,000 of one category) or, as it chose at 100,000 articles, read every
article of the category through the plain category index and sorted them (about 12,000 rows, ~0.4 s). This index
starts with the category, so the walk of one category is an in-order, index-only scan that stops at the 100th
match, like the unfiltered walk. SQLite gets nothing.
"""

from django.db import migrations

INDEX = (
    "CREATE INDEX IF NOT EXISTS article_search_walk_category_idx"
    " ON articles_article (category_id, published_at DESC, id DESC) INCLUDE (search_signature)"
    " WHERE status = 'published'"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(INDEX)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS article_search_walk_category_idx")


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_search_signature")]

    operations = [migrations.RunPython(forwards, backwards)]
