"""The lexicon version lives in the database (issue 11, item 11): a change made by another process — `manage.py
lexicon import` beside a running `make run`, or any write while Redis is unreachable — reaches every process's engine
at its next scan, whatever its cache holds."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.management import call_command

from moderation.selectors import lexicon as selectors

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
# An intent term weighing the block threshold on its own: a block verdict needs intent evidence.
TEXT = "这里有一个新词蓝鲸游戏"


def _verdict() -> str:
    engine, _version = selectors.current_engine()
    return engine.scan(TEXT).verdict


def test_a_change_no_cache_was_told_of_reaches_the_engine_at_its_next_scan(tmp_path):
    """As when another process (its own local-memory cache) made it: nothing here tells this process's cache."""
    assert _verdict() == "pass"
    path = tmp_path / "terms.csv"
    path.write_text("term,rule,action,kind,weight\n蓝鲸游戏,1.12,block,intent,6\n", encoding="utf-8")
    call_command("lexicon", "import", str(path))  # on_commit callbacks do not run inside this test's transaction
    assert _verdict() == "block"


def test_a_change_made_while_the_cache_is_unreachable_reaches_the_engine(tmp_path, monkeypatch):
    """A process idle during a Redis outage in which the lexicon changed finds, once Redis is back, a cache that
    was told nothing: its next scan still uses the new lexicon."""
    from django.core.cache import cache

    assert _verdict() == "pass"
    for name in ("get", "set", "add", "delete", "get_many", "set_many", "delete_many"):
        monkeypatch.setattr(cache, name, lambda *args, **kwargs: None)  # unreachable: every call a miss
    path = tmp_path / "terms.csv"
    path.write_text("term,rule,action,kind,weight\n蓝鲸游戏,1.12,block,intent,6\n", encoding="utf-8")
    call_command("lexicon", "import", str(path))
    monkeypatch.undo()  # Redis is back, holding whatever it held before the outage
    assert _verdict() == "block"


def test_an_update_in_place_reaches_the_engine(tmp_path):
    """Same number of rows, same ids: only the version row says the lexicon changed."""
    path = tmp_path / "terms.csv"
    path.write_text("term,rule,action,kind,weight\n蓝鲸游戏,1.12,flag,intent,1\n", encoding="utf-8")
    call_command("lexicon", "import", str(path))
    assert _verdict() == "flag"
    path.write_text("term,rule,action,kind,weight\n蓝鲸游戏,1.12,block,intent,6\n", encoding="utf-8")
    call_command("lexicon", "import", str(path))
    assert _verdict() == "block"


SERVER = textwrap.dedent(
    """
    import json, os, subprocess, sys, time
    import django
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings"
    django.setup()
    from django.core.management import call_command
    from moderation.engine import Engine, Term, warm_up

    # The fresh database migrated here rather than by a `manage.py migrate` of its own: one Django start-up fewer.
    call_command("migrate", interactive=False, verbosity=0)
    from moderation.selectors.lexicon import current_engine

    # A running server is warm (jieba and the pinyin tables loaded by its earlier scans): what is timed below is the
    # version check and the rebuild, not the first load of those.
    warm_up()
    Engine([Term("预热词条", "1.1", "flag")]).scan("预热词条")

    def verdict():
        return current_engine()[0].scan(sys.argv[2]).verdict

    before = verdict()
    # another process, with its own local-memory cache, imports a term while this one keeps scanning
    imported = subprocess.run([sys.executable, "manage.py", "lexicon", "import", sys.argv[1]], capture_output=True,
                              text=True)
    start, after = time.monotonic(), verdict()
    while after != "block" and time.monotonic() - start < 15:
        time.sleep(0.2)
        after = verdict()
    print(json.dumps({"before": before, "after": after, "seconds": time.monotonic() - start,
                      "import": imported.returncode, "stderr": imported.stderr[-2000:]}))
    """
)


def test_manage_py_lexicon_import_reaches_a_running_embedded_server(tmp_path):
    """Two real processes on the embedded default (SQLite file, local-memory cache, no Redis)."""
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_REPLICA_URLS", "SECRET_KEY"}},
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path}/embedded.sqlite3",
        "REDIS_URL": "",
    }

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)

    path = tmp_path / "terms.csv"
    path.write_text("term,rule,action,kind,weight\n蓝鲸游戏,1.12,block,intent,6\n", encoding="utf-8")
    server = run("-c", SERVER, str(path), TEXT)
    assert server.returncode == 0, server.stderr
    result = json.loads(server.stdout.strip().splitlines()[-1])
    assert result["import"] == 0, result["stderr"]
    assert (result["before"], result["after"]) == ("pass", "block"), result
    assert result["seconds"] < 2  # the first scan after the import, not after some expiry
