"""Exercise attempts: parameters of their own, attempt limits, the model withheld until the answers are in,
explanations after grading, status and score per student, exercises picked from a list when assigning."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from learning.models import Assignment
from simulator import services
from simulator.models import Exercise, ExerciseSubmission, SimulationRun
from simulator.services.seeding import exercises_seed
from tests.factories_simulator import ExerciseFactory

pytestmark = pytest.mark.django_db
OBSERVED = [{"path": "total_s", "label": "Tổng thời gian", "unit": "s"}]


def _start(client, exercise, attempt=None, predictions=None):
    body = {"predictions": predictions or {"faster": "p2p"}}
    if attempt is not None:
        body["attempt"] = attempt
    return client.post(f"/api/v1/exercises/{exercise.pk}/submissions/", body, format="json")


def _finish(run_id, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.run_execute(run_id=run_id)


def test_a_resubmitted_exercise_gets_new_parameters(api, bob):
    exercise = ExerciseFactory(param_ranges={"steps": [3, 4, 5, 6, 7, 8], "step_s": {"min": 0.0, "max": 0.001}})
    client = api(bob)
    first = client.get(f"/api/v1/exercises/{exercise.pk}/").json()["next_attempt"]
    assert first["number"] == 1 and first["remaining"] is None
    assert client.get(f"/api/v1/exercises/{exercise.pk}/").json()["next_attempt"] == first  # a GET draws nothing new
    run_1 = SimulationRun.objects.get(pk=_start(client, exercise, attempt=1).json()["run"]["id"])
    assert run_1.params == first["params"]

    second = client.get(f"/api/v1/exercises/{exercise.pk}/").json()["next_attempt"]
    assert second["number"] == 2 and second["params"] != first["params"]
    run_2 = SimulationRun.objects.get(pk=_start(client, exercise, attempt=2).json()["run"]["id"])
    assert run_2.params == second["params"] and run_2.seed != run_1.seed
    assert 3 <= run_2.params["steps"] <= 8 and 0 <= run_2.params["step_s"] <= 0.001
    assert list(ExerciseSubmission.objects.order_by("attempt").values_list("attempt", flat=True)) == [1, 2]


def test_another_student_draws_other_parameters(api, bob, charlie):
    exercise = ExerciseFactory(param_ranges={"step_s": {"min": 0.0, "max": 0.001}})
    mine = api(bob).get(f"/api/v1/exercises/{exercise.pk}/").json()["next_attempt"]["params"]
    theirs = api(charlie).get(f"/api/v1/exercises/{exercise.pk}/").json()["next_attempt"]["params"]
    assert mine != theirs


def test_it_refuses_an_attempt_beyond_the_limit_with_409(api, bob):
    exercise = ExerciseFactory(attempts_allowed=2)
    client = api(bob)
    assert _start(client, exercise).status_code == 201
    assert _start(client, exercise).status_code == 201
    response = _start(client, exercise, predictions={"faster": "cs"})
    assert response.status_code == 409
    assert response.json()["detail"] == "Bạn đã dùng hết 2 lượt làm bài tập này."
    assert ExerciseSubmission.objects.filter(student=bob).count() == 2
    assert client.get(f"/api/v1/exercises/{exercise.pk}/").json()["next_attempt"]["can_start"] is False
    # A run that failed costs the student nothing.
    ExerciseSubmission.objects.filter(student=bob, attempt=2).update(status="failed")
    assert _start(client, exercise).status_code == 201


def test_it_refuses_predictions_made_on_an_attempt_already_used(api, bob):
    exercise = ExerciseFactory()
    client = api(bob)
    assert _start(client, exercise, attempt=1).status_code == 201
    response = _start(client, exercise, attempt=1)
    assert response.status_code == 409 and "2" in response.json()["detail"]
    assert _start(client, exercise, attempt=10**6).status_code == 400


def test_the_page_says_when_no_attempt_is_left(web, bob):
    exercise = ExerciseFactory(attempts_allowed=1)
    client = web(bob)
    page = client.get(f"/simulations/exercises/{exercise.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Attempt 1 of 1" in page and 'name="attempt" value="1"' in page
    client.post(f"/simulations/exercises/{exercise.pk}/", {"p-faster": "p2p", "attempt": "1"})
    response = client.post(
        f"/simulations/exercises/{exercise.pk}/", {"p-faster": "p2p", "attempt": "2"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    assert "You have used all 1 attempts this exercise allows." in response.content.decode()
    assert ExerciseSubmission.objects.count() == 1


# The model's 274 s as a number of its own, not digits inside a timestamp's microseconds or a drawn seed.
MODEL_274 = re.compile(r"(?<![\d])274(?![\d])")


def test_the_explain_step_shows_no_model_value_before_the_answers(api, web, bob, django_capture_on_commit_callbacks):
    # The countdown's model: client-server 2·steps = 274 s, P2P 137 s.
    exercise = ExerciseFactory(params={"steps": 137, "step_s": 0.0}, observations=OBSERVED)
    body = _start(api(bob), exercise).json()
    _finish(body["run"]["id"], django_capture_on_commit_callbacks)
    run_api = api(bob).get(f"/api/v1/simulations/{body['run']['id']}/")
    submission_api = api(bob).get(f"/api/v1/exercise-submissions/{body['id']}/")
    for response in (run_api, submission_api):
        assert response.status_code == 200
        assert not MODEL_274.search(response.content.decode()) and "analytic" not in response.content.decode()
    assert run_api.json()["result"] == {
        "withheld": True,
        "observations": [{"key": "total_s", "label": "Tổng thời gian", "value": 0.0, "unit": "giây"}],
    }
    assert run_api.json()["chart_urls"] == []

    client = web(bob)
    page = client.get(f"/simulations/exercises/submissions/{body['id']}/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "q-cs_time" in html and "What the run measured" in html
    assert not MODEL_274.search(html) and "Model (formulas)" not in html and "charts/steps.svg" not in html
    assert client.get(f"/simulations/runs/{body['run']['id']}/charts/steps.svg").status_code == 404
    assert client.get(f"/simulations/runs/{body['run']['id']}/").status_code == 302  # to the exercise's page
    compared = client.get(f"/simulations/compare/?runs={body['run']['id']}").content.decode()
    assert not MODEL_274.search(compared) and "charts/steps.svg" not in compared

    client.post(f"/simulations/exercises/submissions/{body['id']}/", {"q-cs_time": "100"})
    html = client.get(f"/simulations/exercises/submissions/{body['id']}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "274" in html and 'data-correct="false"' in html
    assert f"{'Explain'} ✓" in html  # step 3 ticks once the explanations are in
    assert "274" in api(bob).get(f"/api/v1/simulations/{body['run']['id']}/").content.decode()


def test_each_wrong_answer_gets_its_explanation_from_the_model(api, bob, django_capture_on_commit_callbacks):
    exercises_seed(check=False)
    exercise = Exercise.objects.get(slug="file-distribution-server-bottleneck")
    exercise.param_ranges = {}  # the textbook numbers: F = 15 Gbit, u_s = 30 Mbps, d = 2 Mbps, N = 40
    exercise.save()
    body = (
        api(bob)
        .post(
            f"/api/v1/exercises/{exercise.pk}/submissions/",
            {
                "predictions": {"cs_limit": "download", "faster": "client_server"},
                "answers": {"cs_time": 1.0, "p2p_time": 1.0},
            },
            format="json",
        )
        .json()
    )
    _finish(body["run"]["id"], django_capture_on_commit_callbacks)
    graded = api(bob).get(f"/api/v1/exercise-submissions/{body['id']}/", HTTP_ACCEPT_LANGUAGE="en").json()
    rows = {r["key"]: r for r in graded["results"]}
    assert graded["status"] == "graded" and not rows["cs_time"]["correct"] and not rows["cs_limit"]["correct"]
    assert rows["cs_limit"]["expected"] == "server"  # 40 × 15 Gbit / 30 Mbps = 20,000 s > F/d = 7,500 s
    assert "N·F/u_s = 20,000 s" in rows["cs_time"]["explanation"]
    assert "the server's upload, N·F/u_s" in rows["cs_time"]["explanation"]
    assert "N·F/(u_s + Σu_i)" in rows["p2p_time"]["explanation"]
    vietnamese = api(bob).get(f"/api/v1/exercise-submissions/{body['id']}/", HTTP_ACCEPT_LANGUAGE="vi").json()
    assert "20.000" in {r["key"]: r for r in vietnamese["results"]}["cs_time"]["explanation"]


def test_the_exercise_list_shows_status_and_score_per_student(
    api, web, bob, charlie, django_capture_on_commit_callbacks
):
    exercise = ExerciseFactory()
    body = _start(api(bob), exercise).json()
    _finish(body["run"]["id"], django_capture_on_commit_callbacks)
    api(bob).post(f"/api/v1/exercise-submissions/{body['id']}/answers/", {"answers": {"cs_time": 8}}, format="json")
    bobs = web(bob).get("/simulations/exercises/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-status="graded"' in bobs and "2 / 2" in bobs
    item = api(bob).get("/api/v1/exercises/").json()["results"][0]
    assert (item["my_status"], item["my_best_score"], item["my_max_score"], item["my_attempts"]) == ("graded", 2, 2, 1)
    detail = api(bob).get(f"/api/v1/exercises/{exercise.pk}/").json()
    assert (detail["my_status"], detail["my_best_score"], detail["next_attempt"]["number"]) == ("graded", 2, 2)
    web(charlie).logout()
    charlies = web(charlie).get("/simulations/exercises/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-status="not_started"' in charlies and "2 / 2" not in charlies
    assert api(charlie).get("/api/v1/exercises/").json()["results"][0]["my_status"] == "not_started"


def test_the_teacher_picks_an_exercise_from_a_list_when_assigning(web, alice, classroom):
    exercise = ExerciseFactory(difference_keys=[])
    client = web(alice)
    page = client.get(f"/classes/{classroom.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'value="exercise:{exercise.pk}"' in page and "Bài tập đếm" in page  # written by hand: as written
    assert 'name="exercise_id"' not in page
    due = (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"/classes/{classroom.pk}/assignments/", {"target": f"exercise:{exercise.pk}", "due_at": due}
    )
    assert response.status_code == 302, response.context["form"].errors
    assignment = Assignment.objects.get(classroom=classroom)
    assert (assignment.target_type, assignment.target_id) == ("exercise", exercise.pk)


def test_an_exercise_attempt_counts_against_the_simulation_limit(api, web, bob, settings):
    from tests.factories_simulator import SimulationRunFactory

    settings.SIMULATION_MAX_ACTIVE_PER_USER = 1
    SimulationRunFactory(owner=bob)
    exercise = ExerciseFactory()
    response = web(bob).post(f"/simulations/exercises/{exercise.pk}/", {"p-faster": "p2p", "attempt": "1"})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert _start(api(bob), exercise).status_code == 429
    assert not ExerciseSubmission.objects.exists()
