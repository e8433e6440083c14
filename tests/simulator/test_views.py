"""Browser pages of the simulator through Django's test client."""

import pytest

from learning.models import Difference, Document, Lesson
from simulator import services
from simulator.models import ExerciseSubmission, SimulationRun
from tests.conftest import PASSWORD
from tests.factories_simulator import ExerciseFactory, SimulationRunFactory


@pytest.fixture
def web(client):
    def login(user):
        client.login(username=user.username, password=PASSWORD)
        return client

    return login


def test_it_shows_kinds_and_my_runs(web, bob, charlie):
    mine = SimulationRunFactory(owner=bob)
    theirs = SimulationRunFactory(owner=charlie)
    html = web(bob).get("/simulations/").content.decode()
    assert "Countdown (test)" in html and f"/simulations/runs/{mine.pk}/" in html
    assert f"/simulations/runs/{theirs.pk}/" not in html


def test_it_asks_anonymous_visitors_to_log_in(client):
    assert client.get("/simulations/").status_code == 302


def test_it_renders_the_form_with_units_and_bounds(web, bob):
    html = web(bob).get("/simulations/test_countdown/").content.decode()
    # rate_bps: default 1e6 bit/s is typed as 1 in a unit picker set to Mbps; bounds in readable units, no "1e-06"
    assert 'name="rate_bps"' in html and 'value="1"' in html and 'name="rate_bps_unit"' in html
    assert '<option value="Mbps" selected>Mbps</option>' in html
    assert "1 bps đến 1.000 Mbps" in html and "e-0" not in html
    assert "1 Mbps = 10^6 bit/s" in html


def test_it_refuses_values_out_of_bounds_on_the_form(web, bob):
    response = web(bob).post("/simulations/test_countdown/", {"steps": 10**9, "step_s": 0, "rate_bps": 1, "fail": 0})
    assert response.status_code == 200 and not SimulationRun.objects.exists()
    assert "errorlist" in response.content.decode()


def test_it_starts_a_run_from_the_form_in_si_units(web, bob):
    response = web(bob).post("/simulations/test_countdown/", {"steps": 3, "step_s": 0, "rate_bps": 2.5, "fail": 0})
    run = SimulationRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/simulations/runs/{run.pk}/"
    assert run.params["rate_bps"] == 2.5e6 and run.owner == bob


def test_it_404s_an_unknown_kind(web, bob):
    assert web(bob).get("/simulations/quantum/").status_code == 404


def test_it_polls_while_running_then_shows_chart_and_table(web, bob):
    run = SimulationRunFactory(owner=bob)
    client = web(bob)
    queued = client.get(f"/simulations/runs/{run.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in queued and 'data-status="queued"' in queued
    services.run_execute(run_id=run.pk)
    done = client.get(f"/simulations/runs/{run.pk}/status/").content.decode()
    assert "hx-trigger" not in done
    assert f"/simulations/runs/{run.pk}/charts/steps.svg" in done and "<table" in done and "Counted 3 steps." in done
    svg = client.get(f"/simulations/runs/{run.pk}/charts/steps.svg")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content


def test_it_hides_another_students_run_pages(web, bob, charlie):
    run = SimulationRunFactory(owner=bob)
    services.run_execute(run_id=run.pk)
    client = web(charlie)
    for url in ("", "status/", "charts/steps.svg"):
        assert client.get(f"/simulations/runs/{run.pk}/{url}").status_code == 404
    assert client.post(f"/simulations/runs/{run.pk}/cancel/").status_code == 404


def test_it_compares_runs_side_by_side_leaving_out_others_runs(web, bob, charlie):
    a, b = SimulationRunFactory(owner=bob), SimulationRunFactory(owner=bob)
    other = SimulationRunFactory(owner=charlie)
    for run in (a, b, other):
        services.run_execute(run_id=run.pk)
    html = web(bob).get(f"/simulations/compare/?runs={a.pk},{b.pk},{other.pk}").content.decode()
    assert "charts/steps.svg" in html
    assert f"/simulations/runs/{a.pk}/charts/" in html and f"/simulations/runs/{b.pk}/charts/" in html
    assert f"/simulations/runs/{other.pk}/charts/" not in html


def test_it_walks_an_exercise_predict_run_explain(web, bob, django_capture_on_commit_callbacks):
    exercise = ExerciseFactory()
    client = web(bob)
    page = client.get(f"/simulations/exercises/{exercise.pk}/").content.decode()
    assert "p-faster" in page and "analytic" not in page
    response = client.post(f"/simulations/exercises/{exercise.pk}/", {"p-faster": "p2p"})
    submission = ExerciseSubmission.objects.get()
    assert response["Location"] == f"/simulations/exercises/submissions/{submission.pk}/"
    assert "q-cs_time" not in client.get(response["Location"]).content.decode()  # explain only after the run
    with django_capture_on_commit_callbacks(execute=True):
        services.run_execute(run_id=submission.run_id)
    assert "q-cs_time" in client.get(response["Location"]).content.decode()
    client.post(response["Location"], {"q-cs_time": "8"})
    submission.refresh_from_db()
    assert submission.status == "graded" and submission.score == 2
    assert "2 / 2" in client.get(response["Location"]).content.decode()


def test_it_links_a_lesson_to_its_exercises(web, bob):
    document = Document.objects.create(slug="d", title="D", source="x", source_sha256="0" * 64)
    lesson = Lesson.objects.create(document=document, key="l", position=1, title="L", markdown="", html="")
    Difference.objects.create(
        document=document, key="bottleneck", position=4, kind="two_sided", source="s", lesson=lesson
    )
    linked = ExerciseFactory(document=document, difference_keys=["bottleneck"])
    ExerciseFactory(document=document, difference_keys=["other"])
    html = web(bob).get(f"/lessons/{lesson.pk}/").content.decode()
    assert f"/simulations/exercises/{linked.pk}/" in html and html.count('data-target="exercise:') == 1


def test_it_tells_the_student_the_run_waits_for_a_worker_when_the_broker_is_down(web, bob):
    run = SimulationRunFactory(owner=bob, dispatched_at=None)
    html = web(bob).get(f"/simulations/runs/{run.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "your run is saved" in html or "đã được lưu" in html
    assert 'data-status="queued"' in html


def test_it_lets_the_teacher_see_her_students_run_page(web, alice, bob, classroom):
    run = SimulationRunFactory(owner=bob)
    assert web(alice).get(f"/simulations/runs/{run.pk}/").status_code == 200
