"""`manage.py lexicon import|export` and `manage.py scan --json`, as ARCHITECTURE.md and the README fix them."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from core.models import AuditLog
from moderation.models import LexiconTerm
from moderation.selectors.lexicon import current_engine, lexicon_version

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str, name: str = "terms.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_adds_terms_and_a_second_import_changes_nothing(rules, tmp_path):
    path = write(tmp_path, "term,rule,action\n刷单返利,3.1,hold\n网赌平台,1.8,block\n")
    call_command("lexicon", "import", str(path))
    first = list(LexiconTerm.objects.values_list("term", "rule", "action", "source"))
    call_command("lexicon", "import", str(path))
    assert list(LexiconTerm.objects.values_list("term", "rule", "action", "source")) == first
    assert sorted(t for t, *_ in first) == ["刷单返利", "网赌平台"]
    assert AuditLog.objects.filter(action="lexicon.import").count() == 1


def test_a_bad_row_is_named_by_its_line_and_nothing_is_imported(rules, tmp_path):
    path = write(tmp_path, "term,rule,action\n刷单返利,3.1,hold\n网赌平台,1.8,explode\n")
    with pytest.raises(CommandError, match="line 3") as error:
        call_command("lexicon", "import", str(path))
    assert error.value.returncode == 2
    assert not LexiconTerm.objects.exists()


def test_an_unknown_rule_code_is_refused(rules, tmp_path):
    path = write(tmp_path, "term,rule,action\n刷单返利,3.99,hold\n")
    with pytest.raises(CommandError, match="line 2: unknown rule code '3.99'"):
        call_command("lexicon", "import", str(path))


def test_the_header_is_required(rules, tmp_path):
    path = write(tmp_path, "刷单返利,3.1,hold\n")
    with pytest.raises(CommandError, match="line 1"):
        call_command("lexicon", "import", str(path))


def test_invalid_utf8_and_unreadable_files_exit_with_status_2(rules, tmp_path):
    bad = tmp_path / "gbk.csv"
    bad.write_bytes("term,rule,action\n刷单,3.1,hold\n".encode("gbk"))
    for path in (bad, tmp_path / "missing.csv"):
        result = subprocess.run(
            [sys.executable, "manage.py", "lexicon", "import", str(path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            env=_sqlite_env(tmp_path),
        )
        assert result.returncode == 2, result.stderr
        assert str(path.name) in result.stderr


def _sqlite_env(tmp_path: Path) -> dict[str, str]:
    import os

    return {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/cli.sqlite3", "REDIS_URL": ""}


def test_export_writes_what_import_reads(rules, tmp_path):
    path = write(
        tmp_path,
        "term,rule,action,kind,weight,category\n网赌平台,1.8,block,intent,4.5,gambling\n刷单返利,3.1,hold,intent,,\n"
        "开发票务,,allow,topic,,\n",
    )
    call_command("lexicon", "import", str(path))
    out = io.StringIO()
    call_command("lexicon", "export", "--output", str(tmp_path / "out.csv"), stderr=out)
    exported = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()
    assert exported[0] == "term,rule,action,kind,weight,category"
    assert sorted(exported[1:]) == sorted(
        ["网赌平台,1.8,block,intent,4.5,gambling", "刷单返利,3.1,hold,intent,,", "开发票务,,allow,topic,,"]
    )
    before = set(LexiconTerm.objects.values_list("term", "rule", "action", "kind", "weight", "category"))
    LexiconTerm.objects.all().delete()
    call_command("lexicon", "import", str(tmp_path / "out.csv"))
    assert set(LexiconTerm.objects.values_list("term", "rule", "action", "kind", "weight", "category")) == before


def test_a_lexicon_change_reaches_the_engine_without_a_restart(rules, tmp_path, django_capture_on_commit_callbacks):
    engine, version = current_engine()
    assert engine.scan("这里有一个新词蓝鲸游戏").verdict == "pass"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("lexicon", "import", str(write(tmp_path, "term,rule,action\n蓝鲸游戏,1.12,block\n")))
    # the version token changed (on commit, in the shared cache), so the next scan rebuilds
    new_engine, new_version = current_engine()
    assert new_version != version
    # (a block term alone, with no intent evidence, is at most a flag: what matters here is that the term is seen)
    assert [e.params["term"] for e in new_engine.scan("这里有一个新词蓝鲸游戏").evidence] == ["蓝鲸游戏"]


def test_scan_prints_the_verdict_and_spans_into_the_original_text(lexicon, tmp_path, capsys):
    text = "周末来玩，六★合★彩 今晚开奖，加微信 abc12345"
    path = write(tmp_path, text, "post.txt")
    call_command("scan", "--json", str(path))
    out = json.loads(capsys.readouterr().out)
    assert out["verdict"] == "block"
    match = next(m for m in out["matches"] if m["rule"] == "1.8")
    assert set(match) == {"term", "rule", "action", "start", "end"}
    assert text[match["start"] : match["end"]] == "六★合★彩"


def test_scan_reads_standard_input(lexicon, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("今天天气不错".encode())))
    call_command("scan", "--json", "-")
    out = json.loads(capsys.readouterr().out)
    assert (out["verdict"], out["matches"], out["evidence"]) == ("pass", [], [])


def test_scan_refuses_invalid_utf8_with_status_2(tmp_path):
    path = tmp_path / "post.txt"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CommandError, match="not valid UTF-8") as error:
        call_command("scan", "--json", str(path))
    assert error.value.returncode == 2


def test_lexicon_version_is_stable_between_changes(rules):
    assert lexicon_version() == lexicon_version()
