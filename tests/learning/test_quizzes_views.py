"""Quiz pages: list, start, take, submit, results, retry; teacher bank, settings and statistics."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.models import Answer, Attempt, Question
from learning.services.documents import document_import
from tests.conftest import PASSWORD, SEED_DOCUMENT
from tests.factories import document_assign
from tests.factories_quizzes import full_quiz, seed_document


@pytest.fixture
def document(db, alice, bob, charlie):
    document = seed_document(user=alice)
    document_assign(document, alice, bob, charlie)  # alice's document: seen by her class's students
    return document


@pytest.fixture
def quiz(document):
    return full_quiz(document)


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _start(client, quiz) -> Attempt:
    response = client.post(f"/quizzes/{quiz.pk}/start/")
    assert response.status_code == 302
    return Attempt.objects.get(pk=int(re.search(r"/attempts/(\d+)/", response["Location"]).group(1)))


def _form_for(attempt, right=True) -> dict:
    data = {}
    for q in Question.objects.filter(pk__in=attempt.question_ids):
        key = q.answer
        if q.type == "matching":
            for item, model in key.items():
                data[f"q{q.pk}-{item}"] = model
        elif q.type == "multi_select":
            data[f"q{q.pk}"] = key
        elif q.type == "cloze":
            data[f"q{q.pk}"] = key.split(" (")[0] if right else "sai"
        else:
            data[f"q{q.pk}"] = key
    return data


def test_it_lists_the_documents_quizzes(client, bob, quiz):
    response = _login(client, bob).get(f"/quizzes/?document={quiz.document.slug}")
    assert response.status_code == 200
    assert quiz.title in response.content.decode()
    assert "Luyện tập nhanh" in response.content.decode()


def test_the_quiz_list_costs_the_same_queries_for_one_document_or_two(client, bob, alice, quiz):
    _login(client, bob)
    _start(client, quiz)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/quizzes/").status_code == 200
    text = SEED_DOCUMENT.read_text(encoding="utf-8").replace("Compare peer to peer", "Second copy: compare", 1)
    document_assign(document_import(text=text, user=alice), alice, bob)
    with CaptureQueriesContext(connection) as two:
        page = client.get("/quizzes/")
    assert page.content.decode().count("Luyện tập nhanh") == 2  # both documents' quizzes are listed
    assert len(two) == len(one)  # no query per quiz


def test_it_lets_a_student_take_the_quiz_and_see_results_with_explanations(client, bob, quiz):
    _login(client, bob)
    assert "Bắt đầu" in client.get(f"/quizzes/{quiz.pk}/").content.decode()
    attempt = _start(client, quiz)
    page = client.get(f"/attempts/{attempt.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('class="question ') == len(attempt.question_ids)
    # No key, explanation or cloze term in the page before submitting.
    for q in Question.objects.filter(pk__in=attempt.question_ids):
        assert q.explanation not in html
        if q.type == "cloze":
            assert q.answer not in html
    assert "Phát biểu này nói về" not in html and "Tài liệu viết" not in html
    response = client.post(f"/attempts/{attempt.pk}/submit/", _form_for(attempt))
    assert response.status_code == 302 and response["Location"] == f"/attempts/{attempt.pk}/result/"
    attempt.refresh_from_db()
    assert attempt.score == attempt.max_score == len(attempt.question_ids)
    result = client.get(f"/attempts/{attempt.pk}/result/").content.decode()
    assert "Tài liệu viết" in result
    assert "/lessons/" in result
    assert "Client-Server thì mô hình đắt hơn so với ngang hàng." in result
    # A second post of the same form grades nothing again.
    client.post(f"/attempts/{attempt.pk}/submit/", _form_for(attempt, right=False))
    attempt.refresh_from_db()
    assert attempt.score == attempt.max_score
    # Retry starts a new attempt.
    assert _start(client, quiz).number == 2


def test_it_redirects_to_the_result_once_submitted_and_hides_other_students_attempts(client, bob, charlie, quiz):
    _login(client, bob)
    attempt = _start(client, quiz)
    client.post(f"/attempts/{attempt.pk}/submit/", {})
    assert client.get(f"/attempts/{attempt.pk}/")["Location"] == f"/attempts/{attempt.pk}/result/"
    client.logout()
    _login(client, charlie)
    assert client.get(f"/attempts/{attempt.pk}/result/").status_code == 404
    assert client.post(f"/attempts/{attempt.pk}/submit/", {}).status_code == 404


def test_it_checks_one_answer_with_htmx_when_feedback_is_immediate(client, bob, document):
    quiz = full_quiz(document, feedback="immediate", shuffle_questions=False)
    _login(client, bob)
    attempt = _start(client, quiz)
    question = Question.objects.get(pk=attempt.question_ids[0])
    response = client.post(
        f"/attempts/{attempt.pk}/check/{question.pk}/", {f"q{question.pk}": question.answer}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Đúng rồi" in response.content.decode() or "Right." in response.content.decode()
    assert Answer.objects.filter(attempt=attempt, question=question, correct=True).exists()


def test_it_lets_the_teacher_edit_disable_and_add_questions(client, alice, document):
    _login(client, alice)
    bank = client.get(f"/documents/{document.slug}/questions/")
    assert bank.status_code == 200
    question = document.questions.filter(type="multiple_choice").first()
    was_enabled = question.enabled  # the seed's alternates wait in the bank disabled
    edit = client.post(
        f"/questions/{question.pk}/edit/",
        {
            "prompt": "Câu hỏi đã sửa?",
            "explanation": "Vì tài liệu nói vậy.",
            "choices": "\n".join(c["text"] for c in question.choices),
            "answer": "1",
        },
    )
    assert edit.status_code == 302
    question.refresh_from_db()
    assert question.prompt == "Câu hỏi đã sửa?" and question.edited and question.answer == question.choices[0]["id"]
    toggle = client.post(f"/questions/{question.pk}/toggle/", HTTP_HX_REQUEST="true")
    assert toggle.status_code == 200 and f'id="bank-row-{question.pk}"' in toggle.content.decode()
    question.refresh_from_db()
    assert question.enabled is not was_enabled
    new = client.post(
        f"/documents/{document.slug}/questions/new/",
        {"type": "multiple_choice", "prompt": "Máy chủ là gì?", "choices": "Server\nClient", "answer": "1"},
    )
    assert new.status_code == 302
    assert document.questions.get(origin="teacher").answer == "c1"
    bad = client.post(
        f"/documents/{document.slug}/questions/new/",
        {"type": "multiple_choice", "prompt": "?", "choices": "Server\nClient", "answer": "7"},
    )
    assert bad.status_code == 400


def test_it_hides_the_bank_from_students_and_other_teachers(client, bob, dave, document):
    _login(client, bob)
    assert client.get(f"/documents/{document.slug}/questions/").status_code == 404
    client.logout()
    _login(client, dave)
    assert client.get(f"/documents/{document.slug}/questions/").status_code == 404
    question = document.questions.first()
    assert client.post(f"/questions/{question.pk}/toggle/").status_code == 404


def test_it_saves_quiz_settings_for_the_teacher(client, alice, quiz):
    _login(client, alice)
    response = client.post(
        f"/quizzes/{quiz.pk}/",
        {"attempts_allowed": 2, "time_limit_minutes": 15, "feedback": "immediate", "shuffle_questions": "on"},
    )
    assert response.status_code == 302
    quiz.refresh_from_db()
    assert (quiz.attempts_allowed, quiz.time_limit_seconds, quiz.feedback) == (2, 900, "immediate")
    assert quiz.shuffle_questions and not quiz.shuffle_choices and not quiz.published
    bad = client.post(f"/quizzes/{quiz.pk}/", {"attempts_allowed": 500, "feedback": "x"})
    assert bad.status_code == 400


def test_it_shows_statistics_to_teachers_only(client, alice, bob, classroom, quiz):
    _login(client, bob)
    attempt = _start(client, quiz)
    client.post(f"/attempts/{attempt.pk}/submit/", _form_for(attempt))
    assert client.get(f"/quizzes/{quiz.pk}/statistics/").status_code == 403  # as the API answers
    client.logout()
    _login(client, alice)
    page = client.get(f"/quizzes/{quiz.pk}/statistics/")
    assert page.status_code == 200
    assert re.search(r"100[.,]0%", page.content.decode())


def test_it_grades_an_attempt_from_its_saved_answers_on_the_students_visit_after_the_time_limit(
    client, bob, document
):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    quiz = full_quiz(document, time_limit_seconds=60)
    _login(client, bob)
    attempt = _start(client, quiz)
    assert 'data-deadline="' in client.get(f"/attempts/{attempt.pk}/").content.decode()
    question = Question.objects.get(pk=attempt.question_ids[0])
    saved = client.put(
        f"/api/v1/attempts/{attempt.pk}/answers/{question.pk}/",
        {"answer": question.answer},
        content_type="application/json",
        HTTP_X_CSRFTOKEN="unused-in-tests",
    )
    assert saved.status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        page = client.get(f"/attempts/{attempt.pk}/")
        assert page.status_code == 302 and page["Location"] == f"/attempts/{attempt.pk}/result/"
        late = client.post(f"/attempts/{attempt.pk}/submit/", _form_for(attempt))
        assert late["Location"] == f"/attempts/{attempt.pk}/result/"
    attempt.refresh_from_db()
    assert attempt.submitted_at == attempt.deadline_at and attempt.auto_submitted and attempt.score == 1.0


def test_it_answers_400_to_a_crafted_form_and_grades_nothing(client, bob, quiz):
    _login(client, bob)
    attempt = _start(client, quiz)
    question = Question.objects.filter(pk__in=attempt.question_ids, type="which_model").first()
    response = client.post(f"/attempts/{attempt.pk}/submit/", {f"q{question.pk}": "zz"})
    assert response.status_code == 400
    assert "zz" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.submitted_at is None and not Answer.objects.filter(attempt=attempt).exists()


@pytest.fixture
def english_then_reset():
    from django.utils import translation

    yield
    translation.deactivate()  # the request activated English in this thread: do not leak it into other tests


def test_it_speaks_english_on_request(client, bob, quiz, english_then_reset):
    from django.conf import settings

    _login(client, bob)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Start the quiz" in client.get(f"/quizzes/{quiz.pk}/").content.decode()
    attempt = _start(client, quiz)
    page = client.get(f"/attempts/{attempt.pk}/").content.decode()
    assert f"{len(attempt.question_ids)} questions. Answer them" in page and "Submit answers" in page
    client.post(f"/attempts/{attempt.pk}/submit/", _form_for(attempt))
    result = client.get(f"/attempts/{attempt.pk}/result/").content.decode()
    assert "Right answer" in result and "Try again" in result
    # The questions stay in the document's language.
    assert 'lang="vi"' in result
