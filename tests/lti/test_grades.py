"""Assignment and Grade Services: a graded (or pending) result reaches the LMS line item through a real worker."""

import time

import pytest
import responses
from django.db import transaction

from learning.models import LtiScorePost, LtiUser, Question
from learning.services.grades import grade_report
from tests.celery_worker import running_worker
from tests.factories import StudentFactory
from tests.factories_lti import question_bank
from tests.lti.platform import ROLE_LEARNER, new_sub


def wait_for(condition, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def launched_student(client, platform, quiz):
    sub = new_sub()
    response = platform.launch(
        client, sub=sub, roles=[ROLE_LEARNER], custom={"target_type": "quiz", "target_id": str(quiz.pk)}
    )
    assert response.status_code == 302
    return sub, LtiUser.objects.get(sub=sub).user


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_it_sends_the_grade_of_a_quiz_taken_after_an_lms_launch_to_the_line_item(
    client, registered, quiz, django_db_blocker
):
    """The whole story over HTTP: login -> launch -> start the attempt -> submit -> score in the LMS."""
    question_bank(quiz.document)
    sub, _student = launched_student(client, registered, quiz)  # the launch logged the browser in

    with running_worker(django_db_blocker):
        attempt = client.post(f"/api/v1/quizzes/{quiz.pk}/attempts/", content_type="application/json").json()
        keys = dict(Question.objects.filter(pk__in=[q["id"] for q in attempt["questions"]]).values_list("pk", "answer"))
        responses = [{"question": q["id"], "answer": keys[q["id"]]} for q in attempt["questions"]]
        # One wrong answer: the which-model question answered with the other model.
        which = next(r for r in responses if r["answer"] == "b")
        which["answer"] = "a"
        submitted = client.post(
            f"/api/v1/attempts/{attempt['id']}/submit/", {"responses": responses}, content_type="application/json"
        )
        assert submitted.status_code == 200, submitted.content
        assert wait_for(lambda: registered.scores)

    [score] = registered.scores
    assert score["userId"] == sub
    assert score["scoreMaximum"] == submitted.json()["max_score"] == 7
    assert score["scoreGiven"] == submitted.json()["score"] == 6
    assert (score["activityProgress"], score["gradingProgress"]) == ("Completed", "FullyGraded")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_it_posts_the_quiz_score_to_the_line_item_after_login_launch_and_grading(
    client, registered, quiz, django_db_blocker
):
    sub, student = launched_student(client, registered, quiz)

    with running_worker(django_db_blocker):
        with transaction.atomic():  # as the quiz service grades an attempt
            posts = grade_report(student=student, target_type="quiz", target_id=quiz.pk, score=7, max_score=10)
            assert registered.scores == []  # nothing leaves before the commit
        assert wait_for(lambda: registered.scores)

    [score] = registered.scores
    assert score["userId"] == sub
    assert score["scoreGiven"] == 7 and score["scoreMaximum"] == 10
    assert score["activityProgress"] == "Completed"
    assert score["gradingProgress"] == "FullyGraded"
    assert score["timestamp"].endswith("+00:00")
    assert registered.token_requests[0]["claims"]["aud"] == registered.token_url
    assert "https://purl.imsglobal.org/spec/lti-ags/scope/score" in registered.token_requests[0]["scope"]
    assert wait_for(lambda: LtiScorePost.objects.get(pk=posts[0].pk).status == "sent")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_it_posts_pending_then_fully_graded_when_grading_finishes_later(client, registered, quiz, django_db_blocker):
    sub, student = launched_student(client, registered, quiz)

    with running_worker(django_db_blocker):
        grade_report(student=student, target_type="quiz", target_id=quiz.pk, score=None, max_score=5, pending=True)
        assert wait_for(lambda: len(registered.scores) == 1)
        grade_report(student=student, target_type="quiz", target_id=quiz.pk, score=4, max_score=5)
        assert wait_for(lambda: len(registered.scores) == 2)

    pending, graded = registered.scores
    assert (pending["activityProgress"], pending["gradingProgress"]) == ("Submitted", "Pending")
    assert "scoreGiven" not in pending
    assert (graded["activityProgress"], graded["gradingProgress"]) == ("Completed", "FullyGraded")
    assert graded["scoreGiven"] == 4
    assert pending["timestamp"] < graded["timestamp"]


@pytest.mark.django_db
def test_it_sends_nothing_for_work_not_launched_from_an_lms(registered, quiz):
    student = StudentFactory()
    assert grade_report(student=student, target_type="quiz", target_id=quiz.pk, score=1, max_score=1) == []
    assert not LtiScorePost.objects.exists()


@pytest.mark.django_db
def test_it_sends_nothing_for_another_target_of_a_launched_student(client, registered, quiz):
    _, student = launched_student(client, registered, quiz)
    assert grade_report(student=student, target_type="quiz", target_id=quiz.pk + 1, score=1, max_score=1) == []
    assert grade_report(student=student, target_type="exercise", target_id=quiz.pk, score=1, max_score=1) == []


@pytest.mark.django_db
def test_it_clamps_the_score_to_the_maximum(client, registered, quiz):
    _, student = launched_student(client, registered, quiz)
    [post] = grade_report(student=student, target_type="quiz", target_id=quiz.pk, score=12, max_score=10)
    assert post.score_given == 10


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_it_retries_a_score_the_lms_could_not_take_and_gives_up_on_a_refusal(
    client, registered, quiz, django_db_blocker
):
    _, student = launched_student(client, registered, quiz)
    outcomes = iter([(503, "busy"), (200, "")])
    scores_url = registered.lineitem_url + "/scores"
    registered.rsps.remove(responses.POST, scores_url)  # the LMS is busy once, then takes the score
    registered.rsps.add_callback(responses.POST, scores_url, callback=lambda request: (*next(outcomes)[:1], {}, ""))

    with running_worker(django_db_blocker):
        [post] = grade_report(student=student, target_type="quiz", target_id=quiz.pk, score=1, max_score=2)
        assert wait_for(lambda: LtiScorePost.objects.get(pk=post.pk).status == "sent", timeout=20), list(
            LtiScorePost.objects.values("status", "attempts", "error", "response_status")
        )
    post.refresh_from_db()
    assert post.attempts == 2 and post.response_status == 200 and post.error == ""

    registered.rsps.remove(responses.POST, scores_url)
    registered.rsps.add(responses.POST, scores_url, status=422, json={"error": "user not in course"})
    with running_worker(django_db_blocker):
        [refused] = grade_report(student=student, target_type="quiz", target_id=quiz.pk, score=2, max_score=2)
        assert wait_for(lambda: LtiScorePost.objects.get(pk=refused.pk).status == "failed")
    refused.refresh_from_db()
    assert refused.attempts == 1 and refused.response_status == 422


@pytest.mark.django_db
def test_it_records_pending_while_an_exercise_runs_then_fully_graded(
    client, registered, django_capture_on_commit_callbacks
):
    """The simulator's real flow: submit predictions (run queued) -> run finishes -> answers graded."""
    from simulator import services as simulator_services
    from tests.factories_simulator import ExerciseFactory
    from tests.simulator.kinds import register_test_kinds

    register_test_kinds()
    exercise = ExerciseFactory()
    sub = new_sub()
    custom = {"target_type": "exercise", "target_id": str(exercise.pk)}
    assert registered.launch(client, sub=sub, roles=[ROLE_LEARNER], custom=custom).status_code == 302

    submitted = client.post(
        f"/api/v1/exercises/{exercise.pk}/submissions/",
        {"predictions": {"faster": "p2p"}},
        content_type="application/json",
    ).json()
    [pending] = LtiScorePost.objects.all()
    assert (pending.activity_progress, pending.grading_progress, pending.score_given) == ("Submitted", "Pending", None)

    with django_capture_on_commit_callbacks(execute=True):
        simulator_services.run_execute(run_id=submitted["run"]["id"])
    graded = client.post(
        f"/api/v1/exercise-submissions/{submitted['id']}/answers/",
        {"answers": {"cs_time": 8.5}},
        content_type="application/json",
    ).json()

    assert graded["status"] == "graded"
    pending, final = LtiScorePost.objects.order_by("timestamp", "id")
    assert (final.activity_progress, final.grading_progress) == ("Completed", "FullyGraded")
    assert (final.score_given, final.score_maximum) == (graded["score"], graded["max_score"])
    assert final.grade_link.lti_user.sub == sub
