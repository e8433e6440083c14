"""Exercises: predict -> run -> explain, graded once against the run and the model; access; target registry."""

import pytest

from learning.models import ExerciseResult
from learning.services.targets import target_resolve
from simulator import services
from simulator.models import ExerciseSubmission, SimulationRun
from tests.factories_simulator import ExerciseFactory

PREDICT_RIGHT = {"faster": "p2p"}  # countdown's model: client-server 2·steps s, P2P 1·steps s


def _finish(run_id, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.run_execute(run_id=run_id)


def test_it_lists_exercises_without_answer_keys(api, bob):
    exercise = ExerciseFactory()
    response = api(bob).get("/api/v1/exercises/")
    assert response.status_code == 200
    item = response.json()["results"][0]
    assert item["id"] == exercise.pk and item["kind"] == "test_countdown"
    assert item["predictions"][0]["choices"][1] == {"id": "p2p", "text": "P2P"}
    assert item["questions"][0]["tolerance"] == 0.1
    text = response.content.decode()
    assert "analytic" not in text and '"answer"' not in text and "expected" not in text


def test_it_starts_the_run_with_the_exercises_params_and_grades_after_the_answers(
    api, bob, django_capture_on_commit_callbacks
):
    exercise = ExerciseFactory()
    response = api(bob).post(
        f"/api/v1/exercises/{exercise.pk}/submissions/", {"predictions": PREDICT_RIGHT}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "running" and body["score"] is None and body["results"] == []
    run = SimulationRun.objects.get(pk=body["run"]["id"])
    assert run.owner == bob and run.params == exercise.params  # no ranges: the exercise's values, a seed of its own
    _finish(run.pk, django_capture_on_commit_callbacks)
    assert ExerciseSubmission.objects.get(pk=body["id"]).status == "running"  # no answers yet

    response = api(bob).post(
        f"/api/v1/exercise-submissions/{body['id']}/answers/", {"answers": {"cs_time": 8.5}}, format="json"
    )
    assert response.status_code == 200, response.content
    graded = response.json()
    assert graded["status"] == "graded" and graded["score"] == 2 and graded["max_score"] == 2
    assert [r["expected"] for r in graded["results"]] == ["p2p", 8.0]
    result = ExerciseResult.objects.get(student=bob, exercise_id=exercise.pk)
    assert result.score == 2 and result.max_score == 2


def test_it_counts_a_number_outside_the_tolerance_wrong(api, bob, django_capture_on_commit_callbacks):
    exercise = ExerciseFactory()
    body = (
        api(bob)
        .post(
            f"/api/v1/exercises/{exercise.pk}/submissions/",
            {"predictions": {"faster": "cs"}, "answers": {"cs_time": 9.0}},
            format="json",
        )
        .json()
    )
    _finish(body["run"]["id"], django_capture_on_commit_callbacks)  # answers were in: the worker grades
    submission = ExerciseSubmission.objects.get(pk=body["id"])
    assert submission.status == "graded" and submission.score == 0
    assert [r["correct"] for r in submission.results] == [False, False]


def test_it_grades_a_submission_once(api, bob, django_capture_on_commit_callbacks):
    exercise = ExerciseFactory()
    body = (
        api(bob)
        .post(f"/api/v1/exercises/{exercise.pk}/submissions/", {"predictions": PREDICT_RIGHT}, format="json")
        .json()
    )
    _finish(body["run"]["id"], django_capture_on_commit_callbacks)
    url = f"/api/v1/exercise-submissions/{body['id']}/answers/"
    assert api(bob).post(url, {"answers": {"cs_time": 8}}, format="json").status_code == 200
    second = api(bob).post(url, {"answers": {"cs_time": 1}}, format="json")
    assert second.status_code == 409
    services.submission_grade(run_id=body["run"]["id"])
    assert ExerciseResult.objects.get(student=bob).attempts == 1
    assert ExerciseSubmission.objects.get(pk=body["id"]).answers == {"cs_time": 8.0}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "predictions"),
        ({"predictions": {}}, "predictions.faster"),
        ({"predictions": {"faster": "maybe"}}, "predictions.faster"),
        ({"predictions": {"faster": "p2p", "extra": 1}}, "predictions.extra"),
        ({"predictions": PREDICT_RIGHT, "answers": {"cs_time": "soon"}}, "answers.cs_time"),
        ({"predictions": "p2p"}, "predictions"),
    ],
)
def test_it_rejects_bad_predictions_naming_the_field(api, bob, payload, field):
    exercise = ExerciseFactory()
    response = api(bob).post(f"/api/v1/exercises/{exercise.pk}/submissions/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not SimulationRun.objects.exists()


def test_it_marks_the_submission_failed_when_the_run_fails(api, bob, django_capture_on_commit_callbacks):
    exercise = ExerciseFactory(params={"steps": 2, "step_s": 0, "rate_bps": 1, "fail": 1})
    body = (
        api(bob)
        .post(f"/api/v1/exercises/{exercise.pk}/submissions/", {"predictions": PREDICT_RIGHT}, format="json")
        .json()
    )
    _finish(body["run"]["id"], django_capture_on_commit_callbacks)
    assert ExerciseSubmission.objects.get(pk=body["id"]).status == "failed"
    assert not ExerciseResult.objects.exists()


def test_it_hides_a_students_submission_from_others(api, alice, bob, charlie, classroom):
    exercise = ExerciseFactory()
    body = (
        api(bob)
        .post(f"/api/v1/exercises/{exercise.pk}/submissions/", {"predictions": PREDICT_RIGHT}, format="json")
        .json()
    )
    assert api(alice).get(f"/api/v1/exercise-submissions/{body['id']}/").status_code == 200
    assert api(charlie).get(f"/api/v1/exercise-submissions/{body['id']}/").status_code == 404
    url = f"/api/v1/exercise-submissions/{body['id']}/answers/"
    assert api(charlie).post(url, {"answers": {"cs_time": 8}}, format="json").status_code == 404
    assert api(charlie).get(f"/api/v1/simulations/{body['run']['id']}/").status_code == 404


def test_it_registers_exercises_as_assignment_targets(db):
    exercise = ExerciseFactory()
    target = target_resolve("exercise", exercise.pk)
    assert target.url == f"/simulations/exercises/{exercise.pk}/" and target.title == "Bài tập đếm"
    assert target_resolve("exercise", exercise.pk + 1000) is None
