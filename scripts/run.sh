#!/usr/bin/env bash
# Serve the site and run a Celery worker (with beat) side by side; Ctrl-C stops both.
set -euo pipefail
host=${1:-127.0.0.1}
port=${2:-8000}
bin=.venv/bin
pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT
$bin/celery -A config worker --beat --schedule var/celerybeat-schedule -Q celery,simulations \
  --concurrency 2 --loglevel INFO &
pids+=($!)
echo "Site: http://$host:$port/  (Ctrl-C stops the site and the worker)"
$bin/python manage.py runserver "$host:$port" --noreload &
pids+=($!)
wait -n "${pids[@]}"
