from django.db import migrations

from accounts.roles import AUTHOR, EDITOR, grant


def grant_permissions(apps, schema_editor):
    grant(
        apps,
        "articles",
        {
            AUTHOR: ["publish_article"],
            EDITOR: ["publish_article", "review_article", "edit_any_article", "feature_article", "view_article"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_search_index"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
