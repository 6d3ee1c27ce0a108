"""Traditional -> simplified Chinese through OpenCC, one character for one (offsets stay those of the original),
and the phrase list the fast folding needs to know where OpenCC reads a phrase otherwise than its characters.

    .venv/bin/python -c "from moderation.engine.t2s import dump_t2s_phrases; print(dump_t2s_phrases(), end='')" \
        > moderation/data/opencc-t2s-phrases.txt     # after an OpenCC upgrade (tests/engine/test_fold_fast.py)
"""

from __future__ import annotations

import importlib.metadata
import re
import threading
from pathlib import Path

from .charclass import char_ranges

T2S_PHRASES = Path(__file__).resolve().parent.parent / "data" / "opencc-t2s-phrases.txt"

_t2s_lock = threading.Lock()
_t2s_state: dict[str, object] = {}


def t2s_tables() -> tuple[object, re.Pattern[str], dict[int, str]]:
    """OpenCC converter, a regex of the characters it changes, and a char-level fallback table.

    Built once per process: OpenCC converts all ~27k CJK code points in one call (a few ms).
    """
    with _t2s_lock:
        if not _t2s_state:
            import opencc

            cc = opencc.OpenCC("t2s")
            chars = [chr(c) for c in range(0x3400, 0xA000)]
            converted = cc.convert("\n".join(chars)).split("\n")
            table = {ord(a): b for a, b in zip(chars, converted, strict=True) if a != b and len(b) == 1}
            _t2s_state["cc"] = cc
            _t2s_state["re"] = re.compile(f"[{char_ranges([chr(c) for c in table])}]")
            _t2s_state["table"] = table
    return _t2s_state["cc"], _t2s_state["re"], _t2s_state["table"]  # type: ignore[return-value]


_SURROGATE_RE = re.compile("([\ud800-\udfff]+)")


def to_simplified(text: str) -> str:
    """Traditional -> simplified, length-preserving; OpenCC runs only if a traditional char is present."""
    cc, trad_re, table = t2s_tables()
    if trad_re.search(text) is None:
        return text
    if _SURROGATE_RE.search(text) is not None:
        # OpenCC reads UTF-8, which has no lone surrogates (a JSON "\ud800"): convert the pieces between them.
        return "".join(p if i % 2 else to_simplified(p) for i, p in enumerate(_SURROGATE_RE.split(text)))
    out = cc.convert(text)  # type: ignore[attr-defined]
    if len(out) == len(text):
        return out
    # A phrase conversion changed the length: fall back to the per-character table so that
    # offsets stay 1:1.
    return text.translate(table)


def _installed_opencc() -> str:
    try:
        return importlib.metadata.version("OpenCC")
    except importlib.metadata.PackageNotFoundError:
        return ""


def dump_t2s_phrases() -> str:
    """The phrase list file for the installed OpenCC (its TSPhrases keys, dumped with the package's own
    ``opencc_dict``), as moderation/data/opencc-t2s-phrases.txt holds it."""
    import subprocess
    import tempfile

    import opencc

    root = Path(opencc.__file__).resolve().parent / "clib"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "TSPhrases.txt"
        subprocess.run(
            [str(root / "bin" / "opencc_dict"), "-i", str(root / "share" / "opencc" / "TSPhrases.ocd2")]
            + ["-o", str(out), "-f", "ocd2", "-t", "text"],
            check=True,
            capture_output=True,
        )
        keys = sorted({ln.split("\t")[0] for ln in out.read_text(encoding="utf-8").splitlines() if ln.strip()})
    head = T2S_PHRASES.read_text(encoding="utf-8").splitlines()[1:6] if T2S_PHRASES.exists() else []
    return "\n".join([f"# OpenCC {_installed_opencc()}", *head, *keys]) + "\n"
