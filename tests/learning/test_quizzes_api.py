"""API rows of the quizzes domain: differences, quizzes, attempts, submit and statistics."""

import datetime as dt
import json

import pytest
import time_machine
from django.utils import timezone

from learning.models import Answer, Attempt, Question, StudyDay
from tests.factories_quizzes import full_quiz, right_answers, seed_document

KEY_FIELDS = {"answer", "expected", "explanation", "source", "results"}


@pytest.fixture
def document(db):
    return seed_document()


@pytest.fixture
def quiz(document):
    return full_quiz(document)


def _keys_in(data) -> set:
    found = set()
    if isinstance(data, dict):
        for k, v in data.items():
            if k in KEY_FIELDS and v is not None:
                found.add(k)
            found |= _keys_in(v)
    elif isinstance(data, list):
        for v in data:
            found |= _keys_in(v)
    return found


def _start(api, user, quiz):
    response = api(user).post(f"/api/v1/quizzes/{quiz.pk}/attempts/")
    assert response.status_code in (200, 201), response.content
    return response


def test_it_lists_the_seven_differences_of_the_seed_with_statements_per_subject(api, bob, document):
    response = api(bob).get(f"/api/v1/documents/{document.slug}/differences/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 7
    rows = body["results"]
    assert [r["kind"] for r in rows] == ["two_sided"] * 5 + ["comparative"] * 2
    assert set(rows[0]) >= {"id", "kind", "statements", "source"}
    assert rows[3]["statements"] == [
        {"subject": "b", "text": "Client-Server, dữ liệu được lưu trữ tập trung trên một máy chủ."},
        {"subject": "a", "text": "Mô hình ngang hàng, mỗi máy ngang hàng có dữ liệu riêng."},
    ]
    assert rows[5]["source"] == "Client-Server thì mô hình đắt hơn so với ngang hàng."


def test_it_answers_404_for_the_differences_of_an_unknown_document_and_401_anonymous(api, bob, document):
    assert api(bob).get("/api/v1/documents/nope/differences/").status_code == 404
    assert api(None).get(f"/api/v1/documents/{document.slug}/differences/").status_code == 401


def test_it_lists_quizzes_filtered_by_document_without_keys(api, bob, document):
    response = api(bob).get("/api/v1/quizzes/", {"document": document.slug})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [q["mode"] for q in results] == ["full", "practice"]
    assert results[0]["question_count"] == Question.objects.filter(document=document, enabled=True).count()
    assert results[1]["question_count"] == 10
    assert api(bob).get("/api/v1/quizzes/", {"document": "nope"}).json()["count"] == 0
    detail = api(bob).get(f"/api/v1/quizzes/{results[0]['id']}/").json()
    assert detail["title"].startswith("Bài kiểm tra")
    assert _keys_in(results) == set() and _keys_in(detail) == set()
    assert api(bob).get("/api/v1/quizzes/999999/").status_code == 404


def test_it_starts_an_attempt_with_questions_and_no_keys(api, bob, quiz):
    response = _start(api, bob, quiz)
    assert response.status_code == 201
    body = response.json()
    assert set(body) >= {"id", "quiz", "questions", "submitted_at", "score", "max_score"}
    assert body["score"] is None and body["max_score"] is None and body["submitted_at"] is None
    # Every question in use; alternates that repeat a statement wait in the bank, disabled.
    assert len(body["questions"]) == Question.objects.filter(document=quiz.document, enabled=True).count()
    assert set(body["questions"][0]) >= {"id", "type", "prompt", "choices"}
    assert _keys_in(body) == set()
    raw = json.dumps(body, ensure_ascii=False)
    # No explanation and no cloze term leaks into the payload.
    for q in Question.objects.filter(document=quiz.document):
        assert q.explanation not in raw
        if q.type == "cloze":
            assert q.answer not in raw
    # Starting again resumes the open attempt.
    again = _start(api, bob, quiz)
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert _keys_in(api(bob).get(f"/api/v1/attempts/{body['id']}/").json()) == set()


def test_it_refuses_a_teacher_starting_an_attempt(api, alice, quiz):
    response = api(alice).post(f"/api/v1/quizzes/{quiz.pk}/attempts/")
    assert response.status_code == 403
    assert Attempt.objects.count() == 0


def test_it_grades_a_submit_and_returns_results_with_explanations(api, bob, quiz):
    attempt = Attempt.objects.get(pk=_start(api, bob, quiz).json()["id"])
    responses = right_answers(attempt)
    responses[0]["answer"] = None  # one left blank
    response = api(bob).post(f"/api/v1/attempts/{attempt.pk}/submit/", {"responses": responses}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    total = len(attempt.question_ids)
    assert body["max_score"] == total and body["score"] == total - 1
    assert len(body["results"]) == total
    first = body["results"][0]
    assert set(first) >= {"question", "answer", "correct", "expected", "explanation", "source"}
    assert first["correct"] is False and first["answer"] is None
    assert all(r["explanation"] and r["source"] for r in body["results"])
    assert Answer.objects.filter(attempt=attempt).count() == total
    assert StudyDay.objects.filter(student=bob).exists()
    detail = api(bob).get(f"/api/v1/attempts/{attempt.pk}/").json()
    assert detail["score"] == total - 1 and len(detail["results"]) == total


def test_it_refuses_a_second_submit_with_409_and_changes_nothing(api, bob, quiz):
    attempt = Attempt.objects.get(pk=_start(api, bob, quiz).json()["id"])
    url = f"/api/v1/attempts/{attempt.pk}/submit/"
    assert api(bob).post(url, {"responses": []}, format="json").status_code == 200
    second = api(bob).post(url, {"responses": right_answers(attempt)}, format="json")
    assert second.status_code == 409
    assert "already" in second.json()["detail"]
    attempt.refresh_from_db()
    assert attempt.score == 0
    assert Answer.objects.filter(attempt=attempt, correct=True).count() == 0


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda r, q: r.append({"question": 999999, "answer": "a"}), "not in this attempt"),
        (lambda r, q: r[0].update(answer="zz"), "unknown choice"),
        (lambda r, q: r.append(dict(r[0])), "answered twice"),
        (lambda r, q: r[0].update(answer=["a", "b"]), "unknown choice"),
    ],
    ids=["foreign-question", "unknown-choice", "duplicate", "list-for-single"],
)
def test_it_rejects_bad_responses_with_400_and_writes_nothing(api, bob, quiz, mutate, message):
    attempt = Attempt.objects.get(pk=_start(api, bob, quiz).json()["id"])
    questions = Question.objects.in_bulk(attempt.question_ids)
    single = [qid for qid in attempt.question_ids if questions[qid].type == "which_model"][0]
    responses = [{"question": single, "answer": questions[single].answer}]
    mutate(responses, questions)
    response = api(bob).post(f"/api/v1/attempts/{attempt.pk}/submit/", {"responses": responses}, format="json")
    assert response.status_code == 400
    assert message in " ".join(response.json()["responses"])
    attempt.refresh_from_db()
    assert attempt.submitted_at is None and not Answer.objects.filter(attempt=attempt).exists()


