#!/usr/bin/env bash
# bench/faults.sh: the fault scenarios of bench/faults.py against a private PostgreSQL cluster and a private Redis
# that this script starts in a temporary folder and removes on exit. The machine's own PostgreSQL and Redis are
# never touched. Needs PostgreSQL's server binaries (Debian: /usr/lib/postgresql/<version>/bin) and redis-server.
#
#   bench/faults.sh          # PG_PORT=55432 REDIS_PORT=56379 by default
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PG_PORT="${PG_PORT:-55432}"
REDIS_PORT="${REDIS_PORT:-56379}"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$PGBIN/initdb" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2; exit 2; }
command -v redis-server >/dev/null || { echo "redis-server not found" >&2; exit 2; }
for port in "$PG_PORT" "$REDIS_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is busy" >&2; exit 2; fi
done

WORK="$(mktemp -d /tmp/cms-faults.XXXXXX)"
# initdb refuses to run as root: the cluster belongs to the postgres user when this runs as root.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$WORK"
PGDATA="$WORK/pg"
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

as_pg "$PGBIN/initdb" -D "$PGDATA" -A trust -U postgres >/dev/null
PG_OPTS="-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off"
as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -o "$PG_OPTS" -l "$WORK/pg.log" -w start >/dev/null

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/cms_bench_faults"
export FAULTS_REDIS_PORT="$REDIS_PORT"
export CACHE_KEY_PREFIX=cms-faults CELERY_QUEUE=cms-faults
if [ "$(id -u)" = 0 ]; then
  export FAULTS_PG_RESTART="runuser -u postgres -- $PGBIN/pg_ctl -D $PGDATA -o '$PG_OPTS' -l $WORK/pg.log -m fast -w restart"
else
  export FAULTS_PG_RESTART="$PGBIN/pg_ctl -D $PGDATA -o '$PG_OPTS' -l $WORK/pg.log -m fast -w restart"
fi
"$ROOT/.venv/bin/python" bench/faults.py "$@"
