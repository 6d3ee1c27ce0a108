"""Keep article rows narrow on PostgreSQL: bodies, plain text and search vectors go to TOAST storage.

With the default target (~2 kB) most of an article stays inline and each row fills a page, so a search for a word in
2% of 100,000 articles visited ~2,000 heap pages to find the newest matches. At 256 bytes the heap holds dozens of
articles a page (the bench table went from ~800 MB to 24 MB of heap), and lists never touch the large columns at all.
Rows written before this migration move when they are next updated (or at `VACUUM FULL articles_article`).
"""

from django.db import migrations


def narrow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE articles_article SET (toast_tuple_target = 256)")


def widen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE articles_article RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_published_index")]

    operations = [migrations.RunPython(narrow, widen)]
