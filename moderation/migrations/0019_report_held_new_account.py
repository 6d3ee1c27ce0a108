"""Report.held_new_account: an automatic report about a new account's content that 先审后发 held, so that its
details are put in words in the page's language when shown. Earlier reports are marked from their stored text,
which began with the words the checks wrote then."""

from django.db import migrations, models


def mark_earlier(apps, schema_editor):
    Report = apps.get_model("moderation", "Report")
    Report.objects.filter(reporter__isnull=True, text__startswith="新账号先审后发").update(held_new_account=True)


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0018_stats_daily_rollup"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="held_new_account",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(mark_earlier, migrations.RunPython.noop),
    ]
