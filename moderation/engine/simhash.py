"""64-bit simhash over character shingles, for near-duplicate detection.

Vectorised with numpy: the text's code points become one array, every 4-character shingle is hashed at once
(a polynomial over the code points, then a multiply-xorshift finaliser to spread the bits), and the 64 bit columns are
counted with one ``unpackbits``.  A shingle that occurs k times counts k times, as in the classic weighted
simhash.  Written out here rather than taken from a simhash package: the packages on PyPI hash shingles one by one
in Python (the speed this replaces, ~0.3 M chars/s), and this is twenty lines.

``_simhash.c`` computes the same values in C, without numpy's and the regexes' cost per call (most of the
near-duplicate check's time on comment-sized text): ``simhash``, ``shingle_hash`` (the shingle text's length and
simhash, without building it) and ``nearest`` (the recent fingerprints within a distance) are those where setup.py
could build them, the Python versions here otherwise (``NATIVE`` says which); tests/engine/test_simhash_native.py
holds the two equal.
"""

from __future__ import annotations

import re

import numpy as np

from .normalise import _REPEAT_RE, Normalised, normalise

SHINGLE = 4
MASK64 = (1 << 64) - 1
_NON_WORD = re.compile(r"[\W_]+")
_P = np.uint64(0x100000001B3)  # FNV-64 prime: the polynomial's base
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)
_frombuffer, _unpackbits, _packbits, _correlate = np.frombuffer, np.unpackbits, np.packbits, np.correlate
_U8, _U32, _U64 = np.uint8, np.uint32, np.uint64


def shingle_text(text: str) -> str:
    """Normalised letters/digits/CJK only: formatting, punctuation and emoji do not count."""
    return shingle_normalised(normalise(text))


def shingle_normalised(norm: Normalised) -> str:
    # The text level (repeats collapsed) without its offset map: one C-level substitution keeps the first
    # character of each run, as Normalised.text does.
    return _NON_WORD.sub("", norm._text[0]) if norm._text is not None else shingle_contact(norm.contact)


def shingle_contact(contact: str) -> str:
    """The shingle text of a contact level (a text with nothing to fold or delete is its own contact level)."""
    return _NON_WORD.sub("", _REPEAT_RE.sub(_first_char, contact))


def _first_char(m: re.Match[str]) -> str:
    return m.group()[0]


_POW = np.array([0x100000001B3**k & MASK64 for k in range(SHINGLE - 1, -1, -1)], dtype=np.uint64)
_SHIFTS = np.arange(64, dtype=np.uint64)


def _hashes(t: str) -> np.ndarray:
    """One 64-bit hash per shingle (few numpy calls: their overhead, not the arithmetic, is the cost).  Array
    arithmetic on uint64 wraps silently (modulo 2**64), which is what the hash wants."""
    # surrogatepass: a lone surrogate (a JSON "\ud800" read by scan --jsonl) is hashed as its code point, as the C
    # version does, rather than failing the scan.
    cps = _frombuffer(t.encode("utf-32-le", "surrogatepass"), dtype=_U32)
    if len(cps) < SHINGLE:
        cps = np.concatenate([cps, np.zeros(SHINGLE - len(cps), dtype=_U32)])
    # The polynomial c0*P^3 + c1*P^2 + c2*P + c3 of each shingle: one correlation with the powers of P (the code
    # points are promoted to uint64 on the way; integer arithmetic in numpy's correlate wraps like the ufuncs).
    h = _correlate(cps, _POW, "valid")
    # A multiply-xorshift finaliser (half of splitmix64's; measured as good for simhash as the full one).
    h ^= h >> _S30
    h *= _M1
    h ^= h >> _S31
    return h


def simhash_numpy(t: str) -> int:
    """Signed 64-bit simhash of an already normalised string (fits a SQL BIGINT)."""
    if not t:
        return 0
    h = _hashes(t)
    ones = _unpackbits(h.view(_U8), bitorder="little").reshape(-1, 64).sum(axis=0)  # per bit of the hash
    # A bit is set where more than half of the shingles have it (2 * ones > n, in integers ones > n // 2).
    out = int.from_bytes(_packbits(ones > (len(h) >> 1), bitorder="little").tobytes(), "little")
    return out - (1 << 64) if out >= 1 << 63 else out


def shingle_hash_python(contact: str) -> tuple[int, int]:
    """(length, simhash) of the shingle text of a contact level."""
    shingles = shingle_contact(contact)
    return len(shingles), simhash_numpy(shingles)


def nearest_python(fp: int, recent: list, limit: int) -> list[tuple[int, int]]:
    """[(distance, index)] of the (fingerprint, ref) pairs of ``recent`` within ``limit`` bits of ``fp``, in order."""
    return [
        (d, i)
        for i, (other, _ref) in enumerate(recent)
        if other is not None and (d := ((fp ^ other) & MASK64).bit_count()) <= limit
    ]


try:  # the same functions in C (setup.py builds them where a compiler is found): shingle_hash 17x the Python one
    from ._simhash import nearest, shingle_hash, simhash
except ImportError:  # pragma: no cover - exercised where the extension was not built
    simhash, shingle_hash, nearest = simhash_numpy, shingle_hash_python, nearest_python
NATIVE = simhash is not simhash_numpy


def fingerprint(text: str) -> int:
    """Simhash of the normalised text; near-duplicates differ in few bits (see :func:`hamming`)."""
    return simhash(shingle_text(text))


def hamming(a: int, b: int) -> int:
    """Number of differing bits between two 64-bit fingerprints (signed or unsigned)."""
    return ((a ^ b) & MASK64).bit_count()