def test_it_rejects_a_malformed_body_with_400_naming_the_field(api, bob, quiz):
    attempt_id = _start(api, bob, quiz).json()["id"]
    response = api(bob).post(f"/api/v1/attempts/{attempt_id}/submit/", {"responses": "all a"}, format="json")
    assert response.status_code == 400 and "responses" in response.json()
    response = api(bob).post(f"/api/v1/attempts/{attempt_id}/submit/", {"responses": [{"answer": "a"}]}, format="json")
    assert response.status_code == 400 and "responses" in response.json()


def test_it_grades_a_late_submit_from_the_answers_saved_before_the_time_limit(api, bob, document):
    quiz = full_quiz(document, time_limit_seconds=60)
    attempt = Attempt.objects.get(pk=_start(api, bob, quiz).json()["id"])
    assert attempt.deadline_at is not None
    first = right_answers(attempt)[0]
    saved = api(bob).put(
        f"/api/v1/attempts/{attempt.pk}/answers/{first['question']}/", {"answer": first["answer"]}, format="json"
    )
    assert saved.status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=90)):
        response = api(bob).post(
            f"/api/v1/attempts/{attempt.pk}/submit/", {"responses": right_answers(attempt)}, format="json"
        )
        again = api(bob).post(f"/api/v1/attempts/{attempt.pk}/submit/", {"responses": []}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["late"] is True and body["score"] == 1.0  # the late responses do not count
    assert again.status_code == 200 and again.json()["score"] == 1.0  # the graded result, not an error
    attempt.refresh_from_db()
    assert attempt.submitted_at == attempt.deadline_at and attempt.auto_submitted
    assert Answer.objects.filter(attempt=attempt).count() == len(attempt.question_ids)


def test_it_hides_another_students_attempt_with_404(api, bob, charlie, quiz):
    attempt = Attempt.objects.get(pk=_start(api, bob, quiz).json()["id"])
    assert api(charlie).get(f"/api/v1/attempts/{attempt.pk}/").status_code == 404
    response = api(charlie).post(
        f"/api/v1/attempts/{attempt.pk}/submit/", {"responses": right_answers(attempt)}, format="json"
    )
    assert response.status_code == 404
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_it_enforces_the_attempts_allowed(api, bob, document):
    quiz = full_quiz(document, attempts_allowed=1)
    attempt_id = _start(api, bob, quiz).json()["id"]
    api(bob).post(f"/api/v1/attempts/{attempt_id}/submit/", {"responses": []}, format="json")
    response = api(bob).post(f"/api/v1/quizzes/{quiz.pk}/attempts/")
    assert response.status_code == 409
    assert Attempt.objects.filter(student=bob).count() == 1


def test_it_shows_statistics_to_the_teacher_of_the_students_only(api, alice, dave, bob, classroom, quiz):
    attempt = Attempt.objects.get(pk=_start(api, bob, quiz).json()["id"])
    api(bob).post(f"/api/v1/attempts/{attempt.pk}/submit/", {"responses": right_answers(attempt)}, format="json")
    mine = api(alice).get(f"/api/v1/quizzes/{quiz.pk}/statistics/")
    assert mine.status_code == 200
    body = mine.json()
    assert body["attempts"] == 1
    assert len(body["questions"]) == len(attempt.question_ids)
    assert all(q["facility_index"] == 100.0 and q["discrimination_index"] is None for q in body["questions"])
    assert api(dave).get(f"/api/v1/quizzes/{quiz.pk}/statistics/").json()["attempts"] == 0
    assert api(bob).get(f"/api/v1/quizzes/{quiz.pk}/statistics/").status_code == 403


def test_it_draws_n_questions_for_practice(api, bob, document):
    practice = document.quizzes.get(mode="practice")
    body = _start(api, bob, practice).json()
    assert len(body["questions"]) == 10
    assert len({q["id"] for q in body["questions"]}) == 10


@pytest.mark.django_db(transaction=True)  # BEGIN/COMMIT counted as a request issues them, not savepoints
def test_it_starts_and_grades_in_a_constant_number_of_queries(api, bob, document, django_assert_max_num_queries):
    client = api(bob)
    client.get("/api/v1/quizzes/")  # the student's token is cached from an earlier request
    for quiz in (document.quizzes.get(mode="practice"), full_quiz(document)):
        # quiz, the student's attempts, their assignments, the question bank (cached after the first), insert
        with django_assert_max_num_queries(5):
            attempt_id = client.post(f"/api/v1/quizzes/{quiz.pk}/attempts/").json()["id"]
        responses = right_answers(Attempt.objects.get(pk=attempt_id))
        # BEGIN, the locked attempt with its policy inputs, checked+saved answers, insert, update, study day,
        # COMMIT (was 24)
        with django_assert_max_num_queries(7):
            response = client.post(f"/api/v1/attempts/{attempt_id}/submit/", {"responses": responses}, format="json")
        assert response.status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/quizzes/").json()["count"] == 2
