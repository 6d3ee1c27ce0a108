"""The lexicon version lives in the database (issue 11, item 11): a change made by another process — `manage.py
lexicon import` beside a running `make run`, or any write while Redis is unreachable — reaches every process's engine
within seconds, whatever its cache holds."""

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from moderation.selectors import lexicon as selectors

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
TEXT = "这里有一个新词蓝鲸游戏"


def _verdict() -> str:
    engine, _version = selectors.current_engine()
    return engine.scan(TEXT).verdict


def _wait_for(verdict: str, seconds: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if _verdict() == verdict:
            return time.monotonic() - start
        time.sleep(0.1)
    raise AssertionError(f"the engine still says {_verdict()!r} after {seconds} s")


def test_a_change_whose_cache_invalidation_never_ran_reaches_the_engine_within_seconds(tmp_path, monkeypatch):
    """As when another process (its own local cache) or a Redis outage (the delete lost) made the change."""
    monkeypatch.setattr(selectors, "VERSION_TTL", 0.5, raising=False)
    assert _verdict() == "pass"
    path = tmp_path / "terms.csv"
    path.write_text("term,rule,action\n蓝鲸游戏,1.12,block\n", encoding="utf-8")
    # on_commit callbacks do not run inside this test's transaction: this process's cache is never told
    call_command("lexicon", "import", str(path))
    assert _wait_for("block", seconds=5) < 5


def test_an_update_in_place_reaches_the_engine(tmp_path, monkeypatch, django_capture_on_commit_callbacks):
    """Same number of rows, same ids: only the version row says the lexicon changed."""
    monkeypatch.setattr(selectors, "VERSION_TTL", 0.5, raising=False)
    path = tmp_path / "terms.csv"
    path.write_text("term,rule,action\n蓝鲸游戏,1.12,flag\n", encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("lexicon", "import", str(path))
    assert _verdict() == "flag"
    path.write_text("term,rule,action\n蓝鲸游戏,1.12,block\n", encoding="utf-8")
    call_command("lexicon", "import", str(path))  # again without the cache being told
    _wait_for("block", seconds=5)


SERVER = textwrap.dedent(
    """
    import json, os, subprocess, sys, time
    import django
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings"
    django.setup()
    from moderation.selectors.lexicon import current_engine

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

    migrated = run("manage.py", "migrate", "--noinput", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    path = tmp_path / "terms.csv"
    path.write_text("term,rule,action\n蓝鲸游戏,1.12,block\n", encoding="utf-8")
    server = run("-c", SERVER, str(path), TEXT)
    assert server.returncode == 0, server.stderr
    result = json.loads(server.stdout.strip().splitlines()[-1])
    assert result["import"] == 0, result["stderr"]
    assert (result["before"], result["after"]) == ("pass", "block"), result
    assert result["seconds"] < 10
