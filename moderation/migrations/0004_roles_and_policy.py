from django.db import migrations

from accounts.roles import EDITOR, MODERATOR, grant


def forwards(apps, schema_editor):
    grant(
        apps,
        "moderation",
        {
            MODERATOR: ["decide_case", "review_appeal", "view_case", "view_auditlog"],
            EDITOR: ["handle_copyright"],
        },
    )
    policy_model = apps.get_model("moderation", "SanctionPolicy")
    if not policy_model.objects.exists():
        policy_model.objects.create()  # the model's defaults are the design's default policy


def backwards(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0003_cases_sanctions_appeals"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
