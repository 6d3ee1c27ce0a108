"""The audit log and notifications move here from `moderation`, keeping their rows.

The tables already exist (created by moderation's migrations): the models are adopted in the migration state
only, their content types are relabelled (so granted permissions such as view_auditlog follow), and then the
tables and indexes are renamed to this app's names. Old free-form audit action names become the dotted ones.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

ACTION_RENAMES = {
    "article_accept": "article.accept",
    "article_edit": "article.edit",
    "article_feature": "article.feature",
    "article_unfeature": "article.unfeature",
    "article_reject": "article.reject",
    "article_request_changes": "article.request_changes",
    "author_application_approve": "author_application.approve",
    "author_application_reject": "author_application.reject",
}


def relabel_content_types(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in ("auditlog", "notification"):
        if content_type.objects.filter(app_label="core", model=model).exists():
            continue
        content_type.objects.filter(app_label="moderation", model=model).update(app_label="core")


def unlabel_content_types(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="core", model__in=("auditlog", "notification")).update(
        app_label="moderation"
    )


def rename_actions(apps, schema_editor):
    audit_log = apps.get_model("core", "AuditLog")
    for old, new in ACTION_RENAMES.items():
        audit_log.objects.filter(action=old).update(action=new)


def unrename_actions(apps, schema_editor):
    audit_log = apps.get_model("core", "AuditLog")
    for old, new in ACTION_RENAMES.items():
        audit_log.objects.filter(action=new).update(action=old)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("moderation", "0006_case_queue_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditLog",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("action", models.CharField(db_index=True, max_length=64, verbose_name="操作")),
                        ("target_id", models.CharField(blank=True, max_length=64)),
                        ("target_repr", models.CharField(blank=True, max_length=300, verbose_name="对象")),
                        ("rule_codes", models.JSONField(blank=True, default=list, verbose_name="规则")),
                        ("before", models.JSONField(blank=True, null=True)),
                        ("after", models.JSONField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("actor", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("target_type", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="contenttypes.contenttype")),
                    ],
                    options={
                        "verbose_name": "审计日志",
                        "verbose_name_plural": "审计日志",
                        "ordering": ["-created_at", "-id"],
                        "db_table": "moderation_auditlog",
                        "indexes": [models.Index(fields=["target_type", "target_id"], name="moderation__target__ec9116_idx")],
                    },
                ),
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("subject", models.CharField(max_length=200, verbose_name="标题")),
                        ("body", models.TextField(verbose_name="内容")),
                        ("url", models.CharField(blank=True, max_length=500, verbose_name="链接")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("read_at", models.DateTimeField(blank=True, null=True)),
                        ("recipient", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="notifications", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "站内通知",
                        "verbose_name_plural": "站内通知",
                        "ordering": ["-created_at"],
                        "db_table": "moderation_notification",
                        "indexes": [models.Index(fields=["recipient", "read_at"], name="moderation__recipie_f95ce5_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_types, unlabel_content_types),
        migrations.AlterModelTable(name="auditlog", table=None),
        migrations.AlterModelTable(name="notification", table=None),
        migrations.RenameIndex(
            model_name="auditlog", new_name="auditlog_target_idx", old_name="moderation__target__ec9116_idx"
        ),
        migrations.RenameIndex(
            model_name="notification", new_name="notification_unread_idx", old_name="moderation__recipie_f95ce5_idx"
        ),
        migrations.RunPython(rename_actions, unrename_actions),
    ]
