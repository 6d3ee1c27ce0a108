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
from array import array

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


def _units(pattern: str) -> list[int]:
    """The UTF-16 code units of ``pattern`` (what the automaton matches)."""
    data = pattern.encode("utf-16-be", "surrogatepass")
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


# A unit is a pattern / begins one of two units / of three / a longer one (_textscan.c).
ONE, TWO, THREE, FOUR = 1, 2, 4, 8
PAIR_TAG, TRIPLE_TAG, QUAD_TAG = 1 << 48, 2 << 48, 3 << 48
_HASH_MUL = 0x9E3779B97F4A7C15
PAIR_BITS_LOG = 18  # the bitmap of hashes of the patterns' first two units: 2^18 bits (_textscan.c)
_MASK64 = (1 << 64) - 1


def _quad(units: list[int]) -> int:
    """48 bits of a hash of a pattern's first four units (_textscan.c's quad_key): a collision only makes
    ``may_match`` look where nothing is, never miss a pattern."""
    four = units[0] << 48 | units[1] << 32 | units[2] << 16 | units[3]
    return ((four * _HASH_MUL) & _MASK64) >> 16


def tables(patterns: list[str]) -> tuple[bytes, bytes]:
    """``may_match``'s tables for the patterns: a gate byte per code unit (ONE | TWO | THREE | FOUR) followed by a
    bitmap of hashes of the first two units of the patterns of two units or more (where no pattern begins, the hash
    set is not looked in: most text); and the hash set of the two-unit patterns (``PAIR_TAG | first << 16 |
    second``), of the three-unit ones (``TRIPLE_TAG | first << 32 | second << 16 | third``) and of the first four
    units of the longer ones (``QUAD_TAG | _quad(units)``): open addressing with linear probing, a slot holding its
    key + 1, a power of two in size and at most a quarter full (native byte order)."""
    gates = bytearray(0x10000 + (1 << PAIR_BITS_LOG) // 8)
    keys: set[int] = set()
    for p in patterns:
        units = _units(p)
        if len(units) >= 2:
            b = (((units[0] << 16 | units[1]) * _HASH_MUL) & _MASK64) >> (64 - PAIR_BITS_LOG)
            gates[0x10000 + (b >> 3)] |= 1 << (b & 7)
        if len(units) == 1:
            gates[units[0]] |= ONE
        elif len(units) == 2:
            gates[units[0]] |= TWO
            keys.add(PAIR_TAG | units[0] << 16 | units[1])
        elif len(units) == 3:
            gates[units[0]] |= THREE
            keys.add(TRIPLE_TAG | units[0] << 32 | units[1] << 16 | units[2])
        elif len(units) >= 4:
            gates[units[0]] |= FOUR
            keys.add(QUAD_TAG | _quad(units))
    bits = max(1, (4 * len(keys) - 1).bit_length())
    slots = [0] * (1 << bits)
    mask = len(slots) - 1
    for key in sorted(keys):
        h = ((key * _HASH_MUL) & _MASK64) >> (64 - bits)
        while slots[h & mask]:
            h += 1
        slots[h & mask] = key + 1
    return bytes(gates), array("Q", slots).tobytes()
