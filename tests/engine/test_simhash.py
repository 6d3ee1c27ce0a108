"""The simhash (numpy's and the C extension's) is the plain statement of its hash: 4-character shingles, a
polynomial, a finaliser, and a bit set where more than half of the shingles have it."""

from __future__ import annotations

import random

import pytest

from moderation.engine import simhash as module
from moderation.engine.simhash import MASK64, SHINGLE

IMPLEMENTATIONS = [module.simhash_numpy] + ([module.simhash] if module.NATIVE else [])

_P = 0x100000001B3
_M1 = 0xBF58476D1CE4E5B9


def _reference(t: str) -> int:
    if not t:
        return 0
    cps = [ord(c) for c in t] + [0] * max(0, SHINGLE - len(t))
    hashes = []
    for i in range(len(cps) - SHINGLE + 1):
        h = 0
        for c in cps[i : i + SHINGLE]:
            h = (h * _P + c) & MASK64
        h ^= h >> 30
        h = (h * _M1) & MASK64
        h ^= h >> 31
        hashes.append(h)
    out = sum(1 << b for b in range(64) if 2 * sum((h >> b) & 1 for h in hashes) > len(hashes))
    return out - (1 << 64) if out >= 1 << 63 else out


@pytest.mark.parametrize("simhash", IMPLEMENTATIONS, ids=lambda f: "c" if f is not module.simhash_numpy else "numpy")
def test_simhash_is_its_plain_statement(simhash) -> None:
    rng = random.Random(5)
    pool = list("发票微信加我的是了一二三abc123") + ["\U0002a6a5", "𡃉", "😀"]
    texts = ["", "a", "ab", "abc", "abcd", "abcde"]
    texts += ["".join(rng.choices(pool, k=rng.randint(1, 80))) for _ in range(400)]
    texts += ["".join(rng.choices("ab", k=n)) for n in range(1, 30)]  # ties: exactly half of the shingles
    for t in texts:
        assert simhash(t) == _reference(t), t
