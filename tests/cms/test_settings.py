"""Settings are read from the environment; production refuses to start without a secret and passes check --deploy."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _scratch_sqlite(name: str) -> str:
    """A SQLite URL of this test process's own (the suite may run in several processes at once)."""
    return f"sqlite:///{tempfile.gettempdir()}/{name}-{os.getpid()}.sqlite3"


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 30 + "-a-long-random-production-secret-value-0123456789",
    "ALLOWED_HOSTS": "cms.example.com",
    "DATABASE_URL": _scratch_sqlite("cms-deploy-check"),
    "REDIS_URL": "",
}


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    unset = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_REPLICA_URLS"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def test_debug_off_without_secret_key_refuses_to_start():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_with_production_values():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_debug_on_has_a_development_key():
    result = run(
        [
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cms.settings'; django.setup();"
            "from django.conf import settings; print(settings.SECRET_KEY.startswith('dev-only'))",
        ],
        {"DEBUG": "1", "REDIS_URL": ""},
    )
    assert result.stdout.strip() == "True", result.stderr


def test_redis_url_switches_broker_and_cache_and_its_absence_runs_tasks_in_process():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cms.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.CELERY_BROKER_URL, s.CELERY_TASK_ALWAYS_EAGER, s.CACHES['default']['BACKEND'].rsplit('.',1)[-1])"
    )
    with_redis = run(["-c", code], {"REDIS_URL": "redis://127.0.0.1:6379/3"}).stdout.split()
    without = run(["-c", code], {"REDIS_URL": ""}).stdout.split()
    assert with_redis == ["redis://127.0.0.1:6379/3", "False", "BreakerRedisCache"]  # core.cache, over django-redis
    assert without == ["memory://", "True", "LocMemCache"]


def test_language_and_time_zone():
    from django.conf import settings

    assert (settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.USE_TZ) == ("zh-hans", "Asia/Shanghai", True)


def test_replica_urls_add_read_replicas_behind_the_router():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cms.settings'; django.setup();"
        "from django.conf import settings as s; from django.db import router;"
        "from accounts.models import User;"
        "print(sorted(s.DATABASES), s.DATABASE_ROUTERS, router.db_for_read(User), router.db_for_write(User),"
        " router.db_for_read(User))"
    )
    out = run(
        ["-c", code],
        {
            "REDIS_URL": "",
            "DATABASE_URL": _scratch_sqlite("cms-primary"),
            "DATABASE_REPLICA_URLS": _scratch_sqlite("cms-replica"),
        },
    )
    assert out.stdout.split() == [
        "['default',",
        "'replica_0']",
        "['cms.db_router.ReplicaRouter']",
        "replica_0",
        "default",
        "default",
    ], out.stderr
