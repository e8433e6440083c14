"""How many of the cheapest simulations one real worker completes per second, and accepted -> started when idle.

Run it under pytest so the tables come from the models (no migration needed) in a throwaway PostgreSQL database,
with a real Celery worker process (prefork, concurrency 2) on Redis:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/learning_h5 CELERY_BROKER_URL=redis://127.0.0.1:6379/5 \\
      CACHE_URL=rediscache://127.0.0.1:6379/13 \\
      .venv/bin/python -m pytest benchmarks/worker_throughput.py -s -p no:cacheprovider

- burst: BENCH_WORKER_RUNS (400) runs of the cheapest kind at its smallest size, published at once; completed per
  second = runs / (last finished - first started), from the runs' own timestamps.
- paced: BENCH_WORKER_PACED (40) runs started through `run_create` one at a time, each after the previous one
  finished (an empty queue): accepted (created_at) -> started (started_at), p50 and p90.
The result goes to benchmarks/results/worker.json.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

RUNS = int(os.environ.get("BENCH_WORKER_RUNS", "400"))
PACED = int(os.environ.get("BENCH_WORKER_PACED", "40"))
KIND = os.environ.get("BENCH_WORKER_KIND", "lookup")
CONCURRENCY = int(os.environ.get("BENCH_WORKER_CONCURRENCY", "2"))
ROOT = Path(__file__).resolve().parent.parent


def _smallest(kind_name: str) -> dict:
    from simulator.engine import KINDS

    kind = KINDS[kind_name]
    return {p.name: (p.min if p.type == "int" else p.default) for p in kind.params}


def _start_worker() -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "PYTHONPATH": str(ROOT),
    }
    cmd = [
        sys.executable, "-m", "celery", "-A", "config.celery", "worker", "-Q", "simulations",
        "-P", "prefork", "-c", str(CONCURRENCY), "--without-gossip", "--without-mingle", "--without-heartbeat",
        "-l", "warning",
    ]  # fmt: skip
    return subprocess.Popen(cmd, cwd=ROOT, env=env)


def _tree_cpu_s(proc: subprocess.Popen) -> float | None:
    """CPU seconds (user + system) of the worker and its pool processes; None without psutil."""
    try:
        import psutil
    except ImportError:
        return None
    root = psutil.Process(proc.pid)
    total = 0.0
    for p in [root, *root.children(recursive=True)]:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def _wait(predicate, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.005)
    return False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_throughput():
    if connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip("needs PostgreSQL and Redis (DATABASE_URL, CELERY_BROKER_URL)")
    from learning.models import User
    from simulator import services
    from simulator.models import SimulationRun
    from simulator.services.runs import run_dispatch
    from simulator.tasks import simulation_run

    params = _smallest(KIND)
    owners = [User.objects.create_user(username=f"bench{i}", password="x") for i in range(50)]
    worker = _start_worker()
    try:
        # Warm the worker's processes (imports, first connection) with one run each, untimed.
        warm = [SimulationRun.objects.create(owner=owners[i], kind=KIND, params=params) for i in range(CONCURRENCY * 2)]
        for run in warm:
            run_dispatch(run_id=run.pk)
        assert _wait(lambda: SimulationRun.objects.filter(pk__in=[r.pk for r in warm], status="succeeded").count()
                     == len(warm), 60), "the worker did not start"  # fmt: skip

        # Burst: every run in the queue at once.
        runs = SimulationRun.objects.bulk_create(
            SimulationRun(owner=owners[i % len(owners)], kind=KIND, params=params, seed=i) for i in range(RUNS)
        )
        ids = [r.pk for r in runs]
        cpu_before = _tree_cpu_s(worker)
        for run_id in ids:
            simulation_run.apply_async(args=[run_id], retry=False)
        assert _wait(lambda: SimulationRun.objects.filter(pk__in=ids, status="succeeded").count() == RUNS, 600)
        times = list(SimulationRun.objects.filter(pk__in=ids).values_list("started_at", "finished_at"))
        span = (max(f for _, f in times) - min(s for s, _ in times)).total_seconds()
        per_second = RUNS / span
        cpu_after = _tree_cpu_s(worker)
        cpu_ms = None if cpu_before is None else (cpu_after - cpu_before) * 1000 / RUNS
        load = os.getloadavg()[0]

        # Paced: one run at a time through the service, the queue empty each time.
        waits = []
        for i in range(PACED):
            run = services.run_create(owner=owners[i % len(owners)], kind=KIND, params=params)
            assert _wait(lambda run=run: SimulationRun.objects.filter(pk=run.pk, status="succeeded").exists(), 30)
            run.refresh_from_db()
            waits.append((run.started_at - run.created_at).total_seconds() * 1000)
        waits.sort()
        out = {
            "kind": KIND,
            "params": params,
            "concurrency": CONCURRENCY,
            "burst_runs": RUNS,
            "completed_per_s": round(per_second, 1),
            "worker_cpu_ms_per_run": None if cpu_ms is None else round(cpu_ms, 2),
            # What the worker's own CPU allows with `concurrency` free cores (PostgreSQL's share not counted).
            "cpu_bound_per_s": None if not cpu_ms else round(CONCURRENCY * 1000 / cpu_ms, 1),
            "load_average_during_burst": round(load, 1),
            "paced_runs": PACED,
            "accepted_to_started_ms_p50": round(statistics.median(waits), 1),
            "accepted_to_started_ms_p90": round(waits[int(0.9 * (len(waits) - 1))], 1),
        }
        print(json.dumps(out, indent=2))
        (ROOT / "benchmarks" / "results" / "worker.json").write_text(json.dumps(out, indent=2) + "\n")
    finally:
        worker.terminate()
        worker.wait(timeout=30)
