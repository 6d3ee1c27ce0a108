"""Search latency at the seeded size (run bench/seed_articles.py first): goal `GET /search/` p95 <= 15 ms.

    .venv/bin/python bench/search.py [--rounds 3] [--both] [--view] [--breakdown]

Measures, over ~120 realistic queries (frequent and rare terms, 1-3 words, typed phrases, a miss), each run
--rounds times after one warm-up round:
  - `selector`: `articles.selectors.article_search` (what /search/ calls) plus the view's first page
    (`search_page`): the 20 rows with their title/snippet highlighting;
  - `view` (--view): GET /search/?q= through the Django test client, template included, rendered every time (a
    session cookie keeps the page cache out), then as an anonymous reader gets it (page cache hits);
  - `rum-order`: when the index is RUM, the same match ordered by the index (`search_vector <=> query LIMIT 20`),
    i.e. what the selector could do instead of ranking the newest 100 matches with ts_rank;
  - `baseline`: a plain `SELECT ... WHERE status = 'published' ORDER BY published_at DESC LIMIT 20`;
  - `breakdown` (--breakdown): where a rendered GET /search/ spends its time: each callee of the view timed where
    the view calls it (the selectors, the hot-search count, the template), the rest (middleware, form, view), and
    the planning and execution times of its statements (EXPLAIN ANALYZE of the same queries).
  - `walk-ab` (--walk-ab): `article_search` with and without the short walk for queries the lexeme statistics
    call rare (`search_walk_length`), interleaved query by query in one process, in random order;
--both rebuilds the full-text index as GIN, measures, then as RUM, measures, and restores the original kind.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: bench/queue.py would shadow the standard library's `queue`

from bench import common  # noqa: E402

GOAL_P95_MS = 15.0
PAGE = 20


def queries(seed: int = 11) -> list[tuple[str, str]]:
    """(kind, query) pairs: frequent single terms, rare terms, two- and three-term queries, phrases, a miss."""
    from bench.corpus import INDUSTRIES, PLATFORMS, RARE, TERMS

    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    out += [("frequent-1", t) for t in rng.sample(TERMS, 30)]
    out += [("rare-1", t) for t in RARE]
    out += [("frequent-2", f"{a} {b}") for a, b in (rng.sample(TERMS, 2) for _ in range(20))]
    out += [("mixed-2", f"{rng.choice(PLATFORMS)} {rng.choice(TERMS)}") for _ in range(10)]
    out += [("rare-2", f"{rng.choice(RARE)} {rng.choice(TERMS)}") for _ in range(10)]
    out += [("three", f"{rng.choice(INDUSTRIES)} {a} {b}") for a, b in (rng.sample(TERMS, 2) for _ in range(15))]
    out += [
        ("phrase", p)
        for p in [
            "私域流量运营",
            "直播电商转化率",
            "小红书种草",
            "品牌营销案例",
            "短视频带货",
            "抖音直播间",
            "用户增长策略",
        ]
    ]
    out += [("miss", q) for q in ["区块链", "量子计算", "航空发动机"]]
    return out


def run_selector(query: str) -> int:
    from articles import selectors

    result = selectors.article_search(query=query)
    page = selectors.search_page(result=result, page=1, size=PAGE)
    for article in page:
        selectors.search_title(article, result.terms)
        selectors.search_snippet(article, result.terms)
    return page.paginator.count


def run_filtered(query: str) -> int:
    """The same with a category filter and the newest first, as the search page's filters ask."""
    from articles import selectors
    from articles.models import Category

    category = Category.objects.order_by("pk").first()
    result = selectors.article_search(query=query, filters=selectors.SearchFilters(category=category), sort="newest")
    page = selectors.search_page(result=result, page=1, size=PAGE)
    for article in page:
        selectors.search_title(article, result.terms)
        selectors.search_snippet(article, result.terms)
    return page.paginator.count


def run_date_walk(query: str) -> int:
    """What the selector did before the windows (for comparison in the same run): the newest 100 matches by
    walking the published-date index, then ts_rank over those, then the first page's rows."""
    from django.db import connection

    from articles import content, selectors

    terms = " ".join(dict.fromkeys(content.tokens(query)))
    if not terms:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH c AS (SELECT id, published_at FROM articles_article WHERE status = 'published'"
            " AND search_vector @@ plainto_tsquery('simple', %s) ORDER BY published_at DESC LIMIT 100)"
            " SELECT c.id, ts_rank(a.search_vector, plainto_tsquery('simple', %s)) AS r FROM c"
            " JOIN articles_article a ON a.id = c.id ORDER BY r DESC, c.published_at DESC",
            [terms, terms],
        )
        ids = [row[0] for row in cursor.fetchall()]
    result = selectors.SearchResult(ids, [query.lower(), *terms.split()])
    page = selectors.search_page(result=result, page=1, size=PAGE)
    for article in page:
        selectors.search_title(article, result.terms)
        selectors.search_snippet(article, result.terms)
    return page.paginator.count


