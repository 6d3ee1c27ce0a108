"""Throughput benchmark of the moderation engine vs jieba.cut (run on demand).

    .venv/bin/python bench/scan.py

Builds a >= 1 MB realistic marketing-article text from templates (no downloads), a 60,000-term
lexicon (default + generated 2-4 char CJK terms that do not match everywhere), and prints
chars/s of Engine.scan (all normalisation on) next to jieba.cut, plus the cost of building an
Engine with 100,000 terms.
"""

from __future__ import annotations

import random
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import jieba  # noqa: E402

from moderation.engine import Engine, Term, fingerprint, load_lexicon, warm_up  # noqa: E402

SUBJECTS = [
    "我们的产品",
    "这款新品",
    "本店",
    "品牌团队",
    "这套课程",
    "新一代智能手表",
    "这款面霜",
    "本次活动",
    "我们的服务",
    "这台空气净化器",
]
VERBS = ["采用了", "融合了", "专注于", "致力于", "推出了", "升级了", "优化了", "提供了", "支持", "带来了"]
OBJECTS = [
    "先进的生产工艺",
    "天然植物成分",
    "人性化的设计理念",
    "全方位的售后服务",
    "高效节能的技术",
    "轻薄便携的机身",
    "细腻柔滑的质地",
    "专业的讲师团队",
    "丰富的实战案例",
    "长效的续航能力",
    "精准的健康监测",
    "多重过滤系统",
]
BENEFITS = [
    "让您的生活更加便捷",
    "满足不同人群的需求",
    "帮助企业提升效率",
    "深受广大消费者喜爱",
    "为家庭带来健康",
    "在行业内口碑良好",
    "获得了多项专利认证",
    "性价比非常高",
    "适合送给亲朋好友",
    "值得每一位用户信赖",
]
EXTRAS = [
    "活动期间全场满三百减五十，",
    "限时优惠仅剩最后三天，",
    "新老客户均可享受免费上门安装，",
    "官方旗舰店同步发售，",
    "更多详情请关注我们的官方网站（www.example.com），",
    "据统计，2024年销量同比增长了35.6%，",
    "“品质第一，客户至上”是我们的宗旨，",
    "《消费者报告》对其给予了高度评价，",
    "",
    "",
]
ENDINGS = ["。", "！", "。", "。", "？"]


def make_text(min_chars: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    n = 0
    while n < min_chars:
        para = []
        for _ in range(rng.randint(3, 7)):
            s = (
                rng.choice(EXTRAS)
                + rng.choice(SUBJECTS)
                + rng.choice(VERBS)
                + rng.choice(OBJECTS)
                + "，"
                + rng.choice(BENEFITS)
                + rng.choice(ENDINGS)
            )
            para.append(s)
        p = "".join(para) + "\n\n"
        parts.append(p)
        n += len(p)
    return "".join(parts)


def generated_terms(count: int, text: str, seed: int = 2) -> list[Term]:
    """Random 2-4 char CJK terms over ordinary characters, dropping any that occur in the
    benchmark text more than twice (a lexicon term that matches everywhere is not realistic)."""
    rng = random.Random(seed)
    freq = jieba.dt.FREQ
    chars = sorted({c for w, f in freq.items() if f > 500 for c in w if "\u4e00" <= c <= "\u9fff"})
    out: dict[str, None] = {}
    while len(out) < count:
        t = "".join(rng.choices(chars, k=rng.randint(2, 4)))
        if t in freq or text.count(t) > 2:
            continue
        out[t] = None
    return [Term(t, "9.9", rng.choice(["block", "hold", "flag"])) for t in out]


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    jieba.setLogLevel(60)
    jieba.initialize()
    warm_up()
    text = make_text(1_000_000)
    nbytes = len(text.encode("utf-8"))
    print(f"text: {len(text):,} chars, {nbytes / 1e6:.2f} MB UTF-8")

    default = load_lexicon()
    terms = default + generated_terms(60_000 - len(default), text[:200_000])
    engine = Engine(terms)
    print(f"lexicon: {len(engine.lexicon):,} terms")

    engine.scan(text[:10_000])  # warm caches (OpenCC table, jieba)
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        result = engine.scan(text, title="本周新品推荐")
        runs.append(time.perf_counter() - t0)
    eng = min(runs)
    print(
        f"engine.scan (1 call, whole text): {len(text) / eng / 1e6:.2f} M chars/s ({eng * 1000:.0f} ms), "
        f"{len(result.matches)} matches, verdict {result.verdict}"
    )

    articles = [text[i : i + 5000] for i in range(0, len(text), 5000)]
    t0 = time.perf_counter()
    for a in articles:
        engine.scan(a)
    per_article = time.perf_counter() - t0
    print(f"engine.scan (5,000-char articles): {len(text) / per_article / 1e6:.2f} M chars/s")

    t0 = time.perf_counter()
    for _ in jieba.cut(text):
        pass
    jb = time.perf_counter() - t0
    print(f"jieba.cut: {len(text) / jb / 1e6:.3f} M chars/s ({jb:.2f} s)")
    print(f"ratio engine/jieba: {jb / eng:.0f}x (whole text), {jb / per_article:.0f}x (articles)")

    # The near-duplicate detector only runs when ``recent`` fingerprints are given (simhash of the
    # whole normalised body); measured separately so the main figure stays comparable.
    recent = [(fingerprint(text[:5000]), "other")]
    t0 = time.perf_counter()
    engine.scan(text, title="本周新品推荐", recent=recent)
    dup = time.perf_counter() - t0
    print(
        f"engine.scan with recent= (simhash on): {len(text) / dup / 1e6:.2f} M chars/s ({dup * 1000:.0f} ms), "
        f"{jb / dup:.0f}x jieba"
    )

    rng = random.Random(3)
    extra = generated_terms(100_000 - len(default), "", seed=5)
    big = default + extra
    rng.shuffle(big)
    rss0 = rss_mb()
    t0 = time.perf_counter()
    e100 = Engine(big)
    build = time.perf_counter() - t0
    rss1 = rss_mb()
    del e100
    tracemalloc.start()  # separate run: tracemalloc slows allocation-heavy code several-fold
    e100 = Engine(big)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"build 100k-term Engine: {build:.2f} s, {len(e100.lexicon):,} entries, "
        f"python peak {peak / 1e6:.0f} MB (tracemalloc), RSS +{rss1 - rss0:.0f} MB"
    )


if __name__ == "__main__":
    main()
