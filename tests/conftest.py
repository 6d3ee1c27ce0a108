import os
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

from cms.celery import app as celery_app
from tests import services
from tests.support import restore
from tests.support.worker import start_worker, stop_worker

pytest_plugins = ["tests.fixtures"]


def pytest_report_header(config) -> list[str]:
    db = settings.DATABASES["default"]
    return [
        f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST') or ''}{db['NAME']}",
        f"redis: {settings.REDIS_URL or 'none (tasks in-process; redis/worker tests skip)'}",
        f"REQUIRE_SERVICES={os.environ.get('REQUIRE_SERVICES', '0')}",
    ]


RUN_ID = f"{os.getpid()}"


def pytest_configure(config) -> None:
    """Give this test run its own cache key prefix and task queue, so that runs sharing one Redis stay apart."""
    settings.CACHES["default"]["KEY_PREFIX"] = f"cms-test-{RUN_ID}"
    settings.CELERY_TASK_DEFAULT_QUEUE = f"cms-test-{RUN_ID}"
    celery_app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE
    # Every factory user and login hashes a password; PBKDF2's million rounds would dominate the suite's time.
    # Production keeps Django's default hashers (the subprocess tests of the settings run with those).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The migrated rows come back before each transactional test in a statement per table, not two per row.
    restore.install()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """One test database per test process (test_<name>_<pid>), so that concurrent runs cannot drop each other's."""
    from django.db import connections

    for alias in connections:
        test = connections[alias].settings_dict.setdefault("TEST", {})
        if connections[alias].vendor != "sqlite":
            test["NAME"] = f"test_{connections[alias].settings_dict['NAME']}_{RUN_ID}"


def clear_cache() -> None:
    """Clear this run's cache keys only: Redis' FLUSHDB (what django-redis' `cache.clear()` does) would also wipe the
    broker's queues and bindings and the other test processes' keys (a rate-limit counter reset mid-test by a
    neighbour's `cache.clear()` let an over-limit comment through). Tests call this, never `cache.clear()`."""
    from django.core.cache import cache

    from core import counters

    counters.LocalCounters.clear(counters._local)  # the in-process counter buffer (Redis' is under the prefix)

    if settings.REDIS_URL:
        import redis

        try:
            client = cache.client.get_client(write=True)
            keys = list(client.scan_iter(match=f"{settings.CACHES['default']['KEY_PREFIX']}:*", count=1000))
            if keys:
                client.delete(*keys)
        except redis.ConnectionError:
            pass  # a fault test has Redis stopped: there is nothing to clear until it is back
    else:
        cache.clear()


def pytest_sessionstart(session) -> None:
    """Stop at once, with the way out, when a configured service is unreachable."""
    db = settings.DATABASES["default"]
    if services.is_postgres():
        import psycopg2

        try:
            psycopg2.connect(
                dbname=db["NAME"],
                user=db.get("USER") or None,
                password=db.get("PASSWORD") or None,
                host=db.get("HOST") or None,
                port=db.get("PORT") or None,
                connect_timeout=3,
            ).close()
        except psycopg2.OperationalError as exc:
            pytest.exit(
                f"PostgreSQL is unreachable at DATABASE_URL={os.environ.get('DATABASE_URL')}: {exc}\n"
                "Start it (Debian: pg_ctlcluster --skip-systemctl-redirect 15 main start), or run the quick suite "
                "on SQLite: make test-quick  (DATABASE_URL=sqlite:///test.sqlite3 REDIS_URL= pytest)",
                returncode=3,
            )
    elif services.required():
        pytest.exit("REQUIRE_SERVICES=1 but DATABASE_URL is not PostgreSQL", returncode=3)
    if settings.REDIS_URL and not services.redis_ok():
        pytest.exit(
            f"Redis is unreachable at REDIS_URL={settings.REDIS_URL}.\n"
            "Start it (redis-server --daemonize yes --port 6379), or run the quick suite without it: make test-quick",
            returncode=3,
        )
    if services.required() and not settings.REDIS_URL:
        pytest.exit("REQUIRE_SERVICES=1 but REDIS_URL is not set", returncode=3)


def pytest_collection_modifyitems(config, items) -> None:
    """Every transactional test restores the migrated rows (content types, permissions, roles) afterwards.

    A transactional test ends by emptying every table; with serialized rollback the next one starts from the
    migrated state again, instead of from tables that lack the rows data migrations made.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
            name in item.fixturenames for name in ("transactional_db", "live_server", "committed_db")
        )
        if transactional:
            kwargs = dict(marker.kwargs) if marker is not None else {}
            item.add_marker(
                pytest.mark.django_db(**{**kwargs, "transaction": True, "serialized_rollback": True}), append=False
            )


def pytest_runtest_setup(item) -> None:
    """Tests marked postgres, redis, worker or browser skip (or fail, under REQUIRE_SERVICES=1) without it."""
    for kind in ("postgres", "redis", "worker", "browser"):
        if item.get_closest_marker(kind):
            services.need(kind)


@pytest.fixture(autouse=True)
def _celery_in_process():
    """Tasks run in-process unless a test asks for the real worker (which turns this off for its duration)."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = True


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """Transactional tests empty and refill tables, giving content types new ids: never trust a cached one."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _fresh_search_statistics():
    """A process keeps the lexeme statistics it read for minutes: a test's ANALYZE (rolled back with it) must not
    decide the next test's walk."""
    from articles.selectors import search_stats

    search_stats.lexeme_stats_forget()
    yield
    search_stats.lexeme_stats_forget()


@pytest.fixture(scope="session")
def _media_base(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _isolated_cache_and_media(settings, _media_base):
    # A fresh folder per test, made directly: `tmp_path` for every test lists the run's whole temporary folder
    # (one entry per test so far) to number the next one.
    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(dir=_media_base)) / "media"
    clear_cache()
    yield
    clear_cache()


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """A real `celery worker` process on Redis and the test database, shared by the tests of a session.

    Tests that use it must also use `transactional_db` (the worker sees only committed rows) and are marked `worker`.
    """
    services.need("worker")
    from django.db import connection

    celery_app.control.purge()
    worker = start_worker(connection.settings_dict["NAME"])
    yield worker
    stop_worker(worker)


@pytest.fixture
def committed_db(transactional_db, django_db_serialized_rollback):
    """Rows are really committed (other processes see them); the data migrations' rows (roles, permissions) are
    restored after each test, since a transactional test empties every table."""


@pytest.fixture
def real_worker(celery_worker_process, committed_db):
    """Per test: the shared worker, with tasks sent through the broker instead of run in-process."""
    celery_app.conf.task_always_eager = False
    if not celery_worker_process.alive():
        pytest.fail(f"the Celery worker died:\n{celery_worker_process.output()[-3000:]}")
    yield celery_worker_process
    celery_app.conf.task_always_eager = True