def run_rum_order(query: str) -> int:
    from django.db import connection

    from articles import content

    terms = list(dict.fromkeys(content.tokens(query)))[:12]
    if not terms:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, title, slug, summary, published_at FROM articles_article"
            " WHERE status = 'published' AND search_vector @@ plainto_tsquery('simple', %s)"
            " ORDER BY search_vector <=> plainto_tsquery('simple', %s) LIMIT %s",
            [" ".join(terms), " ".join(terms), PAGE],
        )
        return len(cursor.fetchall())


def run_baseline() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, title, slug, summary, published_at FROM articles_article"
            " WHERE status = 'published' ORDER BY published_at DESC LIMIT %s",
            [PAGE],
        )
        return len(cursor.fetchall())


# The view's callees, timed in place by --breakdown (the view reaches each one through its module's attribute).
BREAKDOWN = (
    ("articles.selectors", "categories_cached"),
    ("articles.selectors", "article_search"),
    ("articles.selectors", "search_page"),
    ("articles.selectors", "search_hits"),
    ("articles.selectors", "search_beside"),
    ("articles.services", "search_record"),
    ("articles.views.reader", "render"),
)


def run_breakdown(qs: list[tuple[str, str]], rounds: int) -> dict:
    """Rendered GET /search/ (a session cookie keeps the page cache out) with the view's callees timed, then the
    search's, the page's and the authors' and tags' statements of the same queries explained."""
    import importlib

    from django.db import connection
    from django.test import Client

    from articles import selectors

    spent: dict[str, list[float]] = {name: [] for _, name in BREAKDOWN}
    within = [0.0]  # this request's time in the timed callees
    saved = []
    for module_name, name in BREAKDOWN:
        module = importlib.import_module(module_name)
        original = getattr(module, name)
        saved.append((module, name, original))

        def timed(*args, _fn=original, _name=name, **kwargs):
            start = time.perf_counter()
            try:
                return _fn(*args, **kwargs)
            finally:
                ms = (time.perf_counter() - start) * 1000
                spent[_name].append(ms)
                within[0] += ms

        setattr(module, name, timed)
    client = Client()
    client.cookies["sessionid"] = "bench-no-such-session"
    try:
        for _, q in qs:  # warm-up
            client.get("/search/", {"q": q})
        for _, name in BREAKDOWN:
            spent[name] = []
        total: list[float] = []
        rest: list[float] = []
        for _ in range(rounds):
            order = qs[:]
            random.shuffle(order)
            for _, q in order:
                within[0] = 0.0
                start = time.perf_counter()
                assert client.get("/search/", {"q": q}).status_code == 200
                total.append((time.perf_counter() - start) * 1000)
                rest.append(total[-1] - within[0])
    finally:
        for module, name, original in saved:
            setattr(module, name, original)
    out = {"rendered": common.summary(total), "parts": {n: common.summary(v) for n, v in spent.items() if v}}
    out["parts"]["rest (middleware, form, view)"] = common.summary(rest)

    # The statements: planning and execution as PostgreSQL reports them (TIMING OFF: no clock per row).
    statements: dict[str, list[tuple[float, float]]] = {}
    for _, q in qs:
        captured: list[tuple[str, object]] = []

        def capture(execute, sql, params, many, context, __into=captured):
            __into.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(capture):
            result = selectors.article_search(query=q)
            found = len(captured)
            selectors.search_page(result=result, page=1)
            paged = len(captured)
            selectors.search_beside(query=q, terms=result.terms[1:])
        labels = ["search"] * found + ["page"] * (paged - found) + ["beside"] * (len(captured) - paged)
        with connection.cursor() as cursor:
            for label, (sql, params) in zip(labels, captured, strict=True):
                cursor.execute("EXPLAIN (ANALYZE, SUMMARY, TIMING OFF) " + sql, params)
                lines = [row[0] for row in cursor.fetchall()]
                plan = float(next(x for x in lines if x.startswith("Planning Time")).split()[2])
                run = float(next(x for x in lines if x.startswith("Execution Time")).split()[2])
                statements.setdefault(label, []).append((plan, run))
    out["statements"] = {
        label: {"planning": common.summary([p for p, _ in v]), "execution": common.summary([e for _, e in v])}
        for label, v in statements.items()
    }
    return out


