"""Submit -> verdict latency with a real Celery worker: goal p95 < 2 s over 200 submissions.

    .venv/bin/python bench/submit_verdict.py [--count 200] [--interval 0.1] [--concurrency 2]

Starts `celery -A cms worker` (with the tests' launcher, tests/support/worker.py) on the benchmark database, Redis
db 5 and a queue of its own, then submits --count items through the real services, alternating an author publishing an
article (`articles.services.article_save(action="publish")`) and a reader commenting
(`articles.services.comment_create`); both reach `moderation.services.checks.check_submit`, which enqueues
`moderation.tasks.content_check` after commit. About 5% of the texts contain a lexicon term (hold or block).
Latency = from just before the service call until a poller (every 10 ms, own connection) sees the verdict applied
(article no longer `checking`, comment no longer `checking`). Also reported: ContentCheck created_at -> finished_at
(server side) and, as baseline, the in-process engine time per item (`current_engine().scan`) on the same texts.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: bench/queue.py would shadow the standard library's `queue`

from bench import common  # noqa: E402

GOAL_P95_S = 2.0
HOLD_TERMS = ["赌博", "六合彩"]


def accounts():
    from accounts.models import User
    from accounts.roles import AUTHOR
    from accounts.services import user_role_grant

    writer, _ = User.objects.get_or_create(username="bench-writer", defaults={"display_name": "压测作者"})
    user_role_grant(user=writer, role=AUTHOR)
    reader, _ = User.objects.get_or_create(username="bench-reader", defaults={"display_name": "压测读者"})
    return User.objects.get(pk=writer.pk), User.objects.get(pk=reader.pk)


class Poller(threading.Thread):
    """Watches the pending items on its own connection; records when each leaves `checking`."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.pending: dict[tuple[str, int], float] = {}
        self.done: dict[tuple[str, int], tuple[float, str]] = {}
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def add(self, kind: str, pk: int, started: float) -> None:
        with self.lock:
            self.pending[(kind, pk)] = started

    def run(self) -> None:
        from django.db import connection

        from articles.models import Article, Comment

        try:
            while not self.stop.is_set() or self.pending:
                with self.lock:
                    articles = [pk for kind, pk in self.pending if kind == "article"]
                    comments = [pk for kind, pk in self.pending if kind == "comment"]
                now = time.perf_counter()
                found = []
                if articles:
                    rows = (
                        Article.objects.filter(pk__in=articles).exclude(status="checking").values_list("pk", "status")
                    )
                    found += [("article", pk, status) for pk, status in rows]
                if comments:
                    rows = (
                        Comment.objects.filter(pk__in=comments).exclude(status="checking").values_list("pk", "status")
                    )
                    found += [("comment", pk, status) for pk, status in rows]
                with self.lock:
                    for kind, pk, status in found:
                        self.done[(kind, pk)] = (now - self.pending.pop((kind, pk)), status)
                if self.stop.is_set() and time.perf_counter() > self.deadline:
                    break
                time.sleep(0.01)
        finally:
            connection.close()

    deadline = float("inf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between submissions (default 0.1)")
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes (default 2: this machine)")
    parser.add_argument("--timeout", type=float, default=120, help="give up waiting for verdicts after this")
    args = parser.parse_args()

    queue = f"cms-bench-verdict-{os.getpid()}"
    os.environ["CELERY_QUEUE"] = queue
    common.django_setup()
    from django.conf import settings

    from articles import services
    from articles.models import Article
    from bench.corpus import Corpus
    from cms.celery import app as celery_app
    from moderation.models import ContentCheck
    from moderation.selectors.lexicon import current_engine
    from moderation.services import ruleset_load
    from moderation.services.lexicon import DEFAULT_LEXICON_CSV, lexicon_import
    from tests.support.worker import launch_worker, stop_worker

    if not settings.REDIS_URL or settings.CELERY_TASK_ALWAYS_EAGER:
        raise SystemExit("needs REDIS_URL: the point is a real worker")
    ruleset_load()
    lexicon_import(path=DEFAULT_LEXICON_CSV)
    writer, reader = accounts()
    target = Article.objects.filter(status="published").order_by("-published_at").first()
    if target is None:
        raise SystemExit("seed first: .venv/bin/python bench/seed_articles.py --count 1000")

    rng = random.Random(5)
    corpus = Corpus(seed=5, sentences=400, rare_sentences=40, titles=100)
    items = []
    for i in range(args.count):
        if i % 2 == 0:
            a = corpus.article(words=300)
            paragraphs = ["".join(p) for p in a.paragraphs]
            if rng.random() < 0.05:
                paragraphs[1] += f"欢迎加群讨论{rng.choice(HOLD_TERMS)}技巧。"
            items.append(("article", a.title, "".join(f"<p>{p}</p>" for p in paragraphs)))
        else:
            body = "".join(rng.choice(corpus.sentences).text for _ in range(rng.randint(1, 3)))
            if rng.random() < 0.05:
                body += f"私信我了解{rng.choice(HOLD_TERMS)}。"
            items.append(("comment", "", body))

    # Baseline: the engine alone, in-process, on the same texts (after a warm-up scan).
    from articles import content

    engine, _ = current_engine()
    engine.scan("预热", title="")
    engine_ms = []
    for kind, title, body in items:
        text = content.html_to_text(body) if kind == "article" else body
        engine_ms.append(common.timed(lambda t=text, ti=title: engine.scan(t, title=ti)))

    celery_app.conf.task_default_queue = queue
    celery_app.control.purge()
    try:
        worker = launch_worker(
            queue=queue,
            env=dict(os.environ, CELERY_QUEUE=queue, CELERY_VISIBILITY_TIMEOUT="30"),
            log_dir=common.RESULTS,
            name="bench",
            concurrency=args.concurrency,
            loglevel="WARNING",
            extra_args=["--without-heartbeat"],
        )
    except RuntimeError as exc:
        raise SystemExit(str(exc)) from None
    print(f"worker {worker.nodename} up (concurrency {args.concurrency}, queue {queue}); submitting {args.count} items")
    poller = Poller()
    poller.start()
    submit_ms = []
    ids = []
    try:
        t_start = time.perf_counter()
        for kind, title, body in items:
            started = time.perf_counter()
            if kind == "article":
                obj = services.article_save(user=writer, action="publish", title=title, body=body, summary="")
            else:
                obj = services.comment_create(article=target, user=reader, body=body)
            submit_ms.append((time.perf_counter() - started) * 1000)
            ids.append((kind, obj.pk))
            poller.add(kind, obj.pk, started)
            pause = args.interval - (time.perf_counter() - started)
            if pause > 0:
                time.sleep(pause)
        submit_s = time.perf_counter() - t_start
        poller.deadline = time.perf_counter() + args.timeout
        poller.stop.set()
        poller.join(args.timeout + 5)
    finally:
        stop_worker(worker)
        celery_app.control.purge()

    latencies = [ms * 1000 for ms, _ in poller.done.values()]
    verdicts: dict[str, int] = {}
    for _, status in poller.done.values():
        verdicts[status] = verdicts.get(status, 0) + 1
    lost = len(ids) - len(latencies)
    from django.contrib.contenttypes.models import ContentType

    from articles.models import Comment

    server_ms = []
    for model, kind in ((Article, "article"), (Comment, "comment")):
        ct = ContentType.objects.get_for_model(model)
        pks = [pk for k, pk in ids if k == kind]
        for created, finished in ContentCheck.objects.filter(
            target_type=ct, target_id__in=pks, finished_at__isnull=False
        ).values_list("created_at", "finished_at"):
            server_ms.append((finished - created).total_seconds() * 1000)

    e2e = common.summary(latencies) if latencies else {}
    engine_s = common.summary(engine_ms)
    server = common.summary(server_ms) if server_ms else {}
    submit = common.summary(submit_ms)
    print(
        f"submitted {len(ids)} in {submit_s:.1f} s ({len(ids) / submit_s:.1f}/s); verdicts: {verdicts}; missing {lost}"
    )
    print(f"submit call (service, in request) : {common.fmt(submit)}")
    if e2e:
        print(f"submit -> verdict applied (poll)  : {common.fmt(e2e)}")
    if server:
        print(f"check created -> finished (server): {common.fmt(server)}")
    print(f"engine.scan in-process (baseline) : {common.fmt(engine_s)}")
    if e2e:
        met = "met" if e2e["p95_ms"] < GOAL_P95_S * 1000 else "MISSED"
        print(
            f"p95 {e2e['p95_ms'] / 1000:.3f} s (goal < {GOAL_P95_S} s: {met}); "
            f"ratio p50 end-to-end / engine p50 = {e2e['p50_ms'] / engine_s['p50_ms']:.1f}x, "
            f"p95 / engine p95 = {e2e['p95_ms'] / engine_s['p95_ms']:.1f}x"
        )
    common.write_results(
        "submit_verdict",
        {
            "args": vars(args),
            "submitted": len(ids),
            "missing_verdicts": lost,
            "verdicts": verdicts,
            "submit_call": submit,
            "end_to_end": e2e,
            "server_side": server,
            "engine_baseline": engine_s,
            "goal_p95_s": GOAL_P95_S,
        },
    )
    if lost:
        print(f"WARNING: {lost} items got no verdict within {args.timeout} s; worker log: {worker.log}")


if __name__ == "__main__":
    main()
