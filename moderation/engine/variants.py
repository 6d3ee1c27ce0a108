"""Spellings of lexicon terms that evade a plain match: homophones, pinyin abbreviations, pinyin annotations.

* **Homophones.** 六和彩 for 六合彩, 代开发飘 for 代开发票: one character replaced by another with the same toneless
  pinyin.  The lexicon adds these spellings to its automaton (one search finds them with the exact terms), generated
  from pypinyin's readings.  Replacements are limited to the 6,763 characters of GB 2312: evaders write with an
  ordinary input method, which offers these first, and a rarer character would only add patterns.  Candidates are
  indexed under every reading they have (陆 reads lu and liu, so 陆合彩 is a spelling of 六合彩); the term's own
  character is read as pypinyin reads the whole term (its phrase dictionary: 银行 reads yin hang).  A spelling that
  is a dictionary word of its own (保养 for 包养) is not generated.  The engine confirms a homophone more strictly
  than an exact hit (see ``Engine._confirmed``), and a homophone counts beside intent evidence, or alone when it is
  a disguise: a spelling of a term of at least ``MIN_ALONE_CHARS`` characters that would hold or block, which the
  text reads better without (``segment.reads_better``: 代开发飘 reads as nothing, 代开发票 as words; a running
  date, 同城约跑, reads as well as 同城约炮 to jieba and is left alone).
* **Pinyin abbreviations.** dkfp for 代开发票: the initials of a term of two or more characters, as a whole Latin
  word.  Ordinary abbreviations collide with them, so they count only beside intent evidence.
* **Annotations.** Pages scraped from the web carry a character's pinyin after it in brackets (發(fā)票); the
  annotations are removed before the lexicon reads the text (``strip_annotations``).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

MAX_VARIANT_PATTERNS = 200_000  # spellings generated for one lexicon, at most (heaviest terms first)
MAX_VARIANT_TERMS = 20_000  # terms whose spellings are generated, at most (pypinyin costs ~20 us a term)
MIN_ABBREVIATION = 2
# A homophone may count without intent evidence only as a spelling of a term this long (two of its characters or more
# kept as written: of a two-character term, one character in two is a coincidence too often, 毒资 in a drug report
# for 赌资, 霞分 in a poem for 下分) that would hold or block (disguising a word only flagged is not worth alerting).
MIN_ALONE_CHARS = 3
ALONE_ACTIONS = frozenset({"hold", "block"})
_lock = threading.Lock()
_state: dict[str, object] = {}


def _common_chars() -> list[str]:
    out = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return out


def _tables() -> tuple[dict[str, list[str]], object]:
    """reading -> common characters with that (default, toneless) reading; and pypinyin's lazy_pinyin."""
    with _lock:
        if not _state:
            from pypinyin import Style, lazy_pinyin, pinyin

            chars = _common_chars()
            by_reading: dict[str, list[str]] = {}
            # Every reading of a character: 陆 (lu, liu) stands for 六 (liu) in 陆合彩.
            for ch, pys in zip(chars, pinyin(chars, style=Style.NORMAL, heteronym=True), strict=True):
                for py in dict.fromkeys(pys):
                    by_reading.setdefault(py, []).append(ch)
            _state["by_reading"] = by_reading
            _state["lazy_pinyin"] = lazy_pinyin
            _state["style"] = Style
    return _state["by_reading"], _state["lazy_pinyin"]  # type: ignore[return-value]


def readings(key: str) -> list[str]:
    """Toneless pinyin of each character of ``key`` (in context: pypinyin's phrase dictionary)."""
    _by, lazy = _tables()
    style = _state["style"]
    out = lazy(key, style=style.NORMAL, errors=lambda s: list(s))  # type: ignore[operator, attr-defined]
    return out if len(out) == len(key) else []


def homophone_variants(key: str) -> list[str]:
    """Spellings of an all-CJK ``key`` with one character replaced by a common same-reading character."""
    by_reading, _lazy = _tables()
    pys = readings(key)
    if not pys:
        return []
    out: list[str] = []
    for i, py in enumerate(pys):
        for h in by_reading.get(py, ()):
            if h != key[i]:
                out.append(key[:i] + h + key[i + 1 :])
    return out


