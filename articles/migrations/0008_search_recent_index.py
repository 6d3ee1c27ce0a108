"""A GIN index on (search_vector, published_at) over published articles, so that search can ask for the matches
among the newest articles inside the index (articles.selectors.article_search).

The date inside a GIN index needs `btree_gin`, which ships with PostgreSQL itself (contrib) and is a trusted
extension (a database owner may create it). It is tried in a savepoint: where it cannot be created, search still
gives the same results through the plain full-text index, only slower. SQLite gets no index.
"""

from django.db import migrations, transaction

INDEX = "article_search_recent_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias), schema_editor.connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article USING gin (search_vector, published_at)"
                " WHERE status = 'published'"
            )
    except Exception:  # noqa: BLE001 - no btree_gin here: search works without this index
        pass


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_comment_threads_likes")]

    operations = [migrations.RunPython(create_index, drop_index)]
