"""`manage.py scan --json` explains its verdict; `manage.py scan --jsonl` scans one JSON string per line."""

import io
import json
import sys

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def scan(capsys, *args: str) -> list[dict]:
    call_command("scan", *args)
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_json_output_keeps_its_keys_and_explains_the_evidence(lexicon, tmp_path, capsys):
    path = tmp_path / "post.txt"
    path.write_text("今晚六合彩开奖，加微信 abc12345", encoding="utf-8")
    (out,) = scan(capsys, "--json", str(path))
    assert {"verdict", "matches", "evidence", "explanation", "score", "rule"} <= set(out)
    assert out["verdict"] == "block"
    assert {e["reason"] for e in out["evidence"]} >= {"term.topic", "contact.wechat"}
    assert out["explanation"]["reason"] == "block.term"
    # ... and in the words the case page uses, one line per piece of evidence with its weight.
    assert len(out["words"]["evidence"]) == len(out["evidence"])
    assert all(e["words"] and e["weight"] for e in out["words"]["evidence"])
    assert out["words"]["explanation"]


def test_jsonl_prints_for_each_line_exactly_what_json_prints(lexicon, tmp_path, monkeypatch, capsys):
    texts = ["今天天气不错", "今晚六合彩开奖，加微信 abc12345", "多行\n文本 ★ 六合彩", ""]
    singles = []
    for i, text in enumerate(texts):
        path = tmp_path / f"{i}.txt"
        path.write_text(text, encoding="utf-8")
        singles += scan(capsys, "--json", str(path))
    lines = "\n".join(json.dumps(t, ensure_ascii=False) for t in texts) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines.encode())))
    assert scan(capsys, "--jsonl", "-") == singles


def test_jsonl_refuses_a_line_that_is_not_a_json_string_naming_it(lexicon, tmp_path, capsys):
    path = tmp_path / "in.jsonl"
    path.write_text('"好"\n{"text": "x"}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="line 2: expected a JSON string") as error:
        call_command("scan", "--jsonl", str(path))
    assert error.value.returncode == 2
    assert capsys.readouterr().out == ""
