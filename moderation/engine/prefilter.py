"""Which texts a lexicon's automaton need not read at all.

Most real text holds none of a lexicon's patterns, and asking ahocorasick_rs costs ~2 us a call even then (its own
prefilters look for rare bytes, and a Chinese lexicon in UTF-16 has none).  A pattern can only occur where its first
four code units do (all of them, for a pattern that short): ``_textscan.may_match`` checks that in one C pass over
the text, and the automaton runs only where it says True.  False means no match, never a guess (on the real corpus,
default lexicon with the engine's triggers, it says True for 2,384 of 59,867 documents; the automaton matches in
2,341).  Without the C extension there is no prefilter and the automaton reads every text (``may_match`` is None).

``quiet`` goes further, for the engine: True when it certainly finds nothing in a text at all (see _textscan.c), so
that most prose costs one C call.  Its tables are the normaliser's and the contact detectors' classes.
"""

from __future__ import annotations

import re

import numpy as np

from .charclass import class_table
from .detectors.contacts import _CN, NAME_SKIP, NAME_STARTS, SEP_CLASS
from .detectors.contacts import _D as _DIGITS
from .detectors.links import DOT_LIKE, DOT_SKIP, TOKEN_CLOSE, TOKEN_OPEN
from .fold import fold, fold_state
from .normalise import normalise

try:
    from ._textscan import may_match, quiet, set_keywords, set_probe
except ImportError:  # pragma: no cover - exercised where the extension was not built
    may_match = quiet = set_keywords = set_probe = None

__all__ = ["may_match", "quiet", "quiet_ready", "tables"]
_quiet_state: list[bool] = []


def quiet_ready() -> bool:
    """Whether ``quiet`` can decide: its tables set (once per process; the folding tables by fold_state, the noise
    classes by the normaliser, the rest here)."""
    if not _quiet_state:
        if quiet is not None:
            normalise("")  # the normaliser gives the C passes their tables
            set_probe(probe_table())
            set_keywords(*name_tables())
        _quiet_state.append(quiet is not None and fold_state()[1] is not None)
    return _quiet_state[0]


def _folded_signs(signs: str) -> str:
    """What folding makes of ``signs`` as written in either width (HALF_WIDTH reads both as one): a class body."""
    written = {c for s in signs for c in (s, chr(ord(s) + 0xFEE0) if "!" <= s <= "~" else s)}
    return "".join(re.escape(fold(c)) for c in sorted(written))


def probe_table() -> bytes:
    """quiet()'s classes of the BMP (the bits of _textscan.c), from the detectors' own: the contact detectors' digits
    and separators; the letters and spaces of a pinyin annotation; the characters of an ID; a dot written otherwise
    and what may follow it; what opens and closes a 淘口令 as folding writes it; what may stand inside a name."""
    return class_table(
        [
            (_DIGITS, 1),
            (SEP_CLASS, 2),
            ("a-zA-Z\u00c0-\u024f\u1e00-\u1eff", 4),
            (r"\s", 8),
            ("a-z0-9_\\-" + _CN, 16),
            (DOT_LIKE, 32),
            (DOT_SKIP, 64),
            (_folded_signs(TOKEN_OPEN), 128),
            (_folded_signs(TOKEN_CLOSE), 256),
            (NAME_SKIP, 512),
        ],
        "H",
    )


def name_tables() -> tuple[bytes, bytes, int]:
    """quiet()'s application names (contacts.NAME_STARTS): the groups each character may begin, the groups it may
    go on with, and the groups of a name of one character."""
    always = 0
    first: list[tuple[str, int]] = []
    nxt: list[tuple[str, int]] = []
    for g, (starts, follows) in enumerate(NAME_STARTS):
        first.append((re.escape(starts), 1 << g))
        if follows:
            nxt.append((re.escape(follows), 1 << g))
        else:
            always |= 1 << g
    return class_table(first, "I"), class_table(nxt, "I"), always


# A unit is a pattern / begins one of two units / of three / a longer one (_textscan.c).
ONE, TWO, THREE, FOUR = 1, 2, 4, 8
PAIR_TAG, TRIPLE_TAG, QUAD_TAG = 1 << 48, 2 << 48, 3 << 48
_HASH_MUL = np.uint64(0x9E3779B97F4A7C15)
PAIR_BITS_LOG = 18  # the bitmap of hashes of the patterns' first two units: 2^18 bits (_textscan.c)


