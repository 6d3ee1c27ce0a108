"""Verdict ordering, Result API, to_dict, score."""

from __future__ import annotations

import json

import pytest

from moderation.engine import ENGINE_VERSION, Engine, Match, Result, Term


@pytest.fixture(scope="module")
def ve() -> Engine:
    return Engine(
        [
            Term("甲级", "1.1", "block"),
            Term("乙级", "2.1", "hold"),
            Term("丙级", "3.3", "flag"),
            Term("甲级品", "0", "allow"),
        ]
    )


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("没有问题", "pass"),
        ("丙级", "flag"),
        ("乙级 丙级", "hold"),
        ("丙级 乙级 甲级", "block"),
        ("甲级品", "pass"),
        ("甲级品 乙级", "hold"),
    ],
)
def test_verdict_order(ve: Engine, text: str, verdict: str) -> None:
    assert ve.scan(text).verdict == verdict


def test_result_to_dict_is_json_and_has_spans(ve: Engine) -> None:
    text = "前面甲★级后面"
    d = ve.scan(text, title="丙级").to_dict()
    json.dumps(d)
    assert d["verdict"] == "block"
    assert {"term", "rule", "action", "start", "end", "source", "field"} == set(d["matches"][0])
    body = [m for m in d["matches"] if m["field"] == "body"]
    assert text[body[0]["start"] : body[0]["end"]] == "甲★级"


def test_score_orders_by_severity(ve: Engine) -> None:
    assert ve.scan("甲级").score > ve.scan("乙级 乙级 丙级").score > ve.scan("丙级").score > ve.scan("无").score
    assert ve.scan("无").score == 0


def test_empty_result() -> None:
    r = Result()
    assert r.verdict == "pass"
    assert r.to_dict() == {"verdict": "pass", "matches": []}


def test_match_ref_not_in_dict() -> None:
    m = Match("x", "3.2", "hold", 0, 1, "duplicate", "body", ref=object())
    assert "ref" not in m.to_dict()


def test_engine_version() -> None:
    assert isinstance(ENGINE_VERSION, str)
    assert ENGINE_VERSION


def test_mixed_sources_verdict(engine: Engine) -> None:
    r = engine.scan("六合彩开奖，微信：abc123，详见 t.cn/abcd", title="震惊！")
    assert r.verdict == "block"
    assert {m.source for m in r.matches} == {"lexicon", "contact", "link", "clickbait"}


def test_engine_does_not_import_django() -> None:
    import subprocess
    import sys

    code = "import sys, moderation.engine as e; e.Engine.default().scan('六合彩'); assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
