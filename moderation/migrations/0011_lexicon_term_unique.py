"""A term is in the lexicon once (0010 merged the terms listed more than once). Its own migration, so that
PostgreSQL does not alter the table in the transaction that just deleted rows from it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0010_lexicon_version_and_one_row_per_term"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="lexiconterm",
            name="unique_lexicon_term",
        ),
        migrations.AddConstraint(
            model_name="lexiconterm",
            constraint=models.UniqueConstraint(fields=("term",), name="lexicon_term_unique"),
        ),
    ]
