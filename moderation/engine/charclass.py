"""Character classes shared by the folding, the normaliser and the detectors: CJK ideographs, what the contact level
deletes (invisible characters, horizontal spaces, symbols), a set of characters as the body of a regex character
class, and a table of classes for the C passes (_textscan.c)."""

from __future__ import annotations

import re
from array import array

CJK_BMP = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007"
CJK_CLASS = CJK_BMP + "\U00020000-\U0002fa1f"
CJK_RE = re.compile(f"[{CJK_CLASS}]")

# What the contact level deletes (normalise.py).
_INVISIBLE_BMP = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\u0300-\u036f\u20d0-\u20ff\ufe20-\ufe2f"
)
_INVISIBLE_ASTRAL = "\U000e0000-\U000e007f"
_INVISIBLE = _INVISIBLE_BMP + _INVISIBLE_ASTRAL
_HSPACE = " \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# Symbols people sprinkle between the characters of a word (六★合★彩, c.a.s.i.n.o, 加【微】信).
# Sentence punctuation (，。、；：？！) and the very common “”《》（） are NOT in this set: they
# separate real words, and scanning for them would cost time on every article.
_SYMBOLS_BMP = (
    r"\-.*_~|/\\^+=#$&@'\"`<>()\[\]{}"
    "．－—★☆♥♡❤✿❀◆◇■□●○▲△▼▽※〓【】〔〕〖〗［］｛｝＊＿～｜／＼＋＝＃＄＆＠·・•‧∙°「」『』＜＞﹏"
    "\u2190-\u21ff\u2200-\u23ff\u2500-\u27bf\u2900-\u2bff\u3030\u303d\u3297\u3299"
)
_SYMBOLS_ASTRAL = "\U0001f000-\U0001faff"
_SYMBOLS = _SYMBOLS_BMP + _SYMBOLS_ASTRAL


def is_cjk(ch: str) -> bool:
    """True for a CJK ideograph (including 〇)."""
    return CJK_RE.match(ch) is not None


def char_ranges(chars: list[str]) -> str:
    """Compress a set of characters into a regex character-class body."""
    cps = sorted({ord(c) for c in chars})
    out: list[str] = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        a, b = cps[i], cps[j]
        out.append(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}")
        i = j + 1
    return "".join(out)


_EVERY_BMP = "".join(map(chr, [*range(0xD800), *range(0xE000, 0x10000)]))  # the BMP without its surrogates


def bmp_chars(class_body: str) -> str:
    """Every BMP character (surrogates aside) that the regex class ``[class_body]`` matches, in order."""
    return "".join(re.findall(f"[{class_body}]", _EVERY_BMP))


def class_table(classes: list[tuple[str, int]], typecode: str = "B") -> bytes:
    """One item (an array typecode: B a byte, H two, I four) per BMP code unit, the bit of each (regex class body,
    bit) pair that matches it set: how the C passes learn the regexes' classes, so that the two cannot drift apart
    (native byte order)."""
    table = array(typecode, bytes(0x10000 * array(typecode).itemsize))
    for body, bit in classes:
        for c in bmp_chars(body):
            table[ord(c)] |= bit
    return table.tobytes()
