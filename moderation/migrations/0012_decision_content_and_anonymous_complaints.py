"""What a decision did to the content (so that an overturn undoes exactly that), and copyright complaints filed
without an account.

Decisions made before this migration removed the content whenever they were not a dismissal and it was not already
removed: they are marked `content_hidden`, so that overturning them restores the content as it did before.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def mark_hidden(apps, schema_editor):
    Decision = apps.get_model("moderation", "Decision")
    for decision in Decision.objects.exclude(action="dismiss").select_related("case").iterator():
        snapshot = decision.case.snapshot_decided or {}
        if snapshot.get("kind") in ("article", "comment") and snapshot.get("status") != "removed":
            decision.content_hidden = True
            decision.save(update_fields=["content_hidden"])


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0011_lexicon_term_unique"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="content_hidden",
            field=models.BooleanField(default=False, verbose_name="隐藏了内容"),
        ),
        migrations.AddField(
            model_name="decision",
            name="revision_id",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="待审核的修改"),
        ),
        migrations.AlterField(
            model_name="feedback",
            name="author",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="feedback",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(mark_hidden, migrations.RunPython.noop),
    ]
