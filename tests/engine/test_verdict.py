"""Verdicts from evidence: Result API, to_dict, score, the policy's rules."""

from __future__ import annotations

import json

import pytest

from moderation.engine import ENGINE_VERSION, Context, Engine, Evidence, Match, Policy, Result, Term


@pytest.fixture(scope="module")
def ve() -> Engine:
    return Engine(
        [
            Term("甲级", "1.1", "block", "intent"),
            Term("乙级", "2.1", "hold", "intent"),
            Term("丙级", "3.3", "flag"),
            Term("甲级品", "0", "allow"),
            Term("丁级", "1.8", "block"),  # a topic word that is also a block term
            Term("戊级", "4.1", "hold", "topic", 6.0),  # severe topic word
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


def test_topic_word_alone_is_at_most_a_flag(ve: Engine) -> None:
    r = ve.scan("丁级")
    assert r.verdict == "flag"
    assert r.explanation["reason"] == "flag.no_intent"
    assert r.evidence[0].reason == "term.topic"


def test_hold_needs_intent_evidence(ve: Engine) -> None:
    r = ve.scan("丁级，请加我微信详聊")
    assert r.verdict in ("hold", "block")
    assert r.explanation["intent"] is True


def test_block_needs_block_term_with_intent(ve: Engine) -> None:
    assert ve.scan("丁级，微信：abc12345").verdict == "block"
    # Intent and a high score, but no block term: at most a hold.
    r = ve.scan("乙级 乙级 微信：abc12345")
    assert r.verdict == "hold"
    assert r.explanation["reason"] == "hold.intent"
    assert r.explanation["capped"] is True


def test_severe_term_holds_alone(ve: Engine) -> None:
    r = ve.scan("戊级")
    assert r.verdict == "hold"
    assert r.explanation["reason"] == "hold.severe"


def test_a_contact_written_to_get_past_a_filter_holds_alone(ve: Engine) -> None:
    r = ve.scan("薇信：abc12345")
    assert r.verdict == "hold"
    assert r.evidence[0].kind == "contact"
    assert r.evidence[0].intent
    assert "plain" not in r.evidence[0].params


@pytest.mark.parametrize("text", ["微信：abc12345", "我的QQ:410073425", "联系13501907120", "QQ 282369262"])
def test_a_plainly_written_contact_alone_is_at_most_a_flag(ve: Engine, text: str) -> None:
    r = ve.scan(text)
    assert r.verdict == "flag"
    assert r.explanation["reason"] == "flag.plain_contact"
    assert r.evidence[0].params["plain"] is True


def test_a_plainly_written_contact_beside_a_sign_of_an_offer_holds(ve: Engine) -> None:
    assert ve.scan("微信：abc12345，有需要的朋友私聊").verdict == "hold"  # a call to action
    assert ve.scan("乙级 微信：abc12345").verdict == "hold"  # an intent term
    assert ve.scan("戊级 QQ 282369262").verdict == "hold"  # a term of a restricted subject (a hold term)
    # Beside an everyday topic word (a flag term) it stays a flag: a review selling the laptop it reviews.
    assert ve.scan("丙级 QQ 282369262").verdict == "flag"


def test_an_explicit_block_term_blocks_whatever_the_accounts_trust(ve: Engine) -> None:
    plain = ve.scan("甲级")
    trusted = ve.scan("甲级", context=Context(trust_level=2))
    assert plain.verdict == trusted.verdict == "block"
    assert trusted.explanation["reason"] == "block.term_trusted"
    assert trusted.explanation["score_without_trust"] == plain.score
    assert trusted.rule == plain.rule == "1.1"


def test_trust_softens_holds_and_flags(ve: Engine) -> None:
    assert ve.scan("乙级").verdict == "hold"
    assert ve.scan("乙级", context=Context(trust_level=1)).verdict == "flag"
    assert ve.scan("丙级", context=Context(trust_level=1)).verdict == "pass"


def test_result_to_dict_is_json_and_has_spans(ve: Engine) -> None:
    text = "前面甲★级后面"
    d = ve.scan(text, title="丙级").to_dict()
    json.dumps(d)
    assert d["verdict"] == "block"
    assert {"term", "rule", "action", "start", "end", "source", "field"} == set(d["matches"][0])
    body = [m for m in d["matches"] if m["field"] == "body"]
    assert text[body[0]["start"] : body[0]["end"]] == "甲★级"
    ev = [e for e in d["evidence"] if e["field"] == "body"][0]
    assert ev["reason"] == "term.intent"
    assert ev["params"]["term"] == "甲级"
    assert ev["weight"] == 6.0
    assert d["explanation"]["reason"] == "block.term"
    assert d["rule"] == "1.1"


def test_score_is_the_summed_weight(ve: Engine) -> None:
    assert ve.scan("甲级").score > ve.scan("乙级 丙级").score > ve.scan("丙级").score > ve.scan("无").score
    assert ve.scan("无").score == 0
    r = ve.scan("乙级 丙级")
    assert r.score == pytest.approx(sum(e.weight for e in r.evidence))


def test_empty_result() -> None:
    r = Result()
    assert r.verdict == "pass"
    d = r.to_dict()
    assert d["verdict"] == "pass"
    assert d["matches"] == []
    assert d["evidence"] == []


def test_match_ref_not_in_dict() -> None:
    m = Match("x", "3.2", "hold", 0, 1, "duplicate", "body", ref=object())
    assert "ref" not in m.to_dict()


def test_engine_version() -> None:
    assert ENGINE_VERSION.startswith("2.")


def test_mixed_sources_verdict(engine: Engine) -> None:
    r = engine.scan("六合彩开奖，微信：abc123，详见 t.cn/abcd", title="震惊！")
    assert r.verdict == "block"
    assert {"lexicon", "contact", "link", "clickbait"} <= {m.source for m in r.matches}


def test_policy_round_trips_and_refuses_bad_data() -> None:
    p = Policy.default()
    assert Policy.from_dict(json.loads(json.dumps(p.to_dict()))) == p
    with pytest.raises(ValueError, match="thresholds"):
        Policy.from_dict({"thresholds": {"flag": 5, "hold": 3}})
    with pytest.raises(ValueError, match="unknown evidence kind"):
        Policy.from_dict({"weights": {"nope": 1}})
    with pytest.raises(ValueError, match="expected a number"):
        Policy.from_dict({"severe": "high"})


def test_policy_thresholds_change_the_verdict(ve: Engine) -> None:
    strict = Policy.from_dict({"thresholds": {"flag": 1, "hold": 1, "block": 2}})
    assert ve.scan("丙级，加我微信").verdict == "flag"  # 丙级 1 + a call to action 1, under the default policy
    assert ve.scan("丙级，加我微信", policy=strict).verdict == "hold"
    muted = Policy.from_dict({"weights": {"term": 0}})
    assert ve.scan("丙级", policy=muted).verdict == "pass"


def test_account_evidence_adds_but_never_decides_alone(ve: Engine) -> None:
    new = Context(account_age_days=1, prior_sanctions=2)
    assert ve.scan("没有问题", context=new).verdict == "pass"
    assert ve.scan("没有问题", context=new).explanation["reason"] == "pass.account_only"
    r = ve.scan("丁级，加我微信", context=new)
    assert {e.reason for e in r.evidence} >= {"account.new", "account.sanctions"}
    assert r.score > ve.scan("丁级，加我微信").score
    trusted = ve.scan("丁级，加我微信", context=Context(trust_level=2))
    assert trusted.score < ve.scan("丁级，加我微信").score


def test_extra_evidence_from_the_caller(ve: Engine) -> None:
    clf = Evidence("classifier", "3.3", 3.5, "classifier", {"score": 0.97, "version": "v1"}, field="", intent=True)
    r = ve.scan("普通的一句话", context=Context(extra=(clf,)))
    assert r.verdict == "hold"
    assert r.evidence[-1].to_dict()["params"]["version"] == "v1"
    assert Evidence.from_dict(clf.to_dict()) == clf


def test_engine_does_not_import_django() -> None:
    import subprocess
    import sys

    code = "import sys, moderation.engine as e; e.Engine.default().scan('六合彩'); assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_plainly_written_contact_in_a_near_duplicate_holds(ve: Engine) -> None:
    from moderation.engine import fingerprint

    text = "这台电脑用了半年，运行很流畅，屏幕清晰，键盘手感也不错，现在想换新的所以转让，价格可以商量，QQ 282369262"
    assert ve.scan(text).verdict == "flag"
    r = ve.scan(text, recent=[(fingerprint(text), "other")])
    assert r.verdict == "hold"
    assert r.explanation["reason"] == "hold.intent"


def test_the_pass_result_of_a_text_with_nothing_in_it_is_shared_and_refuses_changes(ve: Engine) -> None:
    # Most text has nothing in it; its result is built once.  Equal to any pass Result, written as one, and no caller
    # can change it for the next text.
    a, b = ve.scan("没有问题"), ve.scan("今天天气很好")
    assert a is b
    fresh = Result([], [], "pass", {"reason": "pass.none", "score": 0.0}, "", None)
    assert a == fresh
    assert fresh == a
    assert a != Result([], [], "flag", {"reason": "pass.none", "score": 0.0}, "", None)
    assert json.loads(json.dumps(a.to_dict())) == fresh.to_dict()
    assert type(a.to_dict()["explanation"]) is dict  # a copy of its own for the caller to keep
    with pytest.raises(AttributeError):
        a.verdict = "hold"  # type: ignore[misc]
    with pytest.raises(TypeError):
        a.matches.append(Match("x", "1.1", "hold", 0, 1))
    with pytest.raises(TypeError):
        a.evidence.extend([])
    with pytest.raises(TypeError):
        a.explanation["reason"] = "hold.intent"
    assert ve.scan("没有问题") == fresh
