"""Browser: a student runs file_distribution from its form, watches the progress and sees the chart and table."""

import pytest

from simulator.engine import KINDS
from simulator.models import SimulationRun
from tests.celery_worker import running_worker
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, screenshot
from tests.factories import StudentFactory


@pytest.mark.e2e
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("file_distribution" not in KINDS, reason="the engine's file_distribution kind is not there yet")
def test_it_runs_file_distribution_and_shows_the_chart(live_server, page, django_db_blocker):
    StudentFactory(username="bob")
    login(page, live_server, "bob", PASSWORD)
    page.goto(f"{live_server.url}/simulations/file_distribution/")
    assert page.locator("label[for=id_server_upload_bps]").inner_text()
    assert page.locator("#id_server_upload_bps_unit").input_value() == "Mbps"  # the unit picker
    assert page.locator("#id_server_upload_bps").get_attribute("value") == "30"
    page.fill("#id_peers", "50")
    screenshot(page, "simulation-form")
    with running_worker(django_db_blocker):
        page.click("form.sim-form button[type=submit]")
        try:
            page.wait_for_selector("[data-status=succeeded]", timeout=60000)
        except Exception:
            states = list(SimulationRun.objects.values_list("status", "progress", "dispatched_at", "attempts", "error"))
            raise AssertionError(f"the run did not finish: {states}")
        chart = page.locator(".sim-chart img").first
        chart.wait_for()
        page.wait_for_function("document.querySelector('.sim-chart img').naturalWidth > 0")
    run = SimulationRun.objects.get()
    assert run.status == "succeeded" and run.params["peers"] == 50 and run.params["server_upload_bps"] == 30e6
    assert page.locator(".sim-data tbody tr").count() > 0
    assert page.locator(".sim-summary").inner_text()
    screenshot(page, "simulation")


@pytest.mark.e2e
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("file_distribution" not in KINDS, reason="the engine's file_distribution kind is not there yet")
def test_it_walks_the_textbook_n10_exercise_predict_run_explain(live_server, page, django_db_blocker):
    from django.core.management import call_command

    from simulator.models import Exercise, ExerciseSubmission

    call_command("seed_exercises", "--no-check")
    exercise = Exercise.objects.get(slug="file-distribution-textbook-n10")
    StudentFactory(username="bob")
    login(page, live_server, "bob", PASSWORD)
    page.goto(f"{live_server.url}/simulations/exercises/{exercise.pk}/")
    assert page.locator(".sim-attempt").get_attribute("data-attempt") == "1"
    screenshot(page, "simulation-exercise-predict")
    page.check("input[name=p-faster][value=tie]")
    with running_worker(django_db_blocker):
        page.click("form.card button[type=submit]")
        # The page polls the run and reloads itself when it is done, showing the explain step.
        page.wait_for_selector("input[name=q-cs_time]", timeout=60000)
    run = ExerciseSubmission.objects.get().run
    f, us, d, n = (run.params[k] for k in ("file_size_bits", "server_upload_bps", "peer_download_bps", "peers"))
    client_server = max(n * f / us, f / d)
    # The explain step shows what the run measured, never the model's values.
    assert page.locator(".sim-analytic").count() == 0 and page.locator(".sim-summary").count() == 0
    assert page.locator(".sim-chart").count() == 0
    screenshot(page, "simulation-exercise-explain")
    page.fill("input[name=q-cs_time]", str(round(client_server)))
    page.fill("input[name=q-p2p_time]", "1")
    page.check("input[name=q-faster_after][value=tie]")
    page.click("form.card button[type=submit]")
    page.wait_for_selector(".sim-score")
    submission = ExerciseSubmission.objects.get()
    assert submission.status == "graded"
    rows = {r["key"]: r for r in submission.results}
    assert rows["cs_time"]["correct"] and not rows["p2p_time"]["correct"]
    wrong = page.locator("[data-key=p2p_time] .sim-explanation")
    assert "N·F/(u_s + Σu_i)" in wrong.inner_text() and "Vì sao" in wrong.inner_text()
    assert "✓" in page.locator("[data-step=explain]").inner_text()
    screenshot(page, "simulation-exercise")
    page.goto(f"{live_server.url}/simulations/exercises/")
    assert page.locator(f"[data-exercise='{exercise.pk}']").get_attribute("data-status") == "graded"
    screenshot(page, "simulation-exercises-list")
    page.goto(f"{live_server.url}/simulations/")
    assert page.locator(".cards .card").count() >= 4 + 7  # the four kinds and the seed exercises
    screenshot(page, "simulations-index")
