"""The data step of articles 0007 (comment threads), in a migration of its own: PostgreSQL refuses to create the
indexes Django defers to the end of a schema migration once that migration's transaction has updated rows
("pending trigger events"), which any database with replies would hit."""

from django.db import migrations, models
from django.db.models.functions import Now


def replies_rooted(apps, schema_editor):
    """Before threads, a reply's parent was always top-level: it is also the reply's root, one level down. Replies
    written before this migration were also visible already and their readers told nothing: mark them notified."""
    Comment = apps.get_model("articles", "Comment")
    Comment.objects.filter(parent__isnull=False).update(root=models.F("parent"), depth=1)
    Comment.objects.update(notified_at=Now())


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0010_reader_engagement"),
    ]

    operations = [migrations.RunPython(replies_rooted, migrations.RunPython.noop)]
