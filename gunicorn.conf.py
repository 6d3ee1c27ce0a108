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
# Workers are replaced after this many requests (with jitter, so not all at once): a bound on any slow memory
# growth without a restart of the service. Rarely: a replaced worker drops its keep-alive connections and the new
# one takes a second to import the app, which is the slowest 1% of requests while it happens (measured: at 20,000,
# readers' p99 at 200 connections was 1.09 s instead of 0.13 s). The 10-minute soak in the README shows the
# workers' memory levelling off (+5 to +8 MB over 87,000 requests), so this is a safety net, not a cure.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "200000"))
max_requests_jitter = int(os.environ.get("WEB_MAX_REQUESTS_JITTER", "20000"))
accesslog = os.environ.get("WEB_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("WEB_LOG_LEVEL", "warning")
