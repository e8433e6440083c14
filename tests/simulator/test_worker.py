"""Runs on a real Celery worker: progress, cancel, a worker killed mid-run, a broker down when a run is posted."""

import os
import signal
import time

import pytest
from django.db import connection

from simulator.models import SimulationRun
from tests.celery_worker import running_worker
from tests.simulator.faults import (
    RedisServer,
    fault_skip_reason,
    free_port,
    publishing_to,
    stop_process,
    worker_process,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
URL = "/api/v1/simulations/"


def _post(client, steps, step_s):
    body = {"kind": "test_countdown", "params": {"steps": steps, "step_s": step_s}}
    response = client.post(URL, body, format="json")
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "queued"
    return response.json()["id"]


def _watch(run_id, until, timeout):
    """Poll the run; returns the (status, progress) pairs seen, stopping when `until(run)` holds."""
    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = SimulationRun.objects.get(pk=run_id)
        if not seen or seen[-1] != (run.status, run.progress):
            seen.append((run.status, run.progress))
        if until(run):
            return seen
        time.sleep(0.05)
    raise AssertionError(f"run {run_id} timed out; seen {seen[-5:]}")


def test_it_goes_queued_running_succeeded_with_progress(api, bob, django_db_blocker):
    with running_worker(django_db_blocker):
        run_id = _post(api(bob), steps=20, step_s=0.1)
        seen = _watch(run_id, lambda r: r.is_finished, timeout=60)
    statuses = [s for s, _ in seen]
    assert statuses[0] in ("queued", "running") and statuses[-1] == "succeeded"
    running_progress = [p for s, p in seen if s == "running"]
    assert any(0 < p < 1 for p in running_progress), seen
    assert running_progress == sorted(running_progress)
    run = SimulationRun.objects.get(pk=run_id)
    assert run.progress == 1 and run.attempts == 1 and run.result["charts"] and run.result["summary"]
    assert api(bob).get(f"{URL}{run_id}/").json()["status"] == "succeeded"


def test_it_cancels_a_running_simulation_cooperatively(api, bob, django_db_blocker):
    client = api(bob)
    with running_worker(django_db_blocker):
        run_id = _post(client, steps=200, step_s=0.05)
        _watch(run_id, lambda r: r.status == "running" and r.progress > 0, timeout=30)
        assert client.post(f"{URL}{run_id}/cancel/").status_code == 202
        _watch(run_id, lambda r: r.is_finished, timeout=30)
    run = SimulationRun.objects.get(pk=run_id)
    assert run.status == "cancelled" and run.progress < 1 and run.result is None


@pytest.fixture
def private_redis(tmp_path):
    reason = fault_skip_reason()
    if reason:
        pytest.skip(reason)
    server = RedisServer(free_port(), tmp_path).start()
    yield server
    server.stop()


def test_it_finishes_a_run_after_its_worker_is_killed(api, bob, private_redis, tmp_path):
    with publishing_to(private_redis.url):
        first = worker_process(private_redis.url, tmp_path / "worker1.log")
        try:
            run_id = _post(api(bob), steps=40, step_s=0.15)
            _watch(run_id, lambda r: r.status == "running" and r.progress >= 0.2, timeout=60)
            os.kill(first.pid, signal.SIGKILL)
            first.wait(10)
        finally:
            stop_process(first)
        killed_at = time.monotonic()
        assert SimulationRun.objects.get(pk=run_id).status == "running"  # stranded, until re-delivery
        second = worker_process(private_redis.url, tmp_path / "worker2.log")
        try:
            _watch(run_id, lambda r: r.is_finished, timeout=120)
        finally:
            stop_process(second)
    run = SimulationRun.objects.get(pk=run_id)
    assert run.status == "succeeded", (tmp_path / "worker2.log").read_text()[-3000:]
    assert run.attempts == 2 and run.progress == 1 and len(run.result["charts"]) == 1
    print(f"re-delivered and finished {time.monotonic() - killed_at:.1f} s after the SIGKILL")


def test_it_accepts_a_run_while_the_broker_is_down_and_runs_it_when_back(api, bob, private_redis, tmp_path):
    private_redis.stop()
    client = api(bob)
    with publishing_to(private_redis.url):
        started = time.monotonic()
        run_id = _post(client, steps=5, step_s=0.05)
        accepted_in = time.monotonic() - started
        body = client.get(f"{URL}{run_id}/", HTTP_ACCEPT_LANGUAGE="en").json()
        assert body["status"] == "queued" and body["status_message"] == "waiting for a worker"
        assert SimulationRun.objects.get(pk=run_id).dispatched_at is None
        private_redis.start()
        worker = worker_process(private_redis.url, tmp_path / "worker.log")
        try:
            _watch(run_id, lambda r: r.is_finished, timeout=60)  # the worker re-sends it on start-up
        finally:
            stop_process(worker)
    run = SimulationRun.objects.get(pk=run_id)
    assert run.status == "succeeded" and run.attempts == 1 and run.dispatched_at is not None
    assert accepted_in < 10
    print(f"202 while the broker was down in {accepted_in:.2f} s")


def test_a_worker_keeps_its_database_connection_from_one_run_to_the_next(api, bob, private_redis, tmp_path):
    """As a web process keeps its connection between requests (CONN_MAX_AGE), not one connection per task."""
    name = f"worker-reuse-{os.getpid()}"  # libpq's application_name, to find the worker's connection
    with publishing_to(private_redis.url):
        worker = worker_process(private_redis.url, tmp_path / "worker.log", DJANGO_CONN_MAX_AGE="60", PGAPPNAME=name)
        try:
            runs = []
            for _ in range(3):
                runs.append(_post(api(bob), steps=1, step_s=0.01))
                _watch(runs[-1], lambda r: r.is_finished, timeout=60)
            with connection.cursor() as cursor:
                cursor.execute("SELECT backend_start FROM pg_stat_activity WHERE application_name = %s", [name])
                backends = [row[0] for row in cursor.fetchall()]
        finally:
            stop_process(worker)
    first = SimulationRun.objects.get(pk=runs[0])
    assert first.status == "succeeded", (tmp_path / "worker.log").read_text()[-3000:]
    assert len(backends) == 1, backends  # one connection, still open after the last run
    assert backends[0] < first.started_at  # opened before the first run, used by all three
