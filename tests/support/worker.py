"""One launcher for a real `celery -A cms worker` process, used by the tests' worker fixtures, the fault tests that
kill a worker mid-task, and bench/submit_verdict.py.

The worker runs in a process group of its own, so that a test can kill it together with its pool children, as a
crash or an OOM kill would.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from cms.celery import app as celery_app
from tests.support import ARTIFACTS, ROOT

START_TIMEOUT = 60  # seconds for a new worker to answer a ping


@dataclass
class WorkerProcess:
    proc: subprocess.Popen
    nodename: str
    log: Path

    def alive(self) -> bool:
        return self.proc.poll() is None

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def launch_worker(
    *,
    queue: str,
    env: Mapping[str, str],
    log_dir: Path,
    name: str = "test",
    concurrency: int = 1,
    loglevel: str = "INFO",
    extra_args: Sequence[str] = (),
) -> WorkerProcess:
    """Start a worker consuming `queue` with `env` as its whole environment; return once it answers a ping.

    The ping goes through this process's Celery app (cms.celery, configured from Django settings), so its broker
    must be the worker's. Raises RuntimeError, with the worker's log, if it exits or stays silent.
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    nodename = f"{name}-{uuid.uuid4().hex[:8]}@localhost"
    log = log_dir / f"worker-{nodename.split('@')[0]}.log"
    command = [sys.executable, "-m", "celery", "-A", "cms", "worker", "-n", nodename, "-Q", queue]
    command += [f"--concurrency={concurrency}", f"--loglevel={loglevel}", "--without-gossip", "--without-mingle"]
    proc = subprocess.Popen(
        [*command, *extra_args],
        cwd=ROOT,
        env=dict(env),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Celery worker exited at start:\n{log.read_text()}")
        if celery_app.control.ping(destination=[nodename], timeout=0.5):
            return WorkerProcess(proc, nodename, log)
    proc.kill()
    raise RuntimeError(f"Celery worker did not answer within {START_TIMEOUT} s:\n{log.read_text()}")


def stop_worker(worker: WorkerProcess) -> None:
    """Stop the worker as an operator would (SIGTERM: a warm shutdown), or kill it if it hangs."""
    if worker.alive():
        worker.proc.terminate()
        try:
            worker.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.proc.kill()
            worker.proc.wait()


def kill_worker(worker: WorkerProcess) -> None:
    """SIGKILL the worker and its pool children, as a crash or an OOM kill would: nothing is acknowledged."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(worker.proc.pid, signal.SIGKILL)
    worker.proc.wait(timeout=10)


def worker_env(db_name: str, *, redis_url: str | None = None) -> dict[str, str]:
    """This test run's environment for a worker on the test database `db_name`, its queue and its cache prefix
    (and on `redis_url` instead of the run's Redis, for a test with a Redis of its own)."""
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    user = db.get("USER") or ""
    auth = f"{user}@" if user else ""
    env["DATABASE_URL"] = f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db_name}"
    env["REDIS_URL"] = redis_url or settings.REDIS_URL
    env["CELERY_QUEUE"] = settings.CELERY_TASK_DEFAULT_QUEUE
    env["CACHE_KEY_PREFIX"] = settings.CACHES["default"]["KEY_PREFIX"]
    env.setdefault("CELERY_VISIBILITY_TIMEOUT", "5")  # a killed worker's task comes back within seconds
    return env


def start_worker(
    db_name: str, *, concurrency: int = 1, queue: str | None = None, redis_url: str | None = None
) -> WorkerProcess:
    """A worker for a test: on the test database `db_name` and this run's queue (or `queue`), logging to artifacts/.

    With `redis_url`, on that Redis: this process must send there too (`broker_and_cache_on`), for the ping."""
    return launch_worker(
        queue=queue or settings.CELERY_TASK_DEFAULT_QUEUE,
        env=worker_env(db_name, redis_url=redis_url),
        log_dir=ARTIFACTS,
        concurrency=concurrency,
    )


def _drop_broker_connections() -> None:
    """Forget this process's broker pools and result backend, so that the next use takes them for the current
    configuration. Not closed: kombu keeps one pool per broker URL and hands the same one out again."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app._backend_cache = None
    celery_app._local.__dict__.pop("backend", None)


@contextlib.contextmanager
def broker_and_cache_on(redis_url: str) -> Iterator[None]:
    """This process's Celery broker, result backend and Django cache on `redis_url` (a test's private Redis) instead
    of the run's Redis, for the duration; then back, with fresh connections."""
    from django.test import override_settings

    previous = (celery_app.conf.broker_url, celery_app.conf.result_backend)
    caches = {"default": {**settings.CACHES["default"], "LOCATION": redis_url}}
    celery_app.conf.broker_url = celery_app.conf.result_backend = redis_url
    _drop_broker_connections()
    try:
        with override_settings(REDIS_URL=redis_url, CACHES=caches):
            yield
    finally:
        celery_app.conf.broker_url, celery_app.conf.result_backend = previous
        _drop_broker_connections()
