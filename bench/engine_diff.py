"""Output equivalence of two engine versions on the quality corpus (run on demand, never in the test suite).

    .venv/bin/python bench/engine_diff.py dump OUT.pickle [--engine-path DIR --engine-module NAME]
    .venv/bin/python bench/engine_diff.py compare OLD.pickle NEW.pickle

``dump`` scans, with the engine package ``NAME`` found under ``DIR`` (default: this checkout's
``moderation.engine``), every real document of ``bench/quality.py``'s corpus three ways (plain; with the recent
window of the previous 20 documents of its genre; with ``fingerprint=True``), the same documents joined into
articles (plain and with a recent window), every evasion case and trap (with its title), and every real document,
evasion case and trap with each third-party list, and stores each ``Result.to_dict()`` plus its fingerprint.  A
snapshot of the old engine (copy ``moderation/engine`` and ``moderation/data`` side by side into a folder, rename
``engine`` to e.g. ``oldengine``) dumps the baseline; ``compare`` prints how many outputs differ and the first
few differences.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import importlib.util
import json
import pickle
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "quality"
RECENT_WINDOW = 20
ARTICLE_CHARS = 5000


def _corpora():
    spec = importlib.util.spec_from_file_location("quality_corpora", DATA / "corpora.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def _out(r) -> tuple:  # type: ignore[no-untyped-def]
    d = r.to_dict()
    d["fingerprint"] = r.fingerprint
    d["refs"] = [repr(m.ref) for m in r.matches]
    return json.dumps(d, ensure_ascii=False, sort_keys=True, default=repr)


def _windows(fp, texts: list[str], genres: list[str]) -> list[list]:  # type: ignore[no-untyped-def]
    fps = [fp(t) for t in texts]
    out: list[list] = []
    window: dict[str, list] = defaultdict(list)
    for i, g in enumerate(genres):
        w = window[g]
        out.append(list(w))
        w.append((fps[i], i))
        if len(w) > RECENT_WINDOW:
            w.pop(0)
    return out


def _articles(texts: list[str], genres: list[str]) -> tuple[list[str], list[str]]:
    out: list[str] = []
    out_g: list[str] = []
    buf: list[str] = []
    n = 0
    genre = None
    for t, g in zip(texts, genres, strict=True):
        if buf and (g != genre or n >= ARTICLE_CHARS):
            out.append("\n".join(buf))
            out_g.append(genre)
            buf, n = [], 0
        genre = g
        buf.append(t)
        n += len(t) + 1
    if buf:
        out.append("\n".join(buf))
        out_g.append(genre)
    return out, out_g


def dump(path: Path, engine_path: str | None, engine_module: str, limit: int | None) -> None:
    if engine_path:
        sys.path.insert(0, engine_path)
    else:
        sys.path.insert(0, str(ROOT))
    eng = importlib.import_module(engine_module)
    corpora = _corpora()
    docs = corpora.load_corpus(limit=limit)
    texts = [d.text for d in docs]
    genres = [d.genre for d in docs]
    cases = _jsonl(DATA / "evasion.jsonl") + _jsonl(DATA / "traps.jsonl")
    default = eng.Engine.default()
    out: dict[str, list] = {}
    scan = default.scan
    out["real"] = [_out(scan(t)) for t in texts]
    out["real_fingerprint"] = [_out(scan(t, fingerprint=True)) for t in texts]
    out["real_recent"] = [
        _out(scan(t, recent=w)) for t, w in zip(texts, _windows(eng.fingerprint, texts, genres), strict=True)
    ]
    arts, art_g = _articles(texts, genres)
    out["articles"] = [_out(scan(t)) for t in arts]
    out["articles_recent"] = [
        _out(scan(t, recent=w)) for t, w in zip(arts, _windows(eng.fingerprint, arts, art_g), strict=True)
    ]
    out["cases"] = [_out(scan(c["text"], title=c.get("title", ""))) for c in cases]
    out["cases_body"] = [_out(scan(c.get("title", "") + c["text"])) for c in cases]
    for name in corpora.LEXICON_SOURCES:
        rows, src = corpora.load_third_party_terms(name)
        kept = [r for r in rows if not eng.term_problem(r[0])]
        csv_path = corpora.CACHE / f"diff-{src.package.name}.csv"
        with open(csv_path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["term", "rule", "action", "category"])
            for term, category, rule in kept:
                w.writerow([term, rule, "flag", category])
        third = eng.Engine(eng.load_lexicon(csv_path))
        out[f"third:{name}"] = [_out(third.scan(t)) for t in texts]
        out[f"third_cases:{name}"] = [_out(third.scan(c["text"], title=c.get("title", ""))) for c in cases]
    path.write_bytes(pickle.dumps(out))
    print(f"{sum(map(len, out.values())):,} outputs written to {path}")


def compare(a: Path, b: Path, show: int) -> int:
    old = pickle.loads(a.read_bytes())
    new = pickle.loads(b.read_bytes())
    total = differ = 0
    for key in sorted(set(old) | set(new)):
        xs, ys = old.get(key, []), new.get(key, [])
        if len(xs) != len(ys):
            print(f"{key}: {len(xs)} vs {len(ys)} outputs")
            differ += abs(len(xs) - len(ys))
        n = 0
        for i, (x, y) in enumerate(zip(xs, ys, strict=False)):
            total += 1
            if x != y:
                differ += 1
                n += 1
                if n <= show:
                    print(f"{key}[{i}]:\n  old {x}\n  new {y}")
        print(f"{key}: {len(xs):,} outputs, {n} differ")
    print(f"total {total:,} outputs compared, {differ} differ")
    return 1 if differ else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--engine-path", default=None)
    d.add_argument("--engine-module", default="moderation.engine")
    d.add_argument("--limit", type=int, default=None)
    c = sub.add_parser("compare")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    c.add_argument("--show", type=int, default=5)
    args = ap.parse_args()
    if args.cmd == "dump":
        dump(args.out, args.engine_path, args.engine_module, args.limit)
        return 0
    return compare(args.old, args.new, args.show)


if __name__ == "__main__":
    raise SystemExit(main())
