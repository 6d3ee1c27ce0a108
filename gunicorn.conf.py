"""gunicorn settings for production (`gunicorn -c gunicorn.conf.py`); every value can be set from the environment.

Chosen by measurement on a 2-core machine (bench/load.py, 200 reader connections with writers; figures in the
README): gthread workers, one per core, several threads each. Most requests are page-cache hits answered before
sessions and templates, and the rest wait on PostgreSQL and Redis, so threads overlap that waiting; with sync
workers 200 connections queue behind 2 requests at a time and a slow page (a search, a write) holds a whole worker.
"""

import os

wsgi_app = "cms.wsgi:application"
bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("WEB_WORKERS", os.cpu_count() or 2))
threads = int(os.environ.get("WEB_THREADS", "8"))
# Connections waiting for a thread; 200 readers at once must queue here, not be refused.
backlog = int(os.environ.get("WEB_BACKLOG", "2048"))
keepalive = 5
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 30
# Workers are replaced after this many requests (with jitter, so not all at once): bounds any slow memory growth
# (a 10-minute soak is in the README) without a restart of the service.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "20000"))
max_requests_jitter = int(os.environ.get("WEB_MAX_REQUESTS_JITTER", "2000"))
accesslog = os.environ.get("WEB_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("WEB_LOG_LEVEL", "warning")
