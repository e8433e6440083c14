"""A timed attempt left open is graded by the periodic task on a real worker, and its grade reaches the LMS."""

import datetime as dt

import pytest
from django.utils import timezone

from learning.models import Attempt, Question
from learning.tasks import attempts_close_overdue
from tests.celery_worker import running_worker
from tests.factories_lti import question_bank
from tests.lti.test_grades import launched_student, wait_for


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_it_grades_an_overdue_attempt_from_its_saved_answers_and_sends_the_grade(
    client, registered, quiz, django_db_blocker
):
    question_bank(quiz.document)
    quiz.time_limit_seconds = 60
    quiz.save(update_fields=["time_limit_seconds"])
    sub, student = launched_student(client, registered, quiz)
    attempt = client.post(f"/api/v1/quizzes/{quiz.pk}/attempts/", content_type="application/json").json()
    first = Question.objects.get(pk=attempt["questions"][0]["id"])
    saved = client.put(
        f"/api/v1/attempts/{attempt['id']}/answers/{first.pk}/",
        {"answer": first.answer},
        content_type="application/json",
    )
    assert saved.status_code == 200, saved.content
    # The student closed the tab; their time ran out two minutes ago.
    Attempt.objects.filter(pk=attempt["id"]).update(
        started_at=timezone.now() - dt.timedelta(minutes=3), deadline_at=timezone.now() - dt.timedelta(minutes=2)
    )

    with running_worker(django_db_blocker):
        attempts_close_overdue.delay()
        assert wait_for(lambda: Attempt.objects.get(pk=attempt["id"]).submitted_at is not None)
        assert wait_for(lambda: registered.scores)

    graded = Attempt.objects.get(pk=attempt["id"])
    assert graded.auto_submitted and graded.score == 1.0
    [score] = registered.scores
    assert score["userId"] == sub
    assert score["scoreGiven"] == 1.0 and score["scoreMaximum"] == len(attempt["questions"])
    assert (score["activityProgress"], score["gradingProgress"]) == ("Completed", "FullyGraded")


@pytest.mark.django_db
def test_it_sends_the_lms_the_total_after_a_teachers_override(api, client, registered, quiz):
    from learning.models import LtiScorePost
    from tests.factories import ClassroomFactory, MembershipFactory, TeacherFactory

    question_bank(quiz.document)
    _sub, student = launched_student(client, registered, quiz)
    teacher = TeacherFactory(username="alice")
    MembershipFactory(classroom=ClassroomFactory(teacher=teacher), student=student)
    attempt = client.post(f"/api/v1/quizzes/{quiz.pk}/attempts/", content_type="application/json").json()
    client.post(f"/api/v1/attempts/{attempt['id']}/submit/", {"responses": []}, content_type="application/json")
    assert [p.score_given for p in LtiScorePost.objects.order_by("pk")] == [0.0]

    qid = attempt["questions"][0]["id"]
    response = api(teacher).put(
        f"/api/v1/attempts/{attempt['id']}/answers/{qid}/override/",
        {"score": 0.5, "comment": "Gần đúng."},
        format="json",
    )
    assert response.status_code == 200, response.content
    posts = list(LtiScorePost.objects.order_by("pk"))
    assert [p.score_given for p in posts] == [0.0, 0.5]
    assert posts[-1].score_maximum == len(attempt["questions"])
