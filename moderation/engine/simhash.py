"""64-bit simhash over character shingles, for near-duplicate detection."""

from __future__ import annotations

import re
from collections import Counter
from hashlib import blake2b

from .normalise import Normalised, normalise

SHINGLE = 4
MASK64 = (1 << 64) - 1
_NON_WORD = re.compile(r"[\W_]+")
# Each 64-bit hash is "spread" into 64 counters of FIELD bits packed in one big integer, so that
# adding weighted hashes is a single big-int addition instead of a 64-step Python loop.
FIELD = 40
_SPREAD = [
    [sum(1 << ((8 * byte + bit) * FIELD) for bit in range(8) if v >> bit & 1) for v in range(256)] for byte in range(8)
]


def shingle_text(text: str) -> str:
    """Normalised letters/digits/CJK only: formatting, punctuation and emoji do not count."""
    return shingle_normalised(normalise(text))


def shingle_normalised(norm: Normalised) -> str:
    return _NON_WORD.sub("", norm.text)


def simhash(t: str) -> int:
    """Signed 64-bit simhash of an already normalised string (fits a SQL BIGINT)."""
    if not t:
        return 0
    grams = Counter(t[i : i + SHINGLE] for i in range(max(1, len(t) - SHINGLE + 1)))
    acc = 0
    total = 0
    for gram, w in grams.items():
        h = int.from_bytes(blake2b(gram.encode("utf-8"), digest_size=8).digest(), "little")
        spread = 0
        for byte in range(8):
            spread += _SPREAD[byte][(h >> (8 * byte)) & 0xFF]
        acc += spread * w
        total += w
    fmask = (1 << FIELD) - 1
    out = 0
    for bit in range(64):
        if 2 * ((acc >> (bit * FIELD)) & fmask) > total:
            out |= 1 << bit
    return out - (1 << 64) if out >= 1 << 63 else out


def fingerprint(text: str) -> int:
    """Simhash of the normalised text; near-duplicates differ in few bits (see :func:`hamming`)."""
    return simhash(shingle_text(text))


def hamming(a: int, b: int) -> int:
    """Number of differing bits between two 64-bit fingerprints (signed or unsigned)."""
    return ((a ^ b) & MASK64).bit_count()
