"""The rules the site ships (data/rules-v1.json) exist after `migrate` alone: a production site needs no `demo`.

Written by the one loader, `ruleset_load`, against this migration's historical models. A site that already has rules
(loaded by `demo` or an earlier deploy, or later versions published in the admin) is left as it is. No account is
created here or by any other migration.
"""

from django.db import migrations

from moderation.services.rules import RULES_V1, ruleset_load


def ship_rules(apps, schema_editor) -> None:
    if apps.get_model("moderation", "RuleSet").objects.exists():
        return
    ruleset_load(path=RULES_V1, make_current=True, apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0008_ruleset_detectors"),
    ]

    # Not reversible into nothing: decisions may cite the version by then. Migrating back keeps the rows.
    operations = [migrations.RunPython(ship_rules, migrations.RunPython.noop)]
