"""How the site's classifier (moderation/classifier.py) learns from decisions, on text nobody on the project wrote.

Simulated decisions: the quality benchmark's evasion cases (bench/quality/evasion.jsonl, realistic comment spam) as
removals, and its lookalike traps (traps.jsonl) plus N real innocent documents from the registry corpora
(bench/quality/corpora.py: reviews, newspaper, Cantonese, poetry) as dismissals. Trained and measured exactly as
the periodic task does (stratified 25 % hold-out), then timed: prediction per document against jieba.cut on the same
documents, in the same run.

    .venv/bin/python bench/classifier.py [--real 2000]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# bench/ itself is not an import root: its queue.py would shadow the standard library's for scikit-learn's joblib.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path[:0] = [str(ROOT), str(ROOT / "bench" / "quality")]

import jieba  # noqa: E402
from corpora import load_corpus  # noqa: E402

from moderation import classifier  # noqa: E402


def cases(name: str) -> list[dict]:
    return [json.loads(line) for line in (ROOT / "bench" / "quality" / name).read_text().splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--real", type=int, default=2000, help="real innocent documents among the dismissals")
    args = parser.parse_args()
    rng = random.Random(7)
    docs = load_corpus(limit=max(1, args.real // 4) * 4)
    real = rng.sample([d.text for d in docs], min(args.real, len(docs)))
    removed = [c["text"] for c in cases("evasion.jsonl")]
    traps = [c["text"] for c in cases("traps.jsonl")]
    examples = [classifier.Example(t, True, "3") for t in removed]
    examples += [classifier.Example(t, False) for t in traps + real]
    print(f"decisions: {len(removed)} removed (evasion cases), {len(traps)} traps + {len(real)} real docs dismissed")
    jieba.initialize()
    started = time.process_time()
    trained = classifier.train(examples)
    print(f"training: {time.process_time() - started:.2f} s CPU, vocabulary {len(trained.params['vocabulary'])} tokens")
    m = trained.metrics
    print(
        f"hold-out: {m.holdout} decisions ({m.holdout_removed} removed): precision {m.precision:.3f}, "
        f"recall {m.recall:.3f}, accuracy {m.accuracy:.3f}"
    )
    trap_set = set(traps)
    from sklearn.model_selection import train_test_split

    _train, test = train_test_split(
        examples, test_size=classifier.HOLDOUT, random_state=classifier.SEED, stratify=[e.removed for e in examples]
    )
    held_traps = [e for e in test if e.text in trap_set]
    wrong = sum(classifier.predict(trained.params, e.text).probability >= 0.5 for e in held_traps)
    print(f"traps in the hold-out predicted 'removed': {wrong} of {len(held_traps)}")
    sample = real[:1000]
    started = time.process_time()
    for text in sample:
        list(jieba.cut(text))
    jieba_s = time.process_time() - started
    started = time.process_time()
    for text in sample:
        classifier.predict(trained.params, text)
    predict_s = time.process_time() - started
    chars = sum(len(t) for t in sample)
    print(
        f"speed on {len(sample)} real documents ({chars} chars): jieba.cut {jieba_s:.3f} s, "
        f"predict {predict_s:.3f} s CPU ({predict_s / jieba_s:.2f}x jieba.cut; it runs jieba once itself)"
    )


if __name__ == "__main__":
    main()
