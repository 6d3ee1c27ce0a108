"""AuditLog and Notification now belong to `core` (see core/migrations/0001): forget them here, keep the tables."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0006_case_queue_index"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditLog"), migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
