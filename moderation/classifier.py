"""The site's own text classifier: learnt from its moderators' decisions (removed or dismissed, and under which rule
category), plain Python at prediction time.

Training uses scikit-learn (`CountVectorizer` over jieba tokens + `MultinomialNB`), imported inside `train` so that
web processes and workers that only predict never load it. The trained model is kept as plain JSON (vocabulary,
class log-priors, per-token log-probabilities), never as a pickle: a database row is never executed as code, a
stored model keeps working across scikit-learn upgrades, and an admin can read what it learnt. Prediction is the
multinomial naive Bayes joint log-likelihood (a sum over the text's tokens) written out in `predict`: ten lines of
arithmetic, pinned against scikit-learn's own `predict_proba` by the tests.

This module imports no Django: the services feed it examples and store what it returns.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import jieba

from .engine import normalise

FORMAT = 1  # bump when the stored JSON changes shape
HOLDOUT = 0.25  # share of the decisions kept aside to measure a model before it is used
SEED = 13  # the split is reproducible: retraining on the same decisions measures the same way
ALPHA = 0.5  # additive smoothing
MAX_FEATURES = 30000
MIN_CATEGORY_EXAMPLES = 5  # a rule category with fewer removals is not predicted
TOP_TOKENS = 5

_WORD_RE = re.compile(r"[0-9a-z\u3400-\u9fff]", re.IGNORECASE)
_DIGITS_RE = re.compile(r"^\d{5,}$")
_HANDLE_RE = re.compile(r"^(?=.*\d)(?=.*[a-z])[0-9a-z_-]{6,}$", re.IGNORECASE)


def tokens(text: str) -> list[str]:
    """jieba words of the normalised text (full-width, traditional and case folded), punctuation dropped.

    A long number becomes `#数字` and a handle-like mix of letters and digits `#账号`: what a spammer's number or
    WeChat id looks like is learnt, not the one number a moderator happened to see."""
    out = []
    for word in jieba.lcut(normalise(text).text, HMM=False):
        word = word.strip().lower()
        if not word or not _WORD_RE.search(word):
            continue
        if _DIGITS_RE.match(word):
            word = "#数字"
        elif _HANDLE_RE.match(word):
            word = "#账号"
        out.append(word)
    return out


@dataclass(frozen=True)
class Example:
    text: str
    removed: bool
    category: str = ""  # the rule category of the removal ("" for a dismissal)


@dataclass(frozen=True)
class Metrics:
    """Measured on the hold-out: how the model's removal predictions (probability >= 0.5) matched the decisions."""

    decisions: int  # distinct texts decided
    train: int
    holdout: int
    holdout_removed: int
    precision: float
    recall: float
    accuracy: float
    category_accuracy: float | None  # on the hold-out's removals, when categories are predicted

    def as_dict(self) -> dict:
        return self.__dict__.copy()


@dataclass(frozen=True)
class Trained:
    params: dict
    metrics: Metrics


@dataclass(frozen=True)
class Prediction:
    probability: float  # that moderators would remove the text
    category: str  # the most likely rule category of such a removal ("" when not predicted)
    category_probability: float
    top_tokens: list[str] = field(default_factory=list)  # the words that pushed most towards removal


class TrainingError(ValueError):
    """Too few decisions, or only one kind of decision, to train and measure a model."""


def _nb_params(counts, labels: Sequence, classes: Sequence) -> dict:
    from sklearn.naive_bayes import MultinomialNB

    nb = MultinomialNB(alpha=ALPHA)
    nb.fit(counts, labels)
    order = [list(nb.classes_).index(c) for c in classes]
    return {
        "classes": list(classes),
        "prior": [float(nb.class_log_prior_[i]) for i in order],
        "log_prob": [[round(float(v), 5) for v in nb.feature_log_prob_[i]] for i in order],
    }


