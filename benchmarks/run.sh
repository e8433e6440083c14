#!/usr/bin/env bash
# make bench: one run, one machine. Recreates the `bench` PostgreSQL database, seeds it, starts gunicorn
# and Celery workers on Redis, measures, stops everything it started (by PID) and writes
# benchmarks/results/*.json and the table in benchmarks/README.md.
#
# Needs PostgreSQL and Redis running (as on the dev machine and in CI); installs wrk with apt if missing.
# Knobs (environment): BENCH_PORT (8077), BENCH_WORKERS (gunicorn sync workers, 4), BENCH_CELERY_CONCURRENCY (2),
# BENCH_DURATION (s per flow, 15), BENCH_CONNECTIONS (8), BENCH_PG (postgres://postgres@127.0.0.1:5432),
# BENCH_DB (bench), BENCH_REDIS (redis://127.0.0.1:6379), BENCH_SMALL=1 (a few seconds per step: a smoke run).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$PWD/.venv/bin
PY=$BIN/python

export BENCH_PORT=${BENCH_PORT:-8077}
export BENCH_WORKERS=${BENCH_WORKERS:-4}
export BENCH_CELERY_CONCURRENCY=${BENCH_CELERY_CONCURRENCY:-2}
export BENCH_BASE_URL="http://127.0.0.1:$BENCH_PORT"
BENCH_PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
BENCH_DB=${BENCH_DB:-bench}
BENCH_REDIS=${BENCH_REDIS:-redis://127.0.0.1:6379}

export DJANGO_SETTINGS_MODULE=benchmarks.settings
export DJANGO_DEBUG=0
DJANGO_SECRET_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(64))')
export DJANGO_SECRET_KEY
export DJANGO_CONN_MAX_AGE=60
# Production settings require the hosts to be named (benchmarks/settings.py narrows them to the loopback).
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DATABASE_URL=$BENCH_PG/$BENCH_DB
export CELERY_BROKER_URL=$BENCH_REDIS/7
export CACHE_URL=$BENCH_REDIS/8
export VAR_DIR=$PWD/var/bench
export LOG_LEVEL=WARNING

SEED_ARGS=()
if [[ ${BENCH_SMALL:-0} == 1 ]]; then
  SEED_ARGS=(--classes 5 --students 300 --big-class 200 --answers 5000 --reviews 10000)
  export BENCH_DURATION=${BENCH_DURATION:-2} BENCH_WARMUP=${BENCH_WARMUP:-1} BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-2}
  export BENCH_SIMULATIONS=${BENCH_SIMULATIONS:-20} BENCH_SIMULATIONS_PACED=${BENCH_SIMULATIONS_PACED:-5}
  export BENCH_LOADTEST_USERS=${BENCH_LOADTEST_USERS:-10} BENCH_LOADTEST_SECONDS=${BENCH_LOADTEST_SECONDS:-10}
  export BENCH_LOADTEST_FIRST_STUDENT=${BENCH_LOADTEST_FIRST_STUDENT:-250} BENCH_LOADTEST_KNEE=${BENCH_LOADTEST_KNEE-20}
  export BENCH_LOADTEST_KNEE_SECONDS=${BENCH_LOADTEST_KNEE_SECONDS:-5}
fi

mkdir -p "$VAR_DIR" benchmarks/results
LOG=$VAR_DIR/logs
rm -rf "$LOG" && mkdir -p "$LOG"

step() { printf '\n== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

pids=()
stop_all() {
  local pid
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  pids=()
}
trap stop_all EXIT INT TERM

step "tools"
if ! command -v wrk >/dev/null; then
  echo "installing wrk (apt)"
  (apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }) \
    || { echo "wrk is needed: apt-get install wrk"; exit 1; }
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$BENCH_PORT") 2>/dev/null; then
  echo "port $BENCH_PORT is taken: set BENCH_PORT"; exit 1
fi

