"""The lexicon's version moves into the database, and a term is in the lexicon once.

1. `LexiconVersion`: one row whose token changes in the same transaction as every lexicon write (it was a token in the
   cache, which a `manage.py lexicon import` beside the embedded server's local-memory cache never reached).
2. Terms listed more than once (the old constraint was on term, rule and action) are merged into one row, before
   0011 makes the term unique. The row kept is the one the engine already acted on, so no verdict changes:
   an `allow` row if there is one (an allowed key suppresses every hit on it), else the most severe action
   (block > hold > flag), the newest on a tie. The rows removed are written to the audit log (`lexicon.delete`,
   no actor) with the row kept, so an operator can see what was merged and re-import a file to say otherwise.
"""

import uuid

from django.db import migrations, models
from django.db.models import Count

# Copied, not imported from the engine: a migration means the same thing whatever the code says later.
SEVERITY = {"allow": 0, "flag": 1, "hold": 2, "block": 3}


def _kept(rows: list) -> object:
    """`rows` newest first: the one the engine acted on."""
    allowed = [row for row in rows if row.action == "allow"]
    if allowed:
        return allowed[0]
    return max(rows, key=lambda row: SEVERITY.get(row.action, 0))  # max keeps the first (newest) on a tie


def create_version_row(apps, schema_editor) -> None:
    apps.get_model("moderation", "LexiconVersion").objects.get_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


def merge_duplicate_terms(apps, schema_editor) -> None:
    LexiconTerm = apps.get_model("moderation", "LexiconTerm")
    AuditLog = apps.get_model("core", "AuditLog")
    terms = list(
        LexiconTerm.objects.values("term").annotate(n=Count("id")).filter(n__gt=1).values_list("term", flat=True)
    )
    merged = []
    for term in terms:
        rows = list(LexiconTerm.objects.filter(term=term).order_by("-id"))
        kept = _kept(rows)
        removed = [row for row in rows if row.pk != kept.pk]
        merged.append(
            {
                "term": term,
                "kept": {"rule": kept.rule, "action": kept.action},
                "removed": [{"rule": row.rule, "action": row.action} for row in removed],
            }
        )
        LexiconTerm.objects.filter(pk__in=[row.pk for row in removed]).delete()
    if merged:
        AuditLog.objects.create(
            actor=None,
            action="lexicon.delete",
            target_repr="migration moderation.0010: one row per term",
            rule_codes=sorted({r["rule"] for m in merged for r in m["removed"] if r["rule"]}),
            before={"merged": merged[:1000], "terms": len(merged)},
            after={"kept": "allow if listed, else the most severe action, newest on a tie"},
        )
        LexiconVersion = apps.get_model("moderation", "LexiconVersion")
        LexiconVersion.objects.filter(pk=1).update(token=uuid.uuid4().hex)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_alter_auditlog_action"),
        ("moderation", "0009_ship_rules_v1"),
    ]

    operations = [
        migrations.CreateModel(
            name="LexiconVersion",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, editable=False, primary_key=True, serialize=False)),
                ("token", models.CharField(max_length=32)),
                ("changed_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "词库版本",
                "verbose_name_plural": "词库版本",
            },
        ),
        migrations.RunPython(create_version_row, migrations.RunPython.noop),
        # The merged rows cannot come back: migrating back keeps one row per term (which the old constraint allows).
        migrations.RunPython(merge_duplicate_terms, migrations.RunPython.noop),
    ]
