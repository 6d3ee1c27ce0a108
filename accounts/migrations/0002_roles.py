from django.db import migrations

from accounts.roles import AUTHOR, EDITOR, MODERATOR, grant


def create_roles(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    for role in (AUTHOR, EDITOR, MODERATOR):
        group_model.objects.get_or_create(name=role)
    grant(apps, "accounts", {EDITOR: ["review_authorapplication", "view_authorapplication"]})


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[AUTHOR, EDITOR, MODERATOR]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
