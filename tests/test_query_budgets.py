"""Query budgets of the student flows through the HTTP API, counting authentication (issue 16).

Targets: open a lesson <= 2, poll a simulation <= 2, due cards <= 3, review a card <= 4, start an attempt <=
5, submit an attempt <= 7. Where a flow does better, the test holds what it does (lesson, poll: 1). Measured
as a student's next request: the token is cached from an earlier one; what every student reads the same
(lesson payload, question bank) may be cold. A student's own rows are never cached. Writes run in
transaction=True tests so BEGIN/COMMIT count as a request sends them (savepoints of the test's own transaction
would count instead otherwise).

Review a card on PostgreSQL: the card, an earlier copy of this review_id, the state, then one statement
(autocommit, no BEGIN/COMMIT) that writes the state only over what was read, the log and the study day.
The laptop default (SQLite, one writer at a time) keeps the locked transaction: 9 there (with a review_id).
"""

import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.models import Attempt, CardState, Question, ReviewLog, StudyDay
from tests.factories_flashcards import deck
from tests.factories_quizzes import full_quiz, right_answers, seed_document
from tests.simulator.finished_runs import finished_run

PRINT = os.environ.get("PRINT_QUERIES")


def _run(budget, call, *args, **kwargs):
    with CaptureQueriesContext(connection) as captured:
        response = call(*args, **kwargs)
    if PRINT:
        print(f"\n--- {len(captured)} queries")
        for q in captured.captured_queries:
            print("  ", q["sql"][:300])
    assert response.status_code in (200, 201), response.content
    assert len(captured) <= budget, [q["sql"][:200] for q in captured.captured_queries]
    return response


@pytest.fixture
def document(db):
    return seed_document()


def test_open_a_lesson(api, bob, document):
    lesson = document.lessons.order_by("position").first()
    client = api(bob)
    client.get(f"/api/v1/lessons/{lesson.pk}/")
    body = _run(1, client.get, f"/api/v1/lessons/{lesson.pk}/").json()
    assert body["id"] == lesson.pk and body["title"] == lesson.title


def test_poll_a_simulation(api, bob, db):
    run = finished_run(bob, "availability")
    client = api(bob)
    client.get(f"/api/v1/simulations/{run.pk}/")
    body = _run(1, client.get, f"/api/v1/simulations/{run.pk}/").json()
    assert body["id"] == run.pk and body["status"] == "succeeded" and body["result"]


@pytest.mark.django_db(transaction=True)
def test_due_cards_and_review(api, bob):
    _, cards = deck(terms=2, differences=2)
    client = api(bob)
    client.get("/api/v1/flashcards/due/")
    due = _run(3, client.get, "/api/v1/flashcards/due/").json()
    first = due["results"][0]["id"]
    budget = 4 if connection.vendor == "postgresql" else 9
    review = {"rating": "good", "review_id": "6b1f3c2e-8d4a-4e0b-9a57-1f2d3c4b5a69"}
    reviewed = _run(budget, client.post, f"/api/v1/flashcards/{first}/review/", review, format="json")
    assert reviewed.json()["review"]["applied"] is True
    # The same card again (its state now exists: the UPDATE path), then a retry of the first review.
    again_review = {"rating": "easy", "review_id": "0d6c1a7e-2b3f-4c5d-8e9f-a0b1c2d3e4f5"}
    assert _run(budget, client.post, f"/api/v1/flashcards/{first}/review/", again_review, format="json").json()[
        "review"
    ]["applied"]
    retry = _run(budget, client.post, f"/api/v1/flashcards/{first}/review/", review, format="json").json()
    assert retry["review"]["applied"] is False
    assert CardState.objects.get(card_id=first, student=bob).reps == 2
    assert ReviewLog.objects.filter(card_id=first, student=bob).count() == 2
    assert StudyDay.objects.filter(student=bob).count() == 1
    again = _run(3, client.get, "/api/v1/flashcards/due/").json()
    assert first not in [c["id"] for c in again["results"]]


@pytest.mark.django_db(transaction=True)
def test_start_and_submit_an_attempt(api, bob, document):
    client = api(bob)
    client.get("/api/v1/quizzes/")  # the token is known (cached) from the student's previous request
    for quiz in (document.quizzes.get(mode="practice"), full_quiz(document)):
        attempt_id = _run(5, client.post, f"/api/v1/quizzes/{quiz.pk}/attempts/").json()["id"]
        responses = right_answers(Attempt.objects.get(pk=attempt_id))
        url = f"/api/v1/attempts/{attempt_id}/submit/"
        body = _run(7, client.post, url, {"responses": responses}, format="json").json()
        assert body["score"] == body["max_score"]


def test_the_cached_question_bank_grades_with_a_key_edited_since(api, bob, document):
    client = api(bob)
    quiz = full_quiz(document)
    attempt_id = client.post(f"/api/v1/quizzes/{quiz.pk}/attempts/").json()["id"]  # the bank is now cached
    attempt = Attempt.objects.get(pk=attempt_id)
    question = next(
        q
        for q in Question.objects.filter(pk__in=attempt.question_ids, type__in=["which_model", "true_false"])
        if len(q.choices) == 2
    )
    question.answer = next(c["id"] for c in question.choices if c["id"] != question.answer)
    question.save()
    body = client.post(
        f"/api/v1/attempts/{attempt_id}/submit/", {"responses": right_answers(attempt)}, format="json"
    ).json()
    assert body["score"] == body["max_score"]
    graded = next(r for r in body["results"] if r["question"] == question.pk)
    assert graded["correct"] is True and graded["expected"] == question.answer