def train(examples: Sequence[Example], *, holdout: float = HOLDOUT, seed: int = SEED) -> Trained:
    """Train on a stratified (1 - holdout) share of the examples and measure on the rest.

    The model returned is the one that was measured (trained without its hold-out), so the figures stored with it
    are the figures of what will run."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.model_selection import train_test_split

    # One example per text (the latest decision about it): spam is posted again and again, and a copy on each side
    # of the split would measure memory, not learning.
    examples = list({" ".join(e.text.split()): e for e in examples}.values())
    labels = [e.removed for e in examples]
    n_removed = sum(labels)
    if n_removed < 2 or len(labels) - n_removed < 2:
        raise TrainingError("need at least two removed and two dismissed decisions")
    train_set, test_set = train_test_split(list(examples), test_size=holdout, random_state=seed, stratify=labels)
    vectorizer = CountVectorizer(analyzer=tokens, max_features=MAX_FEATURES)
    counts = vectorizer.fit_transform([e.text for e in train_set])
    vocabulary = vectorizer.get_feature_names_out().tolist()
    params: dict = {
        "format": FORMAT,
        "vocabulary": vocabulary,
        "removal": _nb_params(counts, [e.removed for e in train_set], [True, False]),
        "category": None,
    }
    removed_rows = [i for i, e in enumerate(train_set) if e.removed and e.category]
    frequent = Counter(train_set[i].category for i in removed_rows)
    kept = sorted(c for c, n in frequent.items() if n >= MIN_CATEGORY_EXAMPLES)
    if len(kept) >= 2:
        rows = [i for i in removed_rows if train_set[i].category in kept]
        params["category"] = _nb_params(counts[rows], [train_set[i].category for i in rows], kept)

    predictions = [predict(params, e.text) for e in test_set]
    tp = sum(1 for e, p in zip(test_set, predictions, strict=True) if e.removed and p.probability >= 0.5)
    fp = sum(1 for e, p in zip(test_set, predictions, strict=True) if not e.removed and p.probability >= 0.5)
    positives = sum(1 for e in test_set if e.removed)
    correct = sum(1 for e, p in zip(test_set, predictions, strict=True) if e.removed == (p.probability >= 0.5))
    category_accuracy = None
    if params["category"] is not None:
        judged = [(e, p) for e, p in zip(test_set, predictions, strict=True) if e.removed and e.category in kept]
        if judged:
            category_accuracy = round(sum(1 for e, p in judged if e.category == p.category) / len(judged), 4)
    metrics = Metrics(
        decisions=len(examples),
        train=len(train_set),
        holdout=len(test_set),
        holdout_removed=positives,
        precision=round(tp / (tp + fp), 4) if tp + fp else 0.0,
        recall=round(tp / positives, 4) if positives else 0.0,
        accuracy=round(correct / len(test_set), 4),
        category_accuracy=category_accuracy,
    )
    return Trained(params=params, metrics=metrics)


def _index(params: dict) -> dict[str, int]:
    # Built once per params dict (the selector keeps one per active model) and remembered on it.
    index = params.get("_index")
    if index is None:
        index = {token: i for i, token in enumerate(params["vocabulary"])}
        params["_index"] = index
    return index


def _joint(nb: dict, counts: dict[int, int]) -> list[float]:
    return [
        prior + sum(n * log_prob[i] for i, n in counts.items())
        for prior, log_prob in zip(nb["prior"], nb["log_prob"], strict=True)
    ]


def _softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def predict(params: dict, text: str) -> Prediction:
    """How likely the site's moderators would remove `text`, under which category, and the words that say so."""
    index = _index(params)
    counts = Counter(index[t] for t in tokens(text) if t in index)
    removal = params["removal"]
    probability = _softmax(_joint(removal, counts))[0]  # classes are [removed, dismissed]
    removed_lp, dismissed_lp = removal["log_prob"]
    lift = sorted(
        ((removed_lp[i] - dismissed_lp[i], i) for i in counts if removed_lp[i] > dismissed_lp[i]), reverse=True
    )
    vocabulary = params["vocabulary"]
    # The words a moderator can read as a reason: single characters (what jieba leaves of a word it does not know)
    # weigh in the sum but say nothing on their own.
    top = [vocabulary[i] for _lift, i in lift if len(vocabulary[i]) > 1][:TOP_TOKENS]
    category, category_probability = "", 0.0
    if params.get("category"):
        probs = _softmax(_joint(params["category"], counts))
        best = max(range(len(probs)), key=probs.__getitem__)
        category, category_probability = params["category"]["classes"][best], probs[best]
    return Prediction(round(probability, 4), category, round(category_probability, 4), top)


def stored(params: dict) -> dict:
    """The params as they are stored (without the in-memory index)."""
    return {k: v for k, v in params.items() if not k.startswith("_")}
