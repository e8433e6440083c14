"""Runs through the REST API: validation, access, listing, cancel; the run service called directly."""

from datetime import timedelta

import pytest
from django.utils import timezone

from simulator import services
from simulator.engine import KINDS
from simulator.models import SimulationRun
from tests.factories_simulator import SimulationRunFactory

URL = "/api/v1/simulations/"
GOOD = {"kind": "test_countdown", "params": {"steps": 3, "step_s": 0, "rate_bps": 1e6, "fail": 0}}


def test_it_lists_kinds_with_units_defaults_and_bounds(api, bob):
    response = api(bob).get(URL + "kinds/")
    assert response.status_code == 200
    kinds = {k["kind"]: k for k in response.json()["results"]}
    param = {p["name"]: p for p in kinds["test_countdown"]["params"]}["rate_bps"]
    assert param == {**param, "unit": "bit/s", "default": 1e6, "min": 1, "max": 1e9}


def test_it_accepts_a_run_with_202_and_saves_it_queued(api, bob):
    response = api(bob).post(URL, GOOD, format="json")
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "queued" and body["progress"] == 0 and body["result"] is None
    assert set(body) >= {"id", "kind", "params", "status", "progress", "result", "error", "created_at", "finished_at"}
    run = SimulationRun.objects.get(pk=body["id"])
    assert run.owner == bob and run.params == {"steps": 3, "step_s": 0.0, "rate_bps": 1e6, "fail": 0}


