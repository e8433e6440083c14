"""Ten simultaneous submits of one attempt through a real server: one is graded, the rest are told so, no 500.

On SQLite (the laptop default) this used to give seven "database is locked" 500s: the database now runs in
WAL mode with IMMEDIATE transactions and a busy timeout, and a lock that still times out is a 503 with
Retry-After. On PostgreSQL the row lock serialises the submits.
"""

import threading

import pytest
import requests
from django.db import OperationalError, connection
from django.test import RequestFactory
from rest_framework.authtoken.models import Token

from learning.http_errors import DatabaseTroubleMiddleware
from learning.models import Answer, Attempt
from learning.services.attempts import attempt_start
from tests.conftest import on_postgres
from tests.factories import StudentFactory
from tests.factories_quizzes import full_quiz, right_answers, seed_document


@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_submits_grade_once_and_never_500(live_server):
    document = seed_document()
    student = StudentFactory(username="racer")
    attempt, _created = attempt_start(quiz=full_quiz(document), student=student)
    body = {"responses": right_answers(attempt)}
    token = Token.objects.create(user=student).key
    url = f"{live_server.url}/api/v1/attempts/{attempt.pk}/submit/"
    barrier = threading.Barrier(10)
    statuses = []

    def submit():
        barrier.wait()
        response = requests.post(url, json=body, headers={"Authorization": f"Token {token}"}, timeout=60)
        statuses.append((response.status_code, response.headers.get("Retry-After")))

    threads = [threading.Thread(target=submit) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    codes = sorted(code for code, _retry in statuses)
    assert len(codes) == 10 and all(code < 500 or code == 503 for code in codes), codes
    assert codes.count(200) == 1, codes
    assert all(retry for code, retry in statuses if code == 503)
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and attempt.score == len(attempt.question_ids)
    assert Answer.objects.filter(attempt=attempt).count() == len(attempt.question_ids)
    assert Attempt.objects.filter(pk=attempt.pk, submitted_at__isnull=False).count() == 1


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(db):
    if on_postgres():
        pytest.skip("SQLite settings")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0].lower() == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.parametrize("path, json_body", [("/api/v1/attempts/1/submit/", True), ("/attempts/1/submit/", False)])
def test_a_lock_that_outlasts_the_timeout_is_a_503_with_retry_after(path, json_body):
    request = RequestFactory().post(path)
    response = DatabaseTroubleMiddleware(lambda r: None).process_exception(
        request, OperationalError("database is locked")
    )
    assert response.status_code == 503 and int(response["Retry-After"]) > 0
    if json_body:
        assert "detail" in __import__("json").loads(response.content)
    else:
        assert response["Content-Type"].startswith("text/html")
    assert (
        DatabaseTroubleMiddleware(lambda r: None).process_exception(request, OperationalError("no such table")) is None
    )
