"""The production web server configuration (gunicorn.conf.py) loads, imports the application and uses threads."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def test_gunicorn_config_loads_the_app_with_gthread_workers():
    root = Path(settings.BASE_DIR)
    gunicorn = Path(sys.executable).parent / "gunicorn"
    env = {**os.environ, "WEB_WORKERS": "3", "WEB_THREADS": "5"}
    check = subprocess.run(
        [str(gunicorn), "-c", "gunicorn.conf.py", "--check-config"], cwd=root, env=env, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    probe = (
        "from gunicorn.config import Config\n"
        "c = Config(); import runpy\n"
        "ns = runpy.run_path('gunicorn.conf.py')\n"
        "print(ns['worker_class'], ns['workers'], ns['threads'], ns['max_requests'] > 0)"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=root, env=env, capture_output=True, text=True)
    assert out.stdout.split() == ["gthread", "3", "5", "True"], out.stderr