def test_it_fills_defaults_and_keeps_the_seed_given(api, bob):
    response = api(bob).post(URL, {"kind": "test_countdown", "params": {}, "seed": 42}, format="json")
    assert response.status_code == 202
    run = SimulationRun.objects.get(pk=response.json()["id"])
    assert run.seed == 42 and run.params["steps"] == 5


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "test_countdown", "params": {"steps": 10**9}}, "params.steps"),
        ({"kind": "test_countdown", "params": {"rate_bps": 0}}, "params.rate_bps"),
        ({"kind": "test_countdown", "params": {"rate_bps": -5}}, "params.rate_bps"),
        ({"kind": "test_countdown", "params": {"steps": "ten"}}, "params.steps"),
        ({"kind": "test_countdown", "params": {"steps": 2.5}}, "params.steps"),
        ({"kind": "test_countdown", "params": {"warp": 9}}, "params.warp"),
        ({"kind": "test_countdown", "params": [1, 2]}, "params"),
        ({"kind": "test_countdown", "params": {}, "seed": "x"}, "seed"),
        ({"kind": "test_countdown", "params": {}, "seed": -1}, "seed"),
        ({"kind": "quantum", "params": {}}, "kind"),
        ({"kind": 5, "params": {}}, "kind"),
        ({"params": {}}, "kind"),
        ({"kind": "test_countdown"}, "params"),
    ],
)
def test_it_rejects_bad_input_with_400_naming_the_field(api, bob, body, field):
    response = api(bob).post(URL, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert not SimulationRun.objects.exists()


def test_it_names_each_bad_field_at_once(api, bob):
    body = {"kind": "test_countdown", "params": {"steps": 0, "rate_bps": "fast", "fail": 3}}
    response = api(bob).post(URL, body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"params.steps", "params.rate_bps", "params.fail"}


@pytest.mark.skipif("file_distribution" not in KINDS, reason="the engine's file_distribution kind is not there yet")
def test_it_rejects_a_billion_peers(api, bob):
    response = api(bob).post(URL, {"kind": "file_distribution", "params": {"peers": 10**9}}, format="json")
    assert response.status_code == 400
    assert "params.peers" in response.json()


def test_it_refuses_anonymous_callers(api):
    assert api(None).post(URL, GOOD, format="json").status_code == 401


def test_it_shows_a_run_to_its_owner_and_their_teacher_only(api, alice, bob, charlie, dave, classroom):
    run = SimulationRunFactory(owner=bob)
    assert api(bob).get(f"{URL}{run.pk}/").status_code == 200
    assert api(alice).get(f"{URL}{run.pk}/").status_code == 200
    for outsider in (charlie, dave):
        response = api(outsider).get(f"{URL}{run.pk}/")
        assert response.status_code == 404
        assert api(outsider).post(f"{URL}{run.pk}/cancel/").status_code == 404
    assert api(bob).get(f"{URL}999999/").status_code == 404


def test_it_lists_only_my_runs_paginated(api, bob, charlie, django_assert_max_num_queries):
    SimulationRunFactory.create_batch(3, owner=bob)
    SimulationRunFactory(owner=charlie)
    client = api(bob)
    with django_assert_max_num_queries(6):
        response = client.get(URL, {"page_size": 2})
    body = response.json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    assert {r["id"] for r in body["results"]} <= set(
        SimulationRun.objects.filter(owner=bob).values_list("pk", flat=True)
    )


def test_it_cancels_a_queued_run_at_once(api, bob):
    run = SimulationRunFactory(owner=bob)
    response = api(bob).post(f"{URL}{run.pk}/cancel/")
    assert response.status_code == 202
    assert response.json()["status"] == "cancelled"
    assert services.run_execute(run_id=run.pk) is None  # a late message does nothing


def test_it_runs_stores_result_charts_and_progress(bob):
    run = SimulationRunFactory(owner=bob)
    assert services.run_execute(run_id=run.pk) == "succeeded"
    run.refresh_from_db()
    assert run.progress == 1.0 and run.attempts == 1 and run.started_at and run.finished_at
    assert run.result["summary"] == "Counted 3 steps."
    # The worker stores the data only: charts are drawn on first view (tests/simulator/test_charts.py).
    assert run.charts == [] and run.result["charts"][0]["id"] == "steps"


def test_it_runs_a_finished_run_only_once(bob):
    run = SimulationRunFactory(owner=bob)
    services.run_execute(run_id=run.pk)
    finished_at = SimulationRun.objects.get(pk=run.pk).finished_at
    assert services.run_execute(run_id=run.pk) is None
    run.refresh_from_db()
    assert run.attempts == 1 and run.finished_at == finished_at


def test_it_leaves_a_run_that_a_live_worker_holds(bob):
    run = SimulationRunFactory(owner=bob, status="running", started_at=timezone.now(), attempts=1)
    assert services.run_execute(run_id=run.pk) is None
    assert SimulationRun.objects.get(pk=run.pk).status == "running"


def test_it_takes_over_a_run_whose_worker_died(bob, settings):
    old = timezone.now() - timedelta(seconds=settings.SIMULATION_HARD_TIME_LIMIT + 5)
    run = SimulationRunFactory(owner=bob, status="running", started_at=old, attempts=1, progress=0.5)
    assert services.run_execute(run_id=run.pk) == "succeeded"
    run.refresh_from_db()
    assert run.attempts == 2 and run.status == "succeeded" and len(run.result["charts"]) == 1


def test_it_gives_up_after_three_attempts(bob, settings):
    old = timezone.now() - timedelta(seconds=settings.SIMULATION_HARD_TIME_LIMIT + 5)
    run = SimulationRunFactory(owner=bob, status="running", started_at=old, attempts=3)
    assert services.run_execute(run_id=run.pk) is None
    run.refresh_from_db()
    assert run.status == "failed" and "3 attempts" in run.error


def test_it_fails_a_run_when_the_engine_raises(bob):
    run = SimulationRunFactory(owner=bob, params={"steps": 2, "step_s": 0, "rate_bps": 1, "fail": 1})
    assert services.run_execute(run_id=run.pk) == "failed"
    run.refresh_from_db()
    assert "asked to fail" in run.error and run.result is None


def test_it_stops_a_run_past_the_soft_time_limit(bob, settings):
    settings.SIMULATION_SOFT_TIME_LIMIT = 0.3
    run = SimulationRunFactory(owner=bob, params={"steps": 100, "step_s": 0.02, "rate_bps": 1, "fail": 0})
    assert services.run_execute(run_id=run.pk) == "failed"
    assert "time limit" in SimulationRun.objects.get(pk=run.pk).error


def test_it_redispatches_runs_that_never_started(bob, settings):
    never_sent = SimulationRunFactory()  # another student: Bob's own wait their turn (test_fair_queue)
    sent_long_ago = SimulationRunFactory(
        owner=bob, dispatched_at=timezone.now() - timedelta(seconds=settings.SIMULATION_HARD_TIME_LIMIT + 60)
    )
    just_sent = SimulationRunFactory(owner=bob, dispatched_at=timezone.now())
    done = SimulationRunFactory(owner=bob, status="succeeded")
    assert services.runs_redispatch_stale() == 2
    dispatched = dict(SimulationRun.objects.values_list("pk", "dispatched_at"))
    assert dispatched[never_sent.pk] and dispatched[sent_long_ago.pk] > timezone.now() - timedelta(seconds=5)
    assert dispatched[done.pk] is None and dispatched[just_sent.pk] < timezone.now()


def test_it_requeues_a_run_whose_worker_died_long_ago(bob, settings):
    long_ago = timezone.now() - timedelta(seconds=settings.SIMULATION_HARD_TIME_LIMIT + 61)
    dead = SimulationRunFactory(owner=bob, status="running", started_at=long_ago, attempts=1)
    alive = SimulationRunFactory(owner=bob, status="running", started_at=timezone.now(), attempts=1)
    assert services.runs_redispatch_stale() == 1
    assert SimulationRun.objects.get(pk=dead.pk).status == "queued"
    assert SimulationRun.objects.get(pk=alive.pk).status == "running"
    assert services.run_execute(run_id=dead.pk) == "succeeded"
    assert SimulationRun.objects.get(pk=dead.pk).attempts == 2