def measure(fn, qs: list[tuple[str, str]], rounds: int) -> tuple[list[float], dict[str, list[float]], list]:
    for _, q in qs:  # warm-up: caches, jieba, plans
        fn(q)
    samples: list[float] = []
    by_kind: dict[str, list[float]] = {}
    worst: list[tuple[float, str, int]] = []
    for _ in range(rounds):
        order = qs[:]
        random.shuffle(order)
        for kind, q in order:
            start = time.perf_counter()
            hits = fn(q)
            ms = (time.perf_counter() - start) * 1000
            samples.append(ms)
            by_kind.setdefault(kind, []).append(ms)
            worst.append((ms, q, hits))
    worst.sort(reverse=True)
    return samples, by_kind, worst[:5]


def run_walk_ab(qs: list[tuple[str, str]], rounds: int) -> dict:
    """The same queries through `article_search` with the statistics' short walk (as shipped) and without it (every
    query walks SEARCH_WALK), each query run both ways in a random order, so that load and caches fall alike."""
    from articles import content, selectors
    from articles.selectors import search

    shipped = search.SEARCH_WALK_SHORT
    modes = {"short walk for rare queries": shipped, "full walk for every query": search.SEARCH_WALK}
    samples: dict[str, list[float]] = {name: [] for name in modes}
    walks: dict[str, int] = {}
    for _, q in qs:  # warm-up, and how many queries the statistics send short
        selectors.article_search(query=q)
        terms = list(dict.fromkeys(content.tokens(q)))
        walks[q] = search.search_walk_length(terms) if terms else 0
    try:
        for _ in range(rounds):
            for _, q in random.sample(qs, len(qs)):
                for name in random.sample(list(modes), len(modes)):
                    search.SEARCH_WALK_SHORT = modes[name]
                    start = time.perf_counter()
                    selectors.article_search(query=q)
                    samples[name].append((time.perf_counter() - start) * 1000)
    finally:
        search.SEARCH_WALK_SHORT = shipped
    short = sum(1 for n in walks.values() if n and n < search.SEARCH_WALK)
    return {"short_queries": short, **{name: common.summary(v) for name, v in samples.items()}}


def match_counts(qs: list[tuple[str, str]]) -> dict[str, int]:
    from django.db import connection

    from articles import content

    counts = {}
    with connection.cursor() as cursor:
        for _, q in qs:
            terms = " ".join(dict.fromkeys(content.tokens(q)))
            cursor.execute(
                "SELECT count(*) FROM articles_article WHERE status = 'published'"
                " AND search_vector @@ plainto_tsquery('simple', %s)",
                [terms],
            )
            counts[q] = cursor.fetchone()[0]
    return counts


