"""Fair use of the simulation queue: a per-student limit (429) and per-student dispatch, tested with a real worker."""

import time

import pytest
from django.utils import timezone

from simulator import services
from simulator.models import SimulationRun
from tests.celery_worker import running_worker
from tests.factories_simulator import SimulationRunFactory

URL = "/api/v1/simulations/"


def _body(steps=3, step_s=0.0):
    return {"kind": "test_countdown", "params": {"steps": steps, "step_s": step_s, "rate_bps": 1e6, "fail": 0}}


@pytest.mark.django_db
def test_it_answers_429_with_retry_after_beyond_the_limit_in_the_students_language(api, bob, settings):
    settings.SIMULATION_MAX_ACTIVE_PER_USER = 3
    client = api(bob)
    for _ in range(3):
        assert client.post(URL, _body(), format="json").status_code == 202
    response = client.post(URL, _body(), format="json", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "3 mô phỏng" in response.json()["detail"]
    english = client.post(URL, _body(), format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 429 and "You already have 3 simulations" in english.json()["detail"]
    assert SimulationRun.objects.filter(owner=bob).count() == 3


@pytest.mark.django_db
def test_it_counts_only_runs_still_queued_or_running(api, bob, charlie, settings):
    settings.SIMULATION_MAX_ACTIVE_PER_USER = 2
    SimulationRunFactory(owner=bob, status="succeeded")
    SimulationRunFactory(owner=bob, status="cancelled")
    SimulationRunFactory(owner=bob, status="running", started_at=timezone.now())
    SimulationRunFactory(owner=charlie)
    SimulationRunFactory(owner=charlie)
    assert api(bob).post(URL, _body(), format="json").status_code == 202
    assert api(bob).post(URL, _body(), format="json").status_code == 429


@pytest.mark.django_db
def test_it_answers_the_run_page_with_429_and_the_message(web, bob, settings):
    settings.SIMULATION_MAX_ACTIVE_PER_USER = 1
    SimulationRunFactory(owner=bob)
    response = web(bob).post(
        "/simulations/test_countdown/", {"steps": 3, "step_s": 0, "rate_bps": 1, "fail": 0}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "You already have 1 simulation waiting or running" in response.content.decode()
    assert SimulationRun.objects.filter(owner=bob).count() == 1


@pytest.mark.django_db
def test_it_keeps_one_run_per_student_in_the_broker_and_holds_the_rest(
    api, bob, charlie, settings, django_capture_on_commit_callbacks
):
    settings.SIMULATION_DISPATCHED_PER_USER = 1
    with django_capture_on_commit_callbacks(execute=True):
        bob_ids = [api(bob).post(URL, _body(), format="json").json()["id"] for _ in range(3)]
        charlie_id = api(charlie).post(URL, _body(), format="json").json()["id"]
    sent = dict(SimulationRun.objects.values_list("pk", "dispatched_at"))
    assert sent[bob_ids[0]] is not None and sent[bob_ids[1]] is None and sent[bob_ids[2]] is None
    assert sent[charlie_id] is not None
    # The first finishing (here: cancelled) frees the place: the next of Bob's runs goes out, in order.
    with django_capture_on_commit_callbacks(execute=True):
        services.run_cancel(run=SimulationRun.objects.get(pk=bob_ids[0]))
    sent = dict(SimulationRun.objects.values_list("pk", "dispatched_at"))
    assert sent[bob_ids[1]] is not None and sent[bob_ids[2]] is None


@pytest.mark.django_db
def test_the_sweep_releases_held_runs_per_student_and_never_more(bob, charlie, settings):
    settings.SIMULATION_DISPATCHED_PER_USER = 1
    held = [SimulationRunFactory(owner=bob) for _ in range(3)]
    charlies = SimulationRunFactory(owner=charlie)
    assert services.runs_redispatch_stale() == 2
    assert services.runs_redispatch_stale() == 0
    sent = dict(SimulationRun.objects.values_list("pk", "dispatched_at"))
    assert sent[held[0].pk] and not sent[held[1].pk] and not sent[held[2].pk] and sent[charlies.pk]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_second_students_run_starts_within_10_s_while_the_first_is_at_the_limit(api, bob, charlie, django_db_blocker):
    """One worker; Bob fills his limit with 4-second runs, then Charlie posts a small run."""
    with running_worker(django_db_blocker):
        bob_ids = [api(bob).post(URL, _body(steps=40, step_s=0.1), format="json").json()["id"] for _ in range(3)]
        assert api(bob).post(URL, _body(), format="json").status_code == 429
        posted = time.monotonic()
        charlie_id = api(charlie).post(URL, _body(), format="json").json()["id"]
        deadline = posted + 30
        while time.monotonic() < deadline and SimulationRun.objects.get(pk=charlie_id).status == "queued":
            time.sleep(0.05)
        waited = time.monotonic() - posted
        # Every accepted run still finishes (none lost behind the hold).
        deadline = time.monotonic() + 60
        while (
            time.monotonic() < deadline and SimulationRun.objects.filter(pk__in=bob_ids, status="succeeded").count() < 3
        ):
            time.sleep(0.1)
    print(f"Charlie's run started {waited:.1f} s after posting, behind Bob's three 4 s runs")
    assert waited < 10
    assert SimulationRun.objects.get(pk=charlie_id).status == "succeeded"
    assert SimulationRun.objects.filter(pk__in=bob_ids, status="succeeded").count() == 3


@pytest.mark.django_db
def test_a_held_run_says_it_waits_for_the_students_earlier_runs(web, bob):
    SimulationRunFactory(owner=bob, status="running", started_at=timezone.now())
    held = SimulationRunFactory(owner=bob)
    html = web(bob).get(f"/simulations/runs/{held.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Waiting for your earlier simulations to finish" in html and "cannot be reached" not in html