step "database $BENCH_DB (recreated), redis dbs 7 and 8 (flushed)"
$PY - <<EOF
import psycopg, redis
with psycopg.connect("$BENCH_PG/postgres", autocommit=True) as conn:
    conn.execute("DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)")
    conn.execute("CREATE DATABASE $BENCH_DB")
for db in (7, 8):
    redis.Redis.from_url("$BENCH_REDIS/%d" % db).flushdb()
EOF
# Migration files are generated once the models settle; while they lag the models, build the tables from
# the models (what pytest --no-migrations does) and say so in the results. Only this step needs to know:
# the servers never migrate.
if $PY manage.py makemigrations --check --dry-run >/dev/null 2>&1; then
  SCHEMA=migrations
  $PY manage.py migrate --noinput -v0
else
  SCHEMA=models
  $PY - <<'EOF'
import django
from django.apps import apps
from django.core.management import call_command
from django.test.utils import override_settings

django.setup()
with override_settings(MIGRATION_MODULES={app.label: None for app in apps.get_app_configs()}):
    call_command("migrate", run_syncdb=True, interactive=False, verbosity=0)
EOF
fi
echo "schema from $SCHEMA"
# Only the HTML pages need the static manifest (the flows are API calls): build it once, it takes a while.
[[ -f staticfiles/staticfiles.json ]] || $PY manage.py collectstatic --noinput -v0

step "seed"
$PY -m benchmarks.seed --fixtures "$VAR_DIR/fixtures.json" --results benchmarks/results/seed.json "${SEED_ARGS[@]}"

step "start celery (concurrency $BENCH_CELERY_CONCURRENCY) and gunicorn ($BENCH_WORKERS sync workers, :$BENCH_PORT)"
$BIN/celery -A config worker --beat --schedule "$VAR_DIR/celerybeat-schedule" -Q celery,simulations \
  --concurrency "$BENCH_CELERY_CONCURRENCY" --prefetch-multiplier 1 --without-gossip --without-mingle \
  --loglevel WARNING >"$LOG/celery.log" 2>&1 &
pids+=($!)
$BIN/gunicorn config.wsgi --bind "127.0.0.1:$BENCH_PORT" --workers "$BENCH_WORKERS" --worker-class sync \
  --timeout 60 --backlog 2048 --error-logfile "$LOG/gunicorn.log" >"$LOG/gunicorn.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  curl -fs "$BENCH_BASE_URL/bench/anchor/bare/" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fs "$BENCH_BASE_URL/healthz" || { echo "gunicorn did not come up"; tail -30 "$LOG/gunicorn.log"; exit 1; }
echo
for _ in $(seq 1 50); do $BIN/celery -A config inspect ping --timeout 1 >/dev/null 2>&1 && break; sleep 0.5; done

step "celery: simulations through the API"
$PY -m benchmarks.celery_bench

step "flows (wrk, ${BENCH_DURATION:-15}s each)"
$PY -m benchmarks.flows

step "profile (py-spy on the gunicorn workers) of the flows that missed their target"
$PY -m benchmarks.profile || echo "profiling failed (see above)"

export BENCH_LOADTEST_KNEE=${BENCH_LOADTEST_KNEE-600,800}
step "load test: ${BENCH_LOADTEST_USERS:-400} students, ${BENCH_LOADTEST_SECONDS:-60}s, then ${BENCH_LOADTEST_KNEE:-no} for the knee"
$PY -m benchmarks.loadtest

step "stop servers"
stop_all
grep -hE -A3 "Traceback|ERROR" "$LOG/gunicorn.log" "$LOG/gunicorn.out" | head -40 || true

step "engine alone"
if [[ -f benchmarks/engine.py ]]; then
  $PY -m benchmarks.engine || echo "benchmarks/engine.py failed (see above)"
else
  echo "benchmarks/engine.py is not there yet: skipped"
fi

step "report"
BENCH_SCHEMA=$SCHEMA $PY -m benchmarks.report
