"""Migrating a lexicon that lists a term more than once (possible until moderation.0011) to one row per term keeps
the row the engine already acted on, and says in the audit log what was merged (issue 11, item 4)."""

import json
import textwrap

from tests.cms.test_settings import run

# One process migrates to 0009, writes the old rows, migrates the rest of the way and reads the outcome: each
# Django start-up costs seconds, and the migration executor reads the applied migrations afresh at each step.
MIGRATE_AND_READ = textwrap.dedent(
    """
    import django, json, os; os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings"; django.setup()
    from django.core.management import call_command
    from django.db import connection
    call_command("migrate", "moderation", "0009_ship_rules_v1", interactive=False, verbosity=0)
    # The table as it was at 0009 (today's model has more columns): plain SQL.
    for term, rule, action in [
        ("刷单返利", "3.1", "hold"), ("刷单返利", "3.1", "block"),   # the most severe is kept
        ("开发票务", "1.8", "block"), ("开发票务", "", "allow"),     # an allowed word stays allowed
        ("网赌平台", "1.8", "hold"), ("网赌平台", "1.7", "hold"),    # a tie: the newest is kept
        ("蓝鲸游戏", "1.12", "block"),
    ]:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO moderation_lexiconterm (term, rule, action, source, created_at)"
                " VALUES (%s, %s, %s, 'old.csv', CURRENT_TIMESTAMP)",
                [term, rule, action],
            )
    call_command("migrate", interactive=False, verbosity=0)
    from core.models import AuditLog
    from moderation.models import LexiconTerm, LexiconVersion
    audit = AuditLog.objects.get(action="lexicon.delete")
    print(json.dumps({
        "terms": sorted(LexiconTerm.objects.values_list("term", "rule", "action")),
        "merged": sorted(m["term"] for m in audit.before["merged"]),
        "version": LexiconVersion.objects.count(),
    }))
    """
)


def test_duplicate_terms_are_merged_into_the_row_the_engine_acted_on(tmp_path):
    env = {"DEBUG": "1", "REDIS_URL": "", "DATABASE_URL": f"sqlite:///{tmp_path}/old.sqlite3"}
    state = run(["-c", MIGRATE_AND_READ], env)
    assert state.returncode == 0, state.stderr
    assert json.loads(state.stdout.strip().splitlines()[-1]) == {
        "terms": [
            ["刷单返利", "3.1", "block"],
            ["开发票务", "", "allow"],
            ["网赌平台", "1.7", "hold"],
            ["蓝鲸游戏", "1.12", "block"],
        ],
        "merged": ["刷单返利", "开发票务", "网赌平台"],
        "version": 1,
    }
