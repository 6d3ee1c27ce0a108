"""Seed N realistic Chinese marketing articles (default 100,000) into the benchmark database, quickly.

    .venv/bin/python bench/seed_articles.py [--count 100000] [--reset] [--seed 7]

Defaults: DATABASE_URL=postgres://postgres@127.0.0.1:5432/cms_bench (created and migrated if missing). Articles are
generated from templates over real marketing terms (bench/corpus.py), segmented with the app's jieba tokenizer, and
written with COPY into a staging table, then one INSERT ... SELECT computes the same weighted `simple` tsvector the
app's `article_search_index` stores (title A, body B). Each article gets its first revision (as `live_revision`),
a category, 0-3 tags and one of 200 authors; ~97% are published over the last three years, 1% featured.
The full-text index (RUM or GIN, whichever the migration made) is dropped during the load and rebuilt after it.

Idempotent-ish: it tops the bench articles up to --count; --reset wipes articles, revisions, comments and tags first.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: bench/queue.py would shadow the standard library's `queue`

from bench import common  # noqa: E402

SEARCH_INDEX = "articles_article_search_idx"
CATEGORIES = [
    ("营销策略", "strategy"),
    ("直播电商", "live-commerce"),
    ("私域运营", "private-traffic"),
    ("品牌建设", "branding"),
    ("内容营销", "content-marketing"),
    ("数据增长", "growth"),
    ("短视频", "short-video"),
    ("行业观察", "industry"),
]
AUTHORS = 200
BATCH = 10_000


def _copy_value(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy(cursor, table: str, columns: list[str], rows: list[tuple]) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_copy_value(v) for v in row))
        buffer.write("\n")
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def search_index_kind(cursor) -> str | None:
    cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [SEARCH_INDEX])
    row = cursor.fetchone()
    if row is None:
        return None
    return "rum" if "USING rum" in row[0] else "gin"


def search_index_create(cursor, kind: str) -> float:
    start = time.perf_counter()
    cursor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")
    if kind == "rum":
        cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
        cursor.execute(f"CREATE INDEX {SEARCH_INDEX} ON articles_article USING rum (search_vector rum_tsvector_ops)")
    else:
        cursor.execute(f"CREATE INDEX {SEARCH_INDEX} ON articles_article USING gin (search_vector)")
    return time.perf_counter() - start


def reference_data():
    from django.contrib.auth.hashers import make_password
    from taggit.models import Tag

    from accounts.models import User
    from articles.models import Category
    from bench.corpus import TERMS

    categories = []
    for position, (name, slug) in enumerate(CATEGORIES):
        category, _ = Category.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
        categories.append(category.pk)
    existing = set(User.objects.filter(username__startswith="bench-author-").values_list("username", flat=True))
    password = make_password(None)
    User.objects.bulk_create(
        [
            User(username=name, display_name=f"营销作者{i:03d}", email=f"{name}@example.com", password=password)
            for i in range(AUTHORS)
            if (name := f"bench-author-{i:03d}") not in existing
        ]
    )
    authors = list(User.objects.filter(username__startswith="bench-author-").values_list("pk", flat=True))
    tags = []
    for i, term in enumerate(TERMS[:40]):
        tag, _ = Tag.objects.get_or_create(name=term, defaults={"slug": f"tag-{i}"})
        tags.append(tag.pk)
    return categories, authors, tags


def reset() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE articles_comment, articles_articlerevision, articles_article, taggit_taggeditem RESTART IDENTITY"
            " CASCADE"
        )
    print("reset: articles, revisions, comments and tagged items wiped")


def seed(count: int, seed_value: int) -> dict:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from pypinyin import lazy_pinyin

    from articles.models import Article
    from bench.corpus import TERMS, Corpus

    existing = Article.objects.count()
    missing = count - existing
    if missing <= 0:
        print(f"{existing} articles already present (>= {count}); nothing to do (use --reset to start over)")
        return {"inserted": 0, "existing": existing}

    t0 = time.perf_counter()
    categories, authors, tags = reference_data()
    corpus = Corpus(seed=seed_value + existing)
    slug_of = {t.text: "-".join(lazy_pinyin(t.text))[:60] for t in corpus.titles}
    slug_of = {
        k: "".join(c for c in v if c.isascii() and (c.isalnum() or c == "-")).strip("-") for k, v in slug_of.items()
    }
    t_corpus = time.perf_counter() - t0
    rng = random.Random(seed_value + existing)
    now = timezone.now()
    article_ct = ContentType.objects.get_for_model(Article).pk

    stage_cols = [
        "id",
        "rev_id",
        "title",
        "slug",
        "summary",
        "body",
        "body_text",
        "status",
        "featured",
        "published_at",
        "created_at",
        "author_id",
        "category_id",
        "tags",
        "title_tok",
        "body_tok",
    ]
    timings = {"generate_s": 0.0, "copy_s": 0.0, "insert_s": 0.0}
    with transaction.atomic(), connection.cursor() as cursor:
        kind = search_index_kind(cursor) or "gin"
        cursor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")
        cursor.execute("DROP TABLE IF EXISTS bench_stage")
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_stage (id bigint, rev_id bigint, title text, slug text, summary text,"
            " body text, body_text text, status text, featured boolean, published_at timestamptz,"
            " created_at timestamptz, author_id bigint, category_id bigint, tags jsonb, title_tok text, body_tok text)"
        )
        cursor.execute("SELECT nextval('articles_article_id_seq') FROM generate_series(1, %s)", [missing])
        article_ids = [r[0] for r in cursor.fetchall()]
        cursor.execute("SELECT nextval('articles_articlerevision_id_seq') FROM generate_series(1, %s)", [missing])
        revision_ids = [r[0] for r in cursor.fetchall()]
        tagged: list[tuple] = []
        tag_names = dict(zip(tags, TERMS[:40], strict=True))
        for start in range(0, missing, BATCH):
            tg = time.perf_counter()
            rows = []
            for i in range(start, min(start + BATCH, missing)):
                a = corpus.article()
                roll = rng.random()
                status = "published" if roll < 0.97 else ("draft" if roll < 0.985 else "held")
                created = now - timedelta(seconds=rng.randint(0, 3 * 365 * 86400))
                published = created + timedelta(minutes=rng.randint(5, 600)) if status == "published" else None
                if published and published > now:
                    published = now
                article_tags = rng.sample(tags, rng.randint(0, 3))
                tagged.extend((article_ids[i], article_ct, t) for t in article_tags)
                names = "[" + ",".join(f'"{tag_names[t]}"' for t in article_tags) + "]"
                base = slug_of[a.title] or "article"
                rows.append(
                    (
                        article_ids[i],
                        revision_ids[i],
                        a.title,
                        f"{base}-{article_ids[i]}"[:120],
                        a.summary,
                        a.body_html,
                        a.body_text,
                        status,
                        rng.random() < 0.01,
                        published,
                        created,
                        rng.choice(authors),
                        rng.choice(categories),
                        names,
                        " ".join(a.title_tokens),
                        " ".join(a.tokens),
                    )
                )
            tc = time.perf_counter()
            timings["generate_s"] += tc - tg
            _copy(cursor, "bench_stage", stage_cols, rows)
            timings["copy_s"] += time.perf_counter() - tc
            print(f"  staged {min(start + BATCH, missing):>7}/{missing}", flush=True)
        ti = time.perf_counter()
        cursor.execute(
            """
            INSERT INTO articles_article (id, title, slug, summary, cover, body, body_text, source, status,
                status_reason, rejection_rule, status_before_removal, featured, published_at, search_vector,
                created_at, updated_at, author_id, category_id, live_revision_id, ip_region)
            SELECT id, title, slug, summary, '', body, body_text, '', status, '', '', '', featured, published_at,
                setweight(to_tsvector('simple', title_tok), 'A') || setweight(to_tsvector('simple', body_tok), 'B'),
                created_at, coalesce(published_at, created_at), author_id, category_id,
                CASE WHEN status = 'published' THEN rev_id END, ''
            FROM bench_stage
            """
        )
        cursor.execute(
            """
            INSERT INTO articles_articlerevision (id, number, title, summary, body, body_text, source, cover, tags,
                status, rule, created_at, article_id, saved_by_id, category_id)
            SELECT rev_id, 1, title, summary, body, body_text, '', '', tags,
                CASE WHEN status = 'published' THEN 'passed' WHEN status = 'held' THEN 'held' ELSE 'saved' END,
                '', created_at, id, author_id, category_id
            FROM bench_stage
            """
        )
        _copy(cursor, "taggit_taggeditem", ["object_id", "content_type_id", "tag_id"], tagged)
        cursor.execute("DROP TABLE bench_stage")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check the deferred foreign keys inside the timing
        timings["insert_s"] = time.perf_counter() - ti
    with connection.cursor() as cursor:
        timings["index_s"] = search_index_create(cursor, kind)
        ta = time.perf_counter()
        cursor.execute("VACUUM ANALYZE articles_article")
        cursor.execute("VACUUM ANALYZE articles_articlerevision")
        cursor.execute("VACUUM ANALYZE taggit_taggeditem")
        timings["analyze_s"] = time.perf_counter() - ta
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('articles_article'))")
        table_size = cursor.fetchone()[0]
        cursor.execute(f"SELECT pg_size_pretty(pg_relation_size('{SEARCH_INDEX}'))")
        index_size = cursor.fetchone()[0]
    total = time.perf_counter() - t0
    return {
        "inserted": missing,
        "existing_before": existing,
        "search_index": kind,
        "corpus_s": round(t_corpus, 2),
        **{k: round(v, 2) for k, v in timings.items()},
        "total_s": round(total, 2),
        "rows_per_s": round(missing / total),
        "rows_per_s_without_index": round(missing / (total - timings["index_s"] - timings["analyze_s"])),
        "tagged_items": len(tagged),
        "table_size": table_size,
        "index_size": index_size,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100_000, help="articles wanted in total (default 100,000)")
    parser.add_argument("--reset", action="store_true", help="wipe articles, revisions, comments and tags first")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    common.django_setup()
    if args.reset:
        reset()
    result = seed(args.count, args.seed)
    if result.get("inserted"):
        print(
            f"inserted {result['inserted']} articles in {result['total_s']} s: {result['rows_per_s']} rows/s overall, "
            f"{result['rows_per_s_without_index']} rows/s before the {result['search_index'].upper()} index build "
            f"({result['index_s']} s) and ANALYZE ({result['analyze_s']} s)"
        )
        print(
            f"  generate {result['generate_s']} s, COPY {result['copy_s']} s, INSERT..SELECT {result['insert_s']} s; "
            f"table {result['table_size']}, search index {result['index_size']}"
        )
    common.write_results("seed_articles", {"args": vars(args), **result})


if __name__ == "__main__":
    main()
