#!/usr/bin/env bash
# bench/web: the project under gunicorn vs a bare Django app returning bodies of the same size, loaded with wrk.
#
#   bench/web/run.sh            # DURATION=10s CONNECTIONS=8 THREADS=2 ROUNDS=2 by default
#
# Both servers: gunicorn with the project's gunicorn.conf.py (gthread workers, WEB_THREADS threads each), 2 workers,
# loopback only; the same wrk settings for both. Each page is measured ROUNDS times, the project and the bare app
# alternating which goes first (app, bare, then bare, app, ...), so that a change in the machine's load during the
# run falls on both alike; the ratio is of the mean req/s over the rounds. Beside req/s, the CPU time the server's
# workers spent (user + system, from /proc) per request: on a machine shared with other work, throughput moves with
# the neighbours' load far more than the CPU a request costs does, so the CPU ratio is the steadier of the two. The project runs with DEBUG=0, PostgreSQL cms_bench
# (seed it first: bench/seed_articles.py), REDIS_URL=redis://127.0.0.1:6379/5 for the cache; collectstatic first
# (into bench/results/staticfiles). Pages: the anonymous article page, the home page, a search. Prints req/s, p50,
# p99 and each page's ratio to the bare app, and writes bench/results/web-*.json. Servers are stopped on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PY="$ROOT/.venv/bin/python"
GUNICORN="$ROOT/.venv/bin/gunicorn"
HOST=127.0.0.1
APP_PORT="${APP_PORT:-8731}"
BARE_PORT="${BARE_PORT:-8732}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-8}"
THREADS="${THREADS:-2}"
ROUNDS="${ROUNDS:-2}"
WORKERS=2
OUT="$ROOT/bench/results/web-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >/dev/null
  else
    echo "wrk is missing: sudo apt-get install -y wrk" >&2
    exit 2
  fi
fi

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cms_bench}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/5}"
export CACHE_KEY_PREFIX="${CACHE_KEY_PREFIX:-cms-bench}"
export CELERY_QUEUE="${CELERY_QUEUE:-cms-bench}"
export DEBUG=0
export SECRET_KEY="${SECRET_KEY:-bench-only-secret-key-not-for-production-0123456789abcdef}"
export ALLOWED_HOSTS="$HOST"
export SECURE_SSL_REDIRECT=0 SECURE_HSTS_SECONDS=0 LOG_LEVEL=ERROR DJANGO_SETTINGS_MODULE=cms.settings
export STATIC_ROOT="$ROOT/bench/results/staticfiles"
case "$DATABASE_URL" in *bench*) ;; *) echo "refusing DATABASE_URL without 'bench' in it" >&2; exit 2 ;; esac

for port in "$APP_PORT" "$BARE_PORT"; do
  if (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then echo "port $port is busy" >&2; exit 2; fi
done

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

"$PY" manage.py migrate --noinput -v0
"$PY" manage.py collectstatic --noinput -v0

# The pages: the newest published article, the home page, a frequent two-word search.
read -r SLUG < <("$PY" - <<'PY'
import django
django.setup()
from articles.models import Article
a = Article.objects.filter(status="published").order_by("-published_at").values_list("slug", flat=True).first()
print(a or "")
PY
)
[ -n "$SLUG" ] || { echo "no published article: run bench/seed_articles.py first" >&2; exit 2; }
SEARCH_Q="%E7%A7%81%E5%9F%9F%E6%B5%81%E9%87%8F%20%E8%BD%AC%E5%8C%96%E7%8E%87"  # 私域流量 转化率
declare -A PAGES=([article]="/articles/$SLUG/" [home]="/" [search]="/search/?q=$SEARCH_Q")

"$GUNICORN" -c "$ROOT/gunicorn.conf.py" cms.wsgi:application -w "$WORKERS" -b "$HOST:$APP_PORT" --log-level warning >"$OUT/app.log" 2>&1 &
PIDS+=($!)
APP_MASTER=$!
DJANGO_SETTINGS_MODULE=bench.web.bare PYTHONPATH="$ROOT" \
  "$GUNICORN" -c "$ROOT/gunicorn.conf.py" bench.web.bare:application -w "$WORKERS" -b "$HOST:$BARE_PORT" --log-level warning >"$OUT/bare.log" 2>&1 &
PIDS+=($!)
BARE_MASTER=$!

# CPU time (clock ticks, user + system) of a gunicorn master's workers so far.
worker_ticks() {
  local total=0 pid stat rest
  for pid in $(pgrep -P "$1"); do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    rest=${stat##*) }  # the fields after the command name, from field 3 (state) on
    read -r -a f <<<"$rest"
    total=$((total + f[11] + f[12]))  # fields 14 and 15: utime, stime
  done
  echo "$total"
}

wait_up() {
  for _ in $(seq 1 100); do
    if curl -s -o /dev/null "http://$HOST:$1/$2"; then return 0; fi
    sleep 0.2
  done
  echo "server on port $1 did not start; see $OUT" >&2
  exit 1
}
wait_up "$APP_PORT" ""
wait_up "$BARE_PORT" "1/"

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for name in article home search; do
  url="http://$HOST:$APP_PORT${PAGES[$name]}"
  code=$(curl -s -o "$OUT/$name.html" -w '%{http_code}' "$url")
  [ "$code" = 200 ] || { echo "$name: HTTP $code from $url" >&2; exit 1; }
  size=$(stat -c %s "$OUT/$name.html")
  echo "$size" >"$OUT/$name.size"
  # Warm-up (not recorded): fills the page cache and the workers' connections.
  wrk -t1 -c2 -d2s "$url" >/dev/null
  wrk -t1 -c2 -d2s "http://$HOST:$BARE_PORT/$size/" >/dev/null
  bare_url="http://$HOST:$BARE_PORT/$size/"
  echo "== $name ${PAGES[$name]} ($size bytes)"
  for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) = 1 ]; then order="app bare"; else order="bare app"; fi
    for who in $order; do
      if [ "$who" = app ]; then target="$url" master=$APP_MASTER; else target="$bare_url" master=$BARE_MASTER; fi
      echo "-- round $round: $who"
      before=$(worker_ticks "$master")
      wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$target" | tee "$OUT/$name.$who.$round.txt" \
        | grep -E "Requests/sec|50%|99%|Non-2xx" || true
      echo $(($(worker_ticks "$master") - before)) "$(getconf CLK_TCK)" >"$OUT/$name.$who.$round.cpu"
    done
  done
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PY" "$ROOT/bench/web/report.py" "$OUT" --threads "$THREADS" --connections "$CONNECTIONS" --duration "$DURATION" \
  --rounds "$ROUNDS"
