"""The C fingerprint functions (moderation/engine/_simhash.c, built by setup.py) give the Python ones' values for any
text: fingerprints stored with content before and after the extension was built stay comparable, and the
near-duplicate check finds the same neighbours."""

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.engine import simhash as module
from moderation.engine.charclass import CJK_RE

pytestmark = pytest.mark.skipif(
    not module.NATIVE and os.environ.get("REQUIRE_SERVICES") != "1", reason="the C extension was not built here"
)

# Text the way contact levels look: CJK (the class's edges included), ASCII letters and digits, runs of one
# character, punctuation, underscores, full-width and astral characters.
EDGES = "\u3400\u4dbf\u4e00\u9fff\uf900\ufaff\u3007\u3006\U00020000\U0002fa1f\U0002fa20\u33ff"
ALPHABET = st.sampled_from(list("发票微信加我的是一二三abcxyz019_-. ，。！Ａé😀") + list(EDGES))
TEXT = st.lists(st.tuples(ALPHABET, st.integers(1, 4)), max_size=80).map(lambda xs: "".join(c * n for c, n in xs))


def test_the_extension_is_built_where_the_suite_must_run_everything():
    # make setup builds it (pip install -e . runs setup.py's build_ext); CI has a compiler, so a failed build fails.
    assert module.NATIVE, "moderation/engine/_simhash.c was not built: run `make setup` (needs gcc)"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_the_c_simhash_equals_numpys_on_any_text(text):
    assert module.simhash(text) == module.simhash_numpy(text)


@settings(max_examples=500, deadline=None)
@given(st.one_of(TEXT, st.text(max_size=200)))
def test_the_c_shingle_hash_equals_pythons(text):
    assert module.shingle_hash(text) == module.shingle_hash_python(text)


def test_the_c_version_knows_the_cjk_class_the_normaliser_uses():
    # A run of one character collapses only for a CJK ideograph (and for three or more of an ASCII letter).
    for ch in EDGES:
        assert module.shingle_hash(ch * 6 + "abcd") == module.shingle_hash_python(ch * 6 + "abcd"), (
            hex(ord(ch)),
            CJK_RE.match(ch) is not None,
        )


@settings(max_examples=200, deadline=None)
@given(
    st.integers(-(2**63), 2**64 - 1),  # a fingerprint as stored (signed) or as computed (unsigned)
    st.lists(st.one_of(st.none(), st.integers(-(2**63), 2**64 - 1)), max_size=30),
    st.integers(0, 64),
)
def test_nearest_equals_pythons(fp, others, limit):
    recent = [(o, f"ref{i}") for i, o in enumerate(others)]
    assert module.nearest(fp, recent, limit) == module.nearest_python(fp, recent, limit)
    assert module.nearest(fp, [list(pair) for pair in recent], limit) == module.nearest_python(fp, recent, limit)


def test_a_lone_surrogate_is_hashed_alike():
    # A JSON "\ud800" read by `scan --jsonl` gives such a str: both versions hash its code point, neither fails.
    for text in ["ab\ud800cd", "\udc00", "发票\ud83d微信号码"]:
        assert module.simhash(text) == module.simhash_numpy(text)
        assert module.shingle_hash(text) == module.shingle_hash_python(text)


def test_they_refuse_what_they_cannot_read():
    with pytest.raises(TypeError):
        module.simhash(b"bytes")
    with pytest.raises(TypeError):
        module.shingle_hash(None)
    with pytest.raises(TypeError):
        module.nearest(0, [(object(), 1)], 8)


@pytest.mark.parametrize("length", [254, 255, 256, 258, 259, 510, 511, 512, 5000])
def test_long_texts_count_every_shingle(length):
    # The C version counts the hashes' bits in 8-bit lanes emptied every 255 shingles: lengths around that.
    import random

    rng = random.Random(length)
    text = "".join(chr(rng.randint(0x4E00, 0x4E40)) for _ in range(length))
    assert module.simhash(text) == module.simhash_numpy(text)
    assert module.shingle_hash(text) == module.shingle_hash_python(text)
