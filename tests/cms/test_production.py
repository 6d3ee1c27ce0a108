"""The production set-up of the README, step by step, without `demo` (issue 11, item 4): DEBUG=0 and a secret, a fresh
database, `migrate` (the rules come with it, no account does), the default lexicon by one command, `check --deploy`,
`collectstatic`, and a reader's request for the rules."""

import sqlite3

from tests.cms.test_settings import PRODUCTION, run

# A reader's request in the production process: the rules page renders with DEBUG=0 (static manifest, templates).
RULES_PAGE = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cms.settings'; django.setup();"
    "from django.test import Client;"
    "r = Client().get('/rules/', secure=True, HTTP_HOST='cms.example.com');"
    "print(r.status_code, '1.1' in r.content.decode())"
)


def test_the_production_set_up_works_without_demo(tmp_path):
    env = {
        **PRODUCTION,
        "DATABASE_URL": f"sqlite:///{tmp_path}/production.sqlite3",
        "ALLOWED_HOSTS": "cms.example.com",
        "CSRF_TRUSTED_ORIGINS": "https://cms.example.com",
        "SITE_URL": "https://cms.example.com",
        "PROXY_COUNT": "1",
        "BEHIND_PROXY": "1",
        "STATIC_ROOT": str(tmp_path / "static"),
    }

    def state() -> dict:
        """The rows the production commands left, read from the database file in this process (a Django start-up
        of its own would cost seconds each time): the same questions as RuleSet/User/LexiconTerm queries."""
        with sqlite3.connect(tmp_path / "production.sqlite3") as db:
            versions = [v for (v,) in db.execute("SELECT version FROM moderation_ruleset ORDER BY version DESC")]
            current = db.execute("SELECT id, version FROM moderation_ruleset WHERE is_current ORDER BY version DESC")
            current = current.fetchone()
            rules = current and db.execute("SELECT COUNT(*) FROM moderation_rule WHERE ruleset_id = ?", [current[0]])
            return {
                "versions": versions,
                "current": current and current[1],
                "rules": rules and rules.fetchone()[0],
                "users": db.execute("SELECT COUNT(*) FROM accounts_user").fetchone()[0],
                "terms": db.execute("SELECT COUNT(*) FROM moderation_lexiconterm").fetchone()[0],
            }

    migrated = run(["manage.py", "migrate", "--noinput"], env)
    assert migrated.returncode == 0, migrated.stderr + migrated.stdout
    # the rules the site ships are there, current, and nobody has an account
    assert state() == {"versions": [1], "current": 1, "rules": 55, "users": 0, "terms": 0}

    loaded = run(["manage.py", "lexicon", "import", "--default"], env)
    assert loaded.returncode == 0, loaded.stderr
    assert " created, 0 updated, 0 unchanged" in loaded.stdout
    terms = state()["terms"]
    assert terms > 300
    again = run(["manage.py", "lexicon", "import", "--default"], env)
    assert f"0 created, 0 updated, {terms} unchanged" in again.stdout, again.stderr

    # migrating again (the next deploy) changes nothing
    assert run(["manage.py", "migrate", "--noinput"], env).returncode == 0
    assert state() == {"versions": [1], "current": 1, "rules": 55, "users": 0, "terms": terms}

    deploy = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert deploy.returncode == 0, deploy.stderr + deploy.stdout
    assert "no issues" in deploy.stdout

    collected = run(["manage.py", "collectstatic", "--noinput", "-v0"], env)
    assert collected.returncode == 0, collected.stderr
    page = run(["-c", RULES_PAGE], env)
    assert page.stdout.split() == ["200", "True"], page.stderr
