"""The full-text index on Article.search_vector: RUM where the extension can be created, GIN otherwise.

RUM (`rum_tsvector_ops`) answers ranked queries much faster (README.md, Search) but needs the `rum` extension
(Debian package postgresql-15-rum). It is tried only when PostgreSQL lists it as available, inside a savepoint, so a
missing or broken extension (e.g. "undefined symbol" until the server restarts) falls back to GIN. SQLite gets no index.
"""

from django.db import migrations, transaction

INDEX = "articles_article_search_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if cursor.fetchone():
            try:
                with transaction.atomic(using=schema_editor.connection.alias):
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
                    cursor.execute(
                        f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article USING rum (search_vector rum_tsvector_ops)"
                    )
                return
            except Exception:  # noqa: BLE001 - any failure of the optional extension means: use GIN
                pass
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article USING gin (search_vector)")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