def spellings(entries: list[Any]) -> list[tuple[str, str, Any, bool]]:
    """The generated spellings of a lexicon's exact ``entries`` (lexicon.Entry), heaviest terms first: (spelling,
    kind, the entry it spells, whether it may count alone), never a spelling that is an exact key or a word of
    jieba's dictionary (包养 -> 保养 is that word)."""
    exact = {e.key for e in entries}
    cands = [e for e in entries if not e.allowed and e.term.score > 0 and e.cjk_len == len(e.key) >= 2]
    # jieba's dictionary, read directly rather than through is_word, whose cache a large lexicon's few hundred
    # thousand spellings overflow; loaded only when some term has spellings to test.
    words = word_frequencies() if cands else {}
    cands.sort(key=lambda e: -e.term.score)
    seen: set[str] = set()
    out: list[tuple[str, str, Any, bool]] = []
    for e in cands[:MAX_VARIANT_TERMS]:
        abbr = pinyin_abbreviation(e.key)
        kinds = [(v, "homophone") for v in homophone_variants(e.key)]
        if abbr:
            kinds.append((abbr, "pinyin_abbr"))
        alone = len(e.key) >= MIN_ALONE_CHARS and e.term.action in ALONE_ACTIONS
        for v, kind in kinds:
            if v in exact or v in seen or (kind == "homophone" and (words.get(v) or 0) >= 1):
                continue
            seen.add(v)
            out.append((v, kind, e, alone and kind == "homophone"))
        if len(out) >= MAX_VARIANT_PATTERNS:
            break
    return out


def pinyin_abbreviation(key: str) -> str | None:
    """The initials of an all-CJK key of at least MIN_ABBREVIATION characters (代开发票 -> dkfp, 约炮 -> yp)."""
    if len(key) < MIN_ABBREVIATION:
        return None
    pys = readings(key)
    if not pys or not all(p and p[0].isascii() and p[0].isalpha() for p in pys):
        return None
    return "".join(p[0] for p in pys)


# A pinyin annotation right after a CJK character: (fā) （fa1） (fa) — a syllable of Latin letters with a tone mark, a
# tone digit or neither, in ASCII or full-width brackets (and the spaces after it, before the next character).
# Without brackets nothing is taken (too many false reads).
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
ANNOTATION_RE = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（]\s*[a-z{_TONED}]{{1,6}}[1-5]?\s*[)）]\s*(?=[\u3400-\u9fff])", re.IGNORECASE
)
_ANNOTATION_PROBE = re.compile(rf"[(（]\s*[a-z{_TONED}]{{1,6}}[1-5]?\s*[)）]", re.IGNORECASE)


_CJK_SPACE_RE = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")


def strip_annotations(text: str) -> tuple[str, list[int]] | None:
    """``text`` without its pinyin annotations (and the spaces between CJK characters, as the contact level has
    them) and the sorted positions deleted, or None when it has no annotation."""
    if _ANNOTATION_PROBE.search(text) is None:
        return None
    dels = [i for m in ANNOTATION_RE.finditer(text) for i in range(m.start(), m.end())]
    if dels:
        dels = sorted(set(dels) | {i for m in _CJK_SPACE_RE.finditer(text) for i in range(m.start(), m.end())})
    if not dels:
        return None
    keep = set(dels)
    return "".join(c for i, c in enumerate(text) if i not in keep), dels


def word_frequencies() -> dict[str, int]:
    """jieba's dictionary: word -> frequency (0 for a prefix that is no word of its own)."""
    from .segment import _tokenizer

    return _tokenizer().FREQ  # type: ignore[attr-defined]


@lru_cache(maxsize=4096)
def is_word(s: str, freq_min: int = 1) -> bool:
    """``s`` is a word of jieba's dictionary (a real word cannot be an evasion spelling)."""
    return (word_frequencies().get(s) or 0) >= freq_min
