"""The 淘口令 finder skips a text without eight letters or digits in a row on its folded level; that probe never
hides a token the finder reads in the original with full-width forms made ASCII."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.engine.detectors import links
from moderation.engine.normalise import normalise

# Openers and closers, ASCII and full-width letters and digits, and what sits around a token.
CHARS = list("￥¥$＄€(（《/)）aB3zZ9ＡｂＣ１２３４ｘ淘宝复制打开 ")
PIECES = st.sampled_from([*CHARS, "AbCd1234", "ＡｂＣｄ１２３４", "abcd1234"])
TEXT = st.lists(PIECES, max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_the_probe_never_hides_a_token(text):
    norm = normalise(text)
    probed = list(links.find_taokouling(norm))
    always = re.compile("")  # a probe that never skips
    original, links._TOKEN_PROBE_RE = links._TOKEN_PROBE_RE, always
    try:
        unprobed = list(links.find_taokouling(norm))
    finally:
        links._TOKEN_PROBE_RE = original
    assert probed == unprobed


def test_a_full_width_token_is_still_found():
    found = links.find_taokouling(normalise("复制￥ＡｂＣｄ１２３４￥打开淘宝"))
    assert [t for t, _s, _e in found] == ["taokouling:AbCd1234"]