def _hashed(x: np.ndarray, bits: int) -> np.ndarray:
    """The top ``bits`` bits of ``x * _HASH_MUL`` modulo 2**64 (_textscan.c's multiplicative hash)."""
    with np.errstate(over="ignore"):
        return (x * _HASH_MUL) >> np.uint64(64 - bits)


def tables(patterns: list[str]) -> tuple[bytes, bytes]:
    """``may_match``'s tables for the patterns: a gate byte per code unit (ONE | TWO | THREE | FOUR) followed by a
    bitmap of hashes of the first two units of the patterns of two units or more (where no pattern begins, the hash
    set is not looked in: most text); and the hash set of the two-unit patterns (``PAIR_TAG | first << 16 |
    second``), of the three-unit ones (``TRIPLE_TAG | first << 32 | second << 16 | third``) and of 48 bits of a hash
    of the first four units of the longer ones (``QUAD_TAG | hash >> 16``: a collision only makes ``may_match`` look
    where nothing is, never miss a pattern): open addressing with linear probing, a slot holding its key + 1, a
    power of two in size and at most a quarter full (native byte order).

    In numpy (a site's lexicon with its generated spellings is a few hundred thousand patterns: a loop over them in
    Python took seconds), on the UTF-16 code units of the patterns joined."""
    gates = np.zeros(0x10000 + (1 << PAIR_BITS_LOG) // 8, dtype=np.uint8)
    patterns = [p for p in patterns if p]
    if patterns:
        joined = "".join(patterns)
        units = np.frombuffer(joined.encode("utf-16-be", "surrogatepass"), dtype=">u2").astype(np.uint64)
        if len(units) == len(joined):
            lengths = np.fromiter(map(len, patterns), dtype=np.int64, count=len(patterns))
        else:  # a character above U+FFFF is two units
            lengths = np.array([len(p.encode("utf-16-be", "surrogatepass")) // 2 for p in patterns], dtype=np.int64)
        starts = np.cumsum(lengths) - lengths
        padded = np.concatenate((units, np.zeros(4, dtype=np.uint64)))
        u = [padded[starts + k] for k in range(4)]
        two = (u[0] << np.uint64(16)) | u[1]
        three = (two << np.uint64(16)) | u[2]
        four = (three << np.uint64(16)) | u[3]
        first = u[0].astype(np.int64)
        for length, gate in ((lengths == 1, ONE), (lengths == 2, TWO), (lengths == 3, THREE), (lengths >= 4, FOUR)):
            np.bitwise_or.at(gates, first[length], gate)
        pair_bits = _hashed(two[lengths >= 2], PAIR_BITS_LOG).astype(np.int64)
        np.bitwise_or.at(gates, 0x10000 + (pair_bits >> 3), (1 << (pair_bits & 7)).astype(np.uint8))
        keys = np.unique(
            np.concatenate(
                (
                    np.uint64(PAIR_TAG) | two[lengths == 2],
                    np.uint64(TRIPLE_TAG) | three[lengths == 3],
                    np.uint64(QUAD_TAG) | _hashed(four[lengths >= 4], 48),
                )
            )
        )
    else:
        keys = np.zeros(0, dtype=np.uint64)
    bits = max(1, (4 * len(keys) - 1).bit_length())
    slots = np.zeros(1 << bits, dtype=np.uint64)
    # Linear probing, every key at once: each round, the keys still waiting take their slot if it is free (the
    # first of several wanting the same one), and the others try the next.
    mask = np.int64((1 << bits) - 1)
    at = _hashed(keys, bits).astype(np.int64)
    waiting = keys
    while len(waiting):
        free = slots[at] == 0
        cand, first_of = np.unique(at[free], return_index=True)
        slots[cand] = waiting[free][first_of] + np.uint64(1)
        placed = np.zeros(len(waiting), dtype=bool)
        placed[np.flatnonzero(free)[first_of]] = True
        waiting, at = waiting[~placed], (at[~placed] + 1) & mask
    return gates.tobytes(), slots.astype(np.dtype("=u8")).tobytes()
