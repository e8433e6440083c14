"""A submission is graded exactly once, even when the answers are sent twice at the same moment (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from learning.models import ExerciseResult
from simulator import services
from tests.conftest import api_client_for, on_postgres
from tests.factories_simulator import ExerciseFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not on_postgres(), reason="row locks need PostgreSQL (SQLite serialises every write)"),
]


def test_it_grades_answers_sent_twice_at_once_exactly_once(bob):
    exercise = ExerciseFactory()
    submission = services.submission_start(student=bob, exercise=exercise, predictions={"faster": "p2p"})
    services.run_execute(run_id=submission.run_id)
    url = f"/api/v1/exercise-submissions/{submission.pk}/answers/"
    barrier, codes = threading.Barrier(2), []

    def send(value):
        try:
            client = api_client_for(bob)
            barrier.wait()
            codes.append(client.post(url, {"answers": {"cs_time": value}}, format="json").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(v,)) for v in (8, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(codes) == [200, 409]
    submission.refresh_from_db()
    assert submission.status == "graded" and submission.graded_at
    result = ExerciseResult.objects.get(student=bob, exercise_id=exercise.pk)
    assert result.attempts == 1 and result.score == submission.score
