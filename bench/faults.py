"""Fault scenarios against the production set-up, on a private Redis and a private PostgreSQL (bench/faults.sh
starts both and removes them; never the machine's own services).

    bench/faults.sh            # runs this with FAULTS_REDIS_PORT, FAULTS_PG_RESTART and DATABASE_URL set

Scenarios, each with readers (wrk) running and figures printed:
1. Redis up: 50 readers, the reference throughput.
2. Redis paused (SIGSTOP) for 15 s under 50 readers: p50 and the slowest request. While it is paused, a lexicon
   term is added (blocking) and a published article is removed; after Redis resumes, the seconds until the removed
   article's page answers 404 and until a comment with the new term is stopped (rejected or held).
3. Redis dead: 50 readers; throughput against scenario 1.
4. Worker killed with SIGKILL while comments arrive, restarted 5 s later.
5. PostgreSQL restarted while readers and writers run: errors seen, and the writes afterwards.
Then the database check of bench/load.py: every acknowledged write there once, every check at a verdict.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: bench/queue.py would shadow the standard library's `queue`

from bench import common, loadkit  # noqa: E402

REDIS_PORT = int(os.environ.get("FAULTS_REDIS_PORT", "0") or 0)
PG_RESTART = os.environ.get("FAULTS_PG_RESTART", "")


class PrivateRedis:
    def __init__(self, port: int, out: Path) -> None:
        self.port = port
        self.out = out
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=open(self.out / "redis.log", "ab"),  # noqa: SIM115 - closed with the process
            stderr=subprocess.STDOUT,
        )
        for _ in range(100):
            if subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True).stdout.strip():
                return
            time.sleep(0.1)
        raise SystemExit("private Redis did not start")

    def pause(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGCONT)
        self.process.kill()
        self.process.wait(timeout=10)


def readers_during(
    site, paths, seconds: int, out: Path, name: str, connections: int = 50
) -> tuple[threading.Thread, dict]:
    box: dict = {}

    def run():
        box.update(loadkit.wrk(site.base, paths, connections=connections, seconds=seconds, out=out, name=name))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, box


def wait_until(predicate, timeout: float) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if predicate():
                return round(time.monotonic() - started, 1)
        except Exception:  # noqa: BLE001 - the site or the database may be down for a moment: keep asking
            pass
        time.sleep(0.5)
    return None


def main() -> int:
    if not REDIS_PORT or "faults" not in os.environ.get("DATABASE_URL", ""):
        raise SystemExit("run bench/faults.sh: it starts the private Redis and PostgreSQL this script needs")
    os.environ.setdefault("PHONE_VERIFICATION_REQUIRED", "0")
    os.environ.setdefault("MFA_REQUIRED_FOR_STAFF", "0")
    os.environ["REDIS_URL"] = f"redis://127.0.0.1:{REDIS_PORT}/0"
    os.environ.setdefault("CELERY_VISIBILITY_TIMEOUT", "20")  # a killed worker's task comes back in seconds
    out = common.RESULTS / f"faults-{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
    out.mkdir(parents=True, exist_ok=True)
    redis = PrivateRedis(REDIS_PORT, out)
    redis.start()
    common.django_setup()
    from django.core.management import call_command

    from accounts.models import User
    from articles.models import Article, Comment
    from articles.services import article_visibility_set
    from moderation.models import LexiconTerm
    from moderation.services import lexicon_term_save

    call_command("demo", verbosity=0)
    site = loadkit.Site(port=loadkit.free_port(), out=out)
    results: dict = {"machine": common.machine()}
    ledger = loadkit.Ledger()
    stop = threading.Event()
    run = f"faults{int(time.time())}"
    since = datetime.now(UTC)
    try:
        site.start_worker()
        site.start_web()
        plan = loadkit.plan(site.base)
        paths = loadkit.reader_paths(plan)
        time.sleep(3)
        loadkit.wrk(site.base, paths, connections=10, seconds=3, out=out, name="warmup")

        # 1. Redis up
        results["redis_up"] = loadkit.wrk(site.base, paths, connections=50, seconds=15, out=out, name="redis-up")
        print("1. Redis up:", results["redis_up"])

        # 2. Redis paused for 15 s; a lexicon change and a removal while it is paused
        # Not one of the readers' pages (their 404s would read as errors), nor the edit loop's article.
        victim = (
            Article.objects.filter(status=Article.Status.PUBLISHED)
            .exclude(slug__in=plan.articles)
            .exclude(pk=plan.edit_pk)
            .first()
        )
        victim_path = f"/articles/{urllib.parse.quote(victim.slug)}/"
        loadkit.request(site.base, "GET", victim_path)  # cached
        term = f"压测禁词{int(time.time()) % 100000}"
        thread, paused = readers_during(site, paths, 15, out, "redis-paused")
        time.sleep(0.5)
        redis.pause()
        time.sleep(1)
        admin = User.objects.filter(is_superuser=True).first()
        # An explicit block term states an intent (the default policy blocks on intent block terms only).
        lexicon_term_save(
            term=LexiconTerm(term=term, rule="3.1", action="block", kind=LexiconTerm.Kind.INTENT),
            actor=admin,
            change=False,
        )
        article_visibility_set(article_id=victim.pk, hide=True)
        time.sleep(13.5)
        redis.resume()
        thread.join()
        removed_s = wait_until(lambda: loadkit.request(site.base, "GET", victim_path)[0] == 404, 90)
        commenter = loadkit.Session(site.base, plan.commenters[0])
        marker = f"{run}-lexicon {term} 在这里"
        page = f"/articles/{urllib.parse.quote(plan.articles[0])}/"
        commenter.post_form(page, page + "comments/", {"body": marker})
        # The term has taken effect when the comment's check stops it: rejected, or held for a moderator (the
        # established commenter's trust weighs against the term: see the check's evidence).
        stopped = (Comment.Status.REJECTED, Comment.Status.HELD)
        blocked_s = wait_until(lambda: Comment.objects.filter(body=marker, status__in=stopped).exists(), 90)
        outcome = Comment.objects.filter(body=marker).values_list("status", flat=True).first()
        results["redis_paused"] = {
            **paused,
            "removal_visible_after_s": removed_s,
            "new_term_stops_after_s": blocked_s,
            "new_term_comment": outcome,
        }
        print("2. Redis paused 15 s:", results["redis_paused"])

        # 3. Redis dead
        redis.kill()
        results["redis_dead"] = loadkit.wrk(site.base, paths, connections=50, seconds=15, out=out, name="redis-dead")
        up = results["redis_up"]["rps"] or 1
        results["redis_dead"]["ratio_to_up"] = round(results["redis_dead"]["rps"] / up, 2)
        print("3. Redis dead:", results["redis_dead"])
        redis.start()
        time.sleep(12)  # the breakers' cooldown (10 s) passes; the worker reconnects

        # 4. worker killed while comments arrive
        writers = loadkit.start_writers(site.base, plan, stop, ledger, run)
        time.sleep(8)
        site.kill_worker()
        time.sleep(5)
        site.start_worker()
        time.sleep(10)
        results["worker_killed"] = {"comments_acknowledged_so_far": len(ledger.comments)}
        print("4. worker killed and restarted:", results["worker_killed"])

        # 5. PostgreSQL restarted under readers and writers
        if PG_RESTART:
            thread, during = readers_during(site, paths, 20, out, "pg-restart")
            time.sleep(5)
            subprocess.run(PG_RESTART, shell=True, check=True, capture_output=True)
            thread.join()
            results["pg_restart"] = during
            print("5. PostgreSQL restarted:", during)
        time.sleep(5)
        stop.set()
        for t in writers:
            t.join(timeout=30)
        from django.db import connections

        connections.close_all()
        results["writes"] = loadkit.verify(ledger, run, since=since, wait_checks=180)
    finally:
        stop.set()
        site.stop()
        if redis.process and redis.process.poll() is None:
            redis.kill()

    print("\nwrites:", results["writes"])
    path = common.write_results("faults", results)
    print(f"results: {path}  (logs: {out})")
    writes = results["writes"]
    bad = sum(w["missing"] + w["duplicated"] for w in writes.values() if isinstance(w, dict) and "missing" in w)
    return 1 if bad or writes["checks"]["pending"] or writes["checks"]["failed"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
