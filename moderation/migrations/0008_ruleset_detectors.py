from django.db import migrations, models

# The rule codes the engine's detectors cited while they were hard-coded in it: every rule-set version that exists
# before this migration was applied with these, so that is what each one records. Copied here (not read from
# data/rules-v1.json) so that the migration means the same thing whatever the data file says later.
DETECTORS_UNTIL_NOW = {"contact": "3.1", "duplicate": "3.2", "link": "3.4", "clickbait": "7.1"}


def fill_detectors(apps, schema_editor) -> None:
    RuleSet = apps.get_model("moderation", "RuleSet")
    RuleSet.objects.update(detectors=DETECTORS_UNTIL_NOW)  # every row is older than the field


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0007_audit_and_notifications_move_to_core"),
    ]

    operations = [
        migrations.AddField(
            model_name="ruleset",
            name="detectors",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text='检测器 → 规则编号，例如 {"contact": "3.1"}',
                verbose_name="自动检测规则",
            ),
        ),
        migrations.RunPython(fill_detectors, migrations.RunPython.noop),
    ]
