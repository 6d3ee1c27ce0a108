"""Segmentation-aware confirmation of CJK lexicon hits.

A Chinese term can occur by accident across a word boundary: 发票 in 开发|票务, 六合彩 in
六合|彩虹.  Requiring the term to be a jieba token is wrong too, because jieba's best cut
sometimes splits real hits (刷|单日|结, 约|炮).  So we compare two readings of a small window
around the hit, using jieba's own unigram model (prefix dictionary + log frequencies, as in
``Tokenizer.calc``):

* best   -- the unconstrained best segmentation of the window;
* forced -- the best segmentation in which the term is one word (or lies wholly inside a longer
            dictionary word, e.g. 赌博 inside 赌博机) and no word cuts through its boundaries.

The hit fires when ``forced >= best - MARGIN``.  Lexicon terms are often missing from jieba's
dictionary (刷单, 约炮), so the term is scored with at least ``TERM_FREQ_FLOOR``.

Only a window of a few characters is ever segmented; the whole text never is.
"""

from __future__ import annotations

import gc
import logging
import threading
from math import log

from .normalise import is_cjk

WINDOW = 6  # CJK characters of context on each side of the hit
TERM_FREQ_FLOOR = 30  # pseudo-frequency for a lexicon term jieba does not know (or knows as rare)
MARGIN = 1.0  # natural-log units the term reading may lose against the best reading
CHANNEL_MARGIN = 2.0  # natural-log units a term must read better than its spelling to call the spelling a disguise

_lock = threading.Lock()
_state: dict[str, object] = {}


def _tokenizer():  # type: ignore[no-untyped-def]
    """jieba's default tokenizer, initialised once per process (~1 s the first time)."""
    dt = _state.get("dt")
    if dt is None:
        with _lock:
            dt = _state.get("dt")
            if dt is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                jieba.dt.check_initialized()
                dt = jieba.dt
                _state["dt"] = dt
                _state["logtotal"] = log(dt.total)
    return dt


def warm_up() -> None:
    """Initialise jieba and the folding tables now (e.g. in a worker at start-up) instead of on the first CJK hit
    and the first text to fold."""
    from .fold import fold_state, wide_state

    _tokenizer()
    fold_state()
    wide_state()


def settle() -> None:
    """Take what is alive now (an engine just built: its lexicon, its generated spellings, its tables; jieba's
    dictionary) out of the cyclic garbage collector's sight: one collection, then ``gc.freeze``.  Those are hundreds
    of thousands of objects that live as long as the process, and every full collection walked them all again: with
    the bench's engines loaded, scanning the real corpus took 1.35 s of CPU, and 1.01 s once settled
    (bench/quality.py).  Objects dropped later are still freed by their reference counts; only garbage in a cycle
    among them would stay."""
    gc.collect()
    gc.freeze()


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    lo = start
    while lo > 0 and start - lo < WINDOW and is_cjk(text[lo - 1]):
        lo -= 1
    hi = end
    while hi < len(text) and hi - end < WINDOW and is_cjk(text[hi]):
        hi += 1
    return lo, hi


def _best(sent: str, edges: dict[int, list[int]], logp) -> float:  # type: ignore[no-untyped-def]
    n = len(sent)
    route = [0.0] * (n + 1)
    for i in range(n - 1, -1, -1):
        route[i] = max(logp(i, x) + route[x + 1] for x in edges[i]) if edges[i] else float("-inf")
    return route[0]


def reading_scores(
    text: str, start: int, end: int, floor: int = TERM_FREQ_FLOOR, always: bool = False
) -> tuple[float, float] | None:
    """(forced, best) log-probabilities for the window around ``text[start:end]``, or None when
    no dictionary word cuts through the hit's boundaries (then there is nothing to weigh)."""
    dt = _tokenizer()
    freq = dt.FREQ  # type: ignore[attr-defined]
    logtotal: float = _state["logtotal"]  # type: ignore[assignment]
    lo, hi = _window(text, start, end)
    sent = text[lo:hi]
    s, e = start - lo, end - lo  # term is sent[s:e]
    dag: dict[int, list[int]] = dt.get_DAG(sent)  # type: ignore[attr-defined]

    def partial(k: int, x: int) -> bool:
        overlaps = k < e and x >= s
        superset = k <= s and x >= e - 1
        return overlaps and not superset

    crossing = any(x > k and partial(k, x) and not (k >= s and x <= e - 1) for k in dag for x in dag[k])
    if not crossing and not always:
        return None
    term = sent[s:e]
    term_logp = log(max(freq.get(term) or 0, floor, 1)) - logtotal

    def logp(k: int, x: int) -> float:
        if k == s and x == e - 1:
            return max(term_logp, log(freq.get(term) or 1) - logtotal)
        return log(freq.get(sent[k : x + 1]) or 1) - logtotal

    n = len(sent)
    free = {k: sorted(set(dag[k]) | {k}) for k in range(n)}
    forced = {k: [x for x in free[k] if not partial(k, x)] for k in range(n)}
    forced[s] = sorted(set(forced[s]) | {e - 1})
    return _best(sent, forced, logp), _best(sent, free, logp)


def strict_confirm(text: str, start: int, end: int) -> bool:
    """Confirmation for a generated spelling (a homophone): the spelling is scored as an unknown word (no
    pseudo-frequency: 约跑 in 同城约跑 reads better as 约|跑), and its reading must be the best reading, with no
    margin."""
    scores = reading_scores(text, start, end, floor=1, always=True)
    if scores is None:
        return True
    forced, best = scores
    return forced >= best


def _free_best(sent: str) -> float:
    """The log-probability of jieba's best segmentation of ``sent`` (its own frequencies, an unknown piece 1)."""
    dt = _tokenizer()
    freq = dt.FREQ  # type: ignore[attr-defined]
    logtotal: float = _state["logtotal"]  # type: ignore[assignment]
    edges = {k: sorted({k, *xs}) for k, xs in dt.get_DAG(sent).items()}  # type: ignore[attr-defined]
    return _best(sent, edges, lambda k, x: log(freq.get(sent[k : x + 1]) or 1) - logtotal)


def reads_better(text: str, start: int, end: int, key: str) -> bool:
    """Whether the window around the spelling ``text[start:end]`` reads better with the term ``key`` in its place
    by at least CHANNEL_MARGIN, each reading segmented freely with jieba's own frequencies (no pseudo-frequency for
    the term: a term jieba does not know gains nothing).  This is the noisy-channel test of spelling correction
    (the intended text is the likelier one, less the cost of the slip): 代开发飘 reads as 代开|发|飘 and 代开发票 as
    代开|发票, a gain of 2.5; 免费使用 reads better than 免费试用, and 同城约跑 as well as 同城约炮 (jieba knows
    neither as a word), so neither is a disguise.  On the real corpus (bench/quality.py) no modern text's spelling
    of a term of three characters or more gains more than 1.1; classical verse, which jieba's model reads badly,
    once (玉壶一夜轻澌满: 一夜轻 for 一夜情, 2.7, a flag)."""
    lo, hi = _window(text, start, end)
    written = text[lo:hi]
    restored = written[: start - lo] + key + written[end - lo :]
    return _free_best(restored) - _free_best(written) >= CHANNEL_MARGIN


def confirm(text: str, start: int, end: int) -> bool:
    """Should a CJK term hit at ``text[start:end]`` (normalised text) fire?"""
    scores = reading_scores(text, start, end)
    if scores is None:
        return True
    forced, best = scores
    return forced >= best - MARGIN
