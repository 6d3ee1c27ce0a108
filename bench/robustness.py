"""Robustness of the checks to how a text is written (run on demand, never in the test suite).

    .venv/bin/python bench/robustness.py [-v] [--only NAME,..]

Metamorphic measurement: every evasion case of ``bench/quality/`` (development and held-out sets) that the engine
catches is rewritten by each transform below, and the figure is how many are still caught; every lookalike trap is
rewritten the same way, and the figure is how many are then held or blocked.  A transform is something a writer (or an
evader) does to a whole text without changing what a reader reads: zero-width spaces between the characters, full-width
forms, traditional characters, spaces or a symbol between Chinese characters, digits in Chinese, and so on.  Cases
that the engine misses as written are left out (bench/quality.py counts those).  ``--real K`` also rewrites every K-th
real innocent document of bench/quality.py's corpus and counts holds and flags per 1,000 (with the text as written
first, as the baseline).  No database.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_spec = importlib.util.spec_from_file_location("bench_quality", Path(__file__).resolve().parent / "quality.py")
quality = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
sys.modules[_spec.name] = quality  # type: ignore[union-attr]
_spec.loader.exec_module(quality)  # type: ignore[union-attr]

from moderation.engine import Engine, warm_up  # noqa: E402

_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])")


def _full_width(t: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in t)


def _traditional():  # type: ignore[no-untyped-def]
    import opencc

    cc = opencc.OpenCC("s2t")
    return cc.convert


TRANSFORMS = {
    "zero-width spaces between characters": lambda t: "\u200b".join(t),
    "full-width forms": _full_width,
    "traditional characters (OpenCC s2t)": None,  # built on first use
    "upper-case Latin": str.upper,
    "spaces between Chinese characters": lambda t: _CJK_GAP.sub(" ", t),
    "a symbol between Chinese characters": lambda t: _CJK_GAP.sub("❤", t),
    "ASCII digits written in Chinese": lambda t: t.translate(str.maketrans("0123456789", "零一二三四五六七八九")),
    "emoji around the text": lambda t: "🔥" + t + "🔥👍",
    "an innocent sentence before": lambda t: "大家好，今天分享一下我的经验。" + t,
    "an innocent sentence after": lambda t: t + "。谢谢大家的支持，有问题欢迎留言。",
    "non-breaking spaces": lambda t: t.replace(" ", "\u00a0"),
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-v", "--verbose", action="store_true", help="list what a transform breaks")
    ap.add_argument("--only", default="", help="comma-separated transform names (substrings) to run")
    ap.add_argument(
        "--real",
        type=int,
        default=0,
        metavar="K",
        help="also rewrite every K-th real document of bench/quality.py's corpus and count holds and flags per 1,000",
    )
    args = ap.parse_args(argv)
    engine = Engine.default()
    warm_up()
    rank = quality.RANK
    cases = quality.read_jsonl(quality.DATA / "evasion.jsonl") + quality.read_jsonl(
        quality.DATA / "evasion-heldout.jsonl"
    )
    traps = quality.read_jsonl(quality.DATA / "traps.jsonl") + quality.read_jsonl(quality.DATA / "traps-heldout.jsonl")

    def caught(c: dict, text: str) -> bool:
        v = quality.verdict_of(engine.scan(text, title=c.get("title", "")))
        return rank[v] >= rank[c.get("expect", "hold")]

    kept = [c for c in cases if caught(c, c["text"])]
    held0 = sum(quality.verdict_of(engine.scan(t["text"])) in ("hold", "block") for t in traps)
    print(f"{len(kept)} of {len(cases)} evasion cases caught as written; {held0} of {len(traps)} traps held as written")
    docs = quality.corpora.load_corpus()[:: args.real] if args.real else []
    if docs:
        verdicts = [quality.verdict_of(engine.scan(d.text)) for d in docs]
        held_real = 1000 * sum(v in ("hold", "block") for v in verdicts) / len(docs)
        flagged = 1000 * sum(v == "flag" for v in verdicts) / len(docs)
        print(f"{len(docs)} real documents as written: held {held_real:.2f} ‰, flagged {flagged:.2f} ‰")
    real_head = f" {'real held ‰':>12} {'flagged ‰':>10}" if docs else ""
    print(f"{'transform':<42} {'still caught':>14} {'traps held':>11}{real_head}")
    wanted = [w.strip() for w in args.only.split(",") if w.strip()]
    for name, fn in TRANSFORMS.items():
        if wanted and not any(w in name for w in wanted):
            continue
        f = fn or _traditional()
        missed = [c for c in kept if not caught(c, f(c["text"]))]
        held = [t for t in traps if quality.verdict_of(engine.scan(f(t["text"]))) in ("hold", "block")]
        real = ""
        if docs:
            verdicts = [quality.verdict_of(engine.scan(f(d.text))) for d in docs]
            held_real = sum(v in ("hold", "block") for v in verdicts)
            flagged = sum(v == "flag" for v in verdicts)
            real = f" {1000 * held_real / len(docs):>12.2f} {1000 * flagged / len(docs):>10.2f}"
        print(f"{name:<42} {len(kept) - len(missed):>6} / {len(kept):<6} {len(held):>11}{real}")
        if args.verbose:
            for c in missed:
                print(f"    missed  [{c['kind']}] {f(c['text'])!r}")
            for t in held:
                print(f"    held    {f(t['text'])!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