def bench_index(kind: str, qs, rounds: int, with_view: bool) -> dict:
    from django.test import Client

    out: dict = {"index": kind}
    samples, by_kind, worst = measure(run_selector, qs, rounds)
    out["selector"] = common.summary(samples)
    out["selector_by_kind"] = {k: common.summary(v) for k, v in by_kind.items()}
    out["selector_slowest"] = [{"ms": round(ms, 2), "q": q, "matches": n} for ms, q, n in worst]
    print(f"[{kind}] selector + first page : {common.fmt(out['selector'])}")
    for k, s in out["selector_by_kind"].items():
        print(f"    {k:<11} {common.fmt(s)}")
    print("    slowest: " + "; ".join(f"{w['q']} {w['ms']} ms ({w['matches']} hits)" for w in out["selector_slowest"]))
    samples, _, _ = measure(run_date_walk, qs, rounds)
    out["date_walk"] = common.summary(samples)
    print(f"[{kind}] before: date walk + rank   : {common.fmt(out['date_walk'])}")
    samples, _, _ = measure(run_filtered, qs, rounds)
    out["filtered"] = common.summary(samples)
    print(f"[{kind}] selector, category + newest: {common.fmt(out['filtered'])}")
    if kind == "rum":
        samples, by_kind, _ = measure(run_rum_order, qs, rounds)
        out["rum_order"] = common.summary(samples)
        print(f"[{kind}] RUM <=> order LIMIT 20: {common.fmt(out['rum_order'])}")
    if with_view:
        # Rendered: a session cookie (of no session) keeps every request away from the anonymous page cache, so
        # each one runs the view and its template. Cached: anonymous readers, served by the page cache after the
        # warm-up round (what most readers get since issue 12).
        rendered = Client()
        rendered.cookies["sessionid"] = "bench-no-such-session"
        cached = Client()

        def view(client: Client, q: str) -> int:
            response = client.get("/search/", {"q": q})
            assert response.status_code == 200, response.status_code
            return len(response.content)

        samples, _, _ = measure(lambda q: view(rendered, q), qs, max(1, rounds // 2))
        out["view"] = common.summary(samples)
        print(f"[{kind}] GET /search/ rendered  : {common.fmt(out['view'])}")
        samples, _, _ = measure(lambda q: view(cached, q), qs, max(1, rounds // 2))
        out["view_cached"] = common.summary(samples)
        print(f"[{kind}] GET /search/ cached    : {common.fmt(out['view_cached'])}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--both", action="store_true", help="measure with a GIN and with a RUM index")
    parser.add_argument("--view", action="store_true", help="also time GET /search/ through the test client")
    parser.add_argument("--breakdown", action="store_true", help="where a rendered GET /search/ spends its time")
    parser.add_argument("--walk-ab", action="store_true", help="article_search with and without the short walk")
    args = parser.parse_args()
    common.django_setup()
    from django.db import connection

    from articles.models import Article
    from bench.seed_articles import search_index_create, search_index_kind

    published = Article.objects.filter(status="published").count()
    if published < 1000:
        raise SystemExit("seed first: .venv/bin/python bench/seed_articles.py")
    qs = queries()
    counts = match_counts(qs)
    print(f"{published} published articles, {len(qs)} queries x {args.rounds} rounds")
    frequent = sorted(counts.items(), key=lambda kv: -kv[1])[:3]
    print("  most matches: " + ", ".join(f"{q} {n}" for q, n in frequent))

    samples, _, _ = measure(lambda q: run_baseline(), qs, args.rounds)
    baseline = common.summary(samples)
    print(f"baseline ORDER BY published_at LIMIT 20: {common.fmt(baseline)}")

    with connection.cursor() as cursor:
        original = search_index_kind(cursor)
    kinds = ["gin", "rum"] if args.both else [original]
    runs = []
    for kind in kinds:
        if kind != search_index_kind(connection.cursor()):
            with connection.cursor() as cursor:
                took = search_index_create(cursor, kind)
                cursor.execute("ANALYZE articles_article")
            print(f"(built {kind.upper()} index in {took:.1f} s)")
        runs.append(bench_index(kind, qs, args.rounds, args.view))
    breakdown = None
    if args.breakdown:
        breakdown = run_breakdown(qs, max(1, args.rounds // 2))
        print(f"[breakdown] GET /search/ rendered : {common.fmt(breakdown['rendered'])}")
        for name, part in breakdown["parts"].items():
            print(f"    {name:<30} {common.fmt(part)}")
        for label, times in breakdown["statements"].items():
            plan, run = times["planning"], times["execution"]
            print(
                f"    SQL {label:<7} planning p50 {plan['p50_ms']:.2f} p95 {plan['p95_ms']:.2f} ms,"
                f" execution p50 {run['p50_ms']:.2f} p95 {run['p95_ms']:.2f} ms"
            )
    walk_ab = None
    if args.walk_ab:
        walk_ab = run_walk_ab(qs, args.rounds)
        print(f"[walk-ab] {walk_ab['short_queries']} of {len(qs)} queries walk short (lexeme statistics)")
        for name in ("full walk for every query", "short walk for rare queries"):
            print(f"    {name:<30} {common.fmt(walk_ab[name])}")
        full, shipped = walk_ab["full walk for every query"], walk_ab["short walk for rare queries"]
        print(f"    p95 ratio shipped / full walk: {shipped['p95_ms'] / full['p95_ms']:.2f}")
    if args.both and search_index_kind(connection.cursor()) != original:
        with connection.cursor() as cursor:
            search_index_create(cursor, original)
            cursor.execute("ANALYZE articles_article")
        print(f"(restored the {original.upper()} index)")

    print()
    print(
        f"{'variant':<28}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'p95 / baseline':>16}  goal p95 < {GOAL_P95_MS} ms"
    )
    rows = [("baseline LIMIT 20", baseline)]
    for run in runs:
        rows.append((f"selector ({run['index']})", run["selector"]))
        rows.append((f"filtered ({run['index']})", run["filtered"]))
        rows.append((f"before: date walk ({run['index']})", run["date_walk"]))
        if "rum_order" in run:
            rows.append(("RUM <=> order (proposed)", run["rum_order"]))
        if "view" in run:
            rows.append((f"GET /search/ ({run['index']})", run["view"]))
            rows.append((f"GET /search/ cached ({run['index']})", run["view_cached"]))
    for name, s in rows:
        ratio = s["p95_ms"] / baseline["p95_ms"] if baseline["p95_ms"] else 0
        verdict = "" if name.startswith("baseline") else ("met" if s["p95_ms"] <= GOAL_P95_MS else "MISSED")
        print(f"{name:<28}{s['p50_ms']:>10.2f}{s['p95_ms']:>10.2f}{s['p99_ms']:>10.2f}{ratio:>15.1f}x  {verdict}")
    common.write_results(
        "search",
        {
            "args": vars(args),
            "published": published,
            "queries": len(qs),
            "matches": counts,
            "baseline": baseline,
            "runs": runs,
            "goal_p95_ms": GOAL_P95_MS,
            "breakdown": breakdown,
            "walk_ab": walk_ab,
        },
    )


if __name__ == "__main__":
    main()
