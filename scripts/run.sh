#!/usr/bin/env bash
# Serve the site, run a Celery worker and the beat side by side; Ctrl-C (or SIGTERM) stops all three within 10 s.
#
# Each one runs in its own session, so the terminal's Ctrl-C reaches this script only, and the script stops
# them in one controlled way: SIGTERM to each of them, a grace period, then SIGKILL of whatever is left of
# their process groups (the worker's pool children included). Only the groups started here are signalled.
# The beat is its own process: embedded in the worker (`--beat`) it kept billiard's pool shutdown waiting
# for over a minute. A simulation cut short is not lost: its run stays in the database and the beat's
# sweep sends it again on the next start.
set -uo pipefail
host=${1:-127.0.0.1}
port=${2:-8000}
bin=${BIN:-.venv/bin}
var_dir=${VAR_DIR:-var}
grace=${RUN_STOP_GRACE:-6}
mkdir -p "$var_dir"
pids=()

start() {
  # A non-interactive shell's background job is not a group leader, so setsid runs the command itself
  # (no extra fork): $! is the command's PID and also its process group id.
  setsid "$@" &
  pids+=($!)
}

alive() {
  local pid
  for pid in "${pids[@]}"; do
    kill -0 -- "-$pid" 2>/dev/null && return 0
  done
  return 1
}

stop() {
  # Ignore (not default) further INT/TERM: make forwards the signal it got, and a second TERM arriving here with
  # the default action would kill this script halfway through, leaving the beat and the site running.
  trap '' INT TERM
  trap - EXIT
  local pid i
  # TERM to each leader only: signalled directly, the worker's pool children died under it and left
  # billiard's pool shutdown waiting for them; the leader stops its own children in order.
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for ((i = 0; i < grace * 10; i++)); do
    alive || break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do
    if kill -0 -- "-$pid" 2>/dev/null; then
      echo "run.sh: process group $pid did not stop in ${grace} s; killing it" >&2
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
  done
  wait 2>/dev/null || true
  exit 0
}
trap stop INT TERM EXIT

# prefork (not solo/threads): only the prefork pool enforces the simulations' soft and hard time limits.
start "$bin/celery" -A config worker -Q celery,simulations --concurrency 2 --loglevel INFO
start "$bin/celery" -A config beat --schedule "$var_dir/celerybeat-schedule" --loglevel INFO
echo "Site: http://$host:$port/  (Ctrl-C stops the site, the worker and the beat)"
start "$bin/python" manage.py runserver "$host:$port" --noreload
# Any of them exiting (or a signal) ends the script, and the EXIT trap stops the others.
wait -n "${pids[@]}"
