"""Rewritten (faster) detector regexes match exactly what the plain alternations matched."""

from __future__ import annotations

import random
import re

import pytest

from moderation.engine.detectors import AFFILIATE_HOSTS, PHONE_RE, SHORTENER_HOSTS, WECHAT_RE
from moderation.engine.detectors.contacts import _CN, _D, _contact_scan
from moderation.engine.detectors.links import _HOST_PROBE_RE

PLAIN_WECHAT_RE = re.compile(
    r"(?P<kw>微信|薇信|威信|徽信|维信|卫信|v信|微x|"
    r"(?:vx|wx|weixin|wechat|vxin|weix)(?![a-z])|"
    r"(?:加|\+|➕)\s*v(?![a-z0-9])|v(?=\s*[:：]))"
    r"(?P<gap>\s*(?:号码?|id|账号)?\s*(?:是|为)?\s*[:：=]?\s*(?:加|搜|搜索)?\s*)"
    # Chinese digits in an ID only two or more in a row (ssk二零二五; abc一起 is abc).
    rf"(?P<id>[a-z](?:[a-z0-9_\-]|[{_CN}](?=[{_CN}])|(?<=[{_CN}])[{_CN}]){{5,19}}|[{_D}]{{5,11}})"
    rf"(?![a-z0-9_]|[{_CN}]{{2}})"
)
PIECES = ["微", "信", "薇", "威", "徽", "维", "卫", "v", "w", "x", "xin", "eixin", "echat", "eix", "加", "+", "➕"]
PIECES += [
    " ",
    ":",
    "：",
    "=",
    "号",
    "号码",
    "id",
    "账号",
    "是",
    "为",
    "搜",
    "搜索",
    "abc",
    "_",
    "-",
    "1",
    "38",
    "六",
    "q",
]


@pytest.mark.parametrize("seed", range(3))
def test_wechat_regex_equals_plain_alternation(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(5000):
        t = "".join(rng.choices(PIECES, k=rng.randint(1, 16))) + "".join(
            rng.choices("0123456789abc", k=rng.randint(0, 9))
        )
        got = [(m.span(), m.group("kw"), m.group("gap"), m.group("id")) for m in WECHAT_RE.finditer(t)]
        want = [(m.span(), m.group("kw"), m.group("gap"), m.group("id")) for m in PLAIN_WECHAT_RE.finditer(t)]
        assert got == want, t


def test_host_probe_finds_every_host() -> None:
    for h in AFFILIATE_HOSTS + SHORTENER_HOSTS:
        assert _HOST_PROBE_RE.search(f"看这里{h}/abc。") is not None, h
    assert _HOST_PROBE_RE.search("官网 www.example.com，价格 35.6 元") is None


PLAIN_QQ_RE = re.compile(
    r"(?P<kw>qq(?![a-z])|扣扣|企鹅号?|球球|抠抠|q号)"
    r"(?P<gap>\s*(?:号码?|群)?\s*(?:是|为)?\s*[:：=]?\s*)"
    rf"(?P<id>[{_D}]{{5,11}})(?![{_D}])"
)
CONTACT_PIECES = PIECES + [
    "q",
    "qq",
    "扣",
    "企鹅",
    "号",
    "球",
    "抠",
    "群",
    "1",
    "13",
    "138",
    "一三八",
    "幺",
    " ",
    "-",
    "0",
]


@pytest.mark.parametrize("seed", range(3))
def test_one_contact_scan_equals_three_finditers(seed: int) -> None:
    rng = random.Random(100 + seed)
    for _ in range(4000):
        t = "".join(rng.choices(CONTACT_PIECES, k=rng.randint(1, 20))) + "".join(
            rng.choices("0123456789一二三", k=rng.randint(0, 14))
        )
        wechat, qq, phone = _contact_scan(t)
        assert [(m.span(), m.group("wgap"), m.group("wid")) for m in wechat] == [
            (m.span(), m.group("gap"), m.group("id")) for m in PLAIN_WECHAT_RE.finditer(t)
        ], t
        assert [(m.span(), m.group("qgap"), m.group("qid")) for m in qq] == [
            (m.span(), m.group("gap"), m.group("id")) for m in PLAIN_QQ_RE.finditer(t)
        ], t
        assert [m.span() for m in phone] == [m.span() for m in PHONE_RE.finditer(t)], t
