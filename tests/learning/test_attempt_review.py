"""Review options, attempt limits of graded work, autosave, attempts closed when time runs out, and a
teacher opening and overriding an attempt. Alice teaches Bob; Dave teaches another class; Charlie is nobody's."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from learning.models import Answer, Assignment, Attempt, Question, SavedAnswer
from learning.selectors.gradebook import gradebook_for_class
from learning.services.attempts import attempts_close_overdue
from tests.conftest import PASSWORD
from tests.factories import ClassroomFactory, MembershipFactory
from tests.factories_quizzes import full_quiz, right_answers, seed_document


@pytest.fixture
def document(db):
    return seed_document()  # a site document: every student sees its quizzes


@pytest.fixture
def quiz(document):
    return full_quiz(document)


def _assign(classroom, quiz, due_in=dt.timedelta(days=2), late_allowed=False):
    return Assignment.objects.create(
        classroom=classroom,
        target_type="quiz",
        target_id=quiz.pk,
        title=quiz.title,
        document=quiz.document,
        due_at=timezone.now() + due_in,
        late_allowed=late_allowed,
    )


def _start(api, user, quiz):
    response = api(user).post(f"/api/v1/quizzes/{quiz.pk}/attempts/")
    assert response.status_code in (200, 201), response.content
    return response.json()


def _submit(api, user, attempt_id, responses):
    return api(user).post(f"/api/v1/attempts/{attempt_id}/submit/", {"responses": responses}, format="json")


# --------------------------------------------------------------------------- review options


def test_it_does_not_reveal_the_key_of_graded_work_to_an_empty_submit_before_the_due_date(api, bob, classroom, quiz):
    _assign(classroom, quiz)
    first = _start(api, bob, quiz)
    empty = _submit(api, bob, first["id"], [])
    assert empty.status_code == 200
    body = empty.json()
    assert body["score"] == 0 and body["max_score"] == len(first["questions"])
    assert all(r["expected"] is None and r["explanation"] is None and r["source"] is None for r in body["results"])
    assert all(r["correct"] is False for r in body["results"])  # the score itself is shown at once
    detail = api(bob).get(f"/api/v1/attempts/{first['id']}/").json()
    assert all(r["expected"] is None for r in detail["results"])
    page = api(bob).get(f"/api/v1/attempts/{first['id']}/")
    assert page.status_code == 200

    second = _start(api, bob, quiz)
    perfect = _submit(api, bob, second["id"], right_answers(Attempt.objects.get(pk=second["id"])))
    assert perfect.json()["score"] == perfect.json()["max_score"]
    assert all(r["expected"] is None for r in perfect.json()["results"])

    with time_machine.travel(timezone.now() + dt.timedelta(days=3)):
        after_due = api(bob).get(f"/api/v1/attempts/{first['id']}/").json()
    assert all(r["expected"] is not None and r["explanation"] is not None for r in after_due["results"])


def test_it_allows_two_attempts_of_graded_work_by_default_and_unlimited_practice(api, bob, charlie, classroom, quiz):
    _assign(classroom, quiz)
    for _ in range(2):
        _submit(api, bob, _start(api, bob, quiz)["id"], [])
    third = api(bob).post(f"/api/v1/quizzes/{quiz.pk}/attempts/")
    assert third.status_code == 409 and "every attempt" in third.json()["detail"]
    for _ in range(3):  # Charlie is in no class: the quiz is practice for him, and keys show at once
        done = _submit(api, charlie, _start(api, charlie, quiz)["id"], [])
    assert all(r["expected"] is not None for r in done.json()["results"])


def test_it_keeps_the_key_hidden_while_late_work_may_still_start_an_attempt(api, bob, classroom, quiz):
    _assign(classroom, quiz, due_in=dt.timedelta(hours=1), late_allowed=True)
    attempt = _start(api, bob, quiz)
    _submit(api, bob, attempt["id"], [])
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
        hidden = api(bob).get(f"/api/v1/attempts/{attempt['id']}/").json()
        assert all(r["expected"] is None for r in hidden["results"])  # one more (late) attempt is allowed
        _submit(api, bob, _start(api, bob, quiz)["id"], [])
        shown = api(bob).get(f"/api/v1/attempts/{attempt['id']}/").json()
    assert all(r["expected"] is not None for r in shown["results"])


def test_it_hides_the_score_when_the_teacher_says_never(api, alice, bob, db):
    document = seed_document(user=alice)
    quiz = full_quiz(document)
    room = ClassroomFactory(teacher=alice)
    MembershipFactory(classroom=room, student=bob)
    _assign(room, quiz)
    patched = api(alice).patch(
        f"/api/v1/quizzes/{quiz.pk}/",
        {"review_score": "never", "review_answers": "immediately", "attempts_allowed": 0},
        format="json",
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["review_score"] == "never" and patched.json()["attempts_allowed"] == 0
    result = _submit(api, bob, _start(api, bob, quiz)["id"], []).json()
    assert result["score"] is None and all(r["correct"] is None for r in result["results"])
    assert all(r["expected"] is not None for r in result["results"])


def test_it_refuses_bad_review_options_and_another_teachers_patch(api, alice, dave, db):
    quiz = full_quiz(seed_document(user=alice))
    bad = api(alice).patch(f"/api/v1/quizzes/{quiz.pk}/", {"review_answers": "tomorrow"}, format="json")
    assert bad.status_code == 400 and "review_answers" in bad.json()
    assert api(dave).patch(f"/api/v1/quizzes/{quiz.pk}/", {"review_answers": "never"}, format="json").status_code in (
        403,
        404,
    )
    quiz.refresh_from_db()
    assert quiz.review_answers == "after_due"


def test_it_saves_review_options_from_the_settings_page(client, alice, db):
    quiz = full_quiz(seed_document(user=alice))
    assert client.login(username="alice", password=PASSWORD)
    response = client.post(
        f"/quizzes/{quiz.pk}/",
        {
            "attempts_allowed": "",
            "feedback": "after_submit",
            "review_score": "immediately",
            "review_answers": "after_last_attempt",
            "review_explanations": "never",
            "closes_at": "2030-01-01T08:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    quiz.refresh_from_db()
    assert (quiz.attempts_allowed, quiz.review_answers, quiz.review_explanations) == (
        None,
        "after_last_attempt",
        "never",
    )
    assert quiz.closes_at is not None


# --------------------------------------------------------------------------- autosave


def test_it_autosaves_answers_idempotently_and_shows_them_when_the_attempt_is_reopened(
    api, bob, charlie, quiz, django_assert_max_num_queries
):
    attempt = _start(api, bob, quiz)
    keys = {r["question"]: r["answer"] for r in right_answers(Attempt.objects.get(pk=attempt["id"]))}
    qid = next(q["id"] for q in attempt["questions"] if q["type"] in ("which_model", "multiple_choice"))
    url = f"/api/v1/attempts/{attempt['id']}/answers/{qid}/"
    for _ in range(2):
        # token, attempt lock, question, "already checked?", one upsert, the savepoint pair (was 13)
        with django_assert_max_num_queries(8):
            saved = api(bob).put(url, {"answer": keys[qid]}, format="json")
        assert saved.status_code == 200 and saved.json()["answer"] == keys[qid]
    assert SavedAnswer.objects.filter(attempt_id=attempt["id"]).count() == 1
    reopened = api(bob).post(f"/api/v1/quizzes/{quiz.pk}/attempts/")
    assert reopened.status_code == 200
    assert reopened.json()["saved_answers"] == [{"question": qid, "answer": keys[qid]}]
    assert api(bob).put(url, {"answer": "zz-not-a-choice"}, format="json").status_code == 400
    assert api(bob).put(url, {}, format="json").status_code == 400
    assert (
        api(bob).put(f"/api/v1/attempts/{attempt['id']}/answers/999999/", {"answer": None}, format="json").status_code
        == 400
    )
    assert api(charlie).put(url, {"answer": keys[qid]}, format="json").status_code == 404
    graded = _submit(api, bob, attempt["id"], [])  # an empty submit grades the saved answers
    assert graded.json()["score"] == 1.0
    assert api(bob).put(url, {"answer": keys[qid]}, format="json").status_code == 409


def test_it_refuses_saving_after_the_deadline(api, bob, document):
    quiz = full_quiz(document, time_limit_seconds=60)
    attempt = _start(api, bob, quiz)
    qid = attempt["questions"][0]["id"]
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=75)):
        refused = api(bob).put(f"/api/v1/attempts/{attempt['id']}/answers/{qid}/", {"answer": None}, format="json")
    assert refused.status_code == 409 and "time limit" in refused.json()["detail"]
    assert not SavedAnswer.objects.filter(attempt_id=attempt["id"]).exists()


# --------------------------------------------------------------------------- time runs out


def test_it_closes_overdue_attempts_once_from_saved_answers_and_the_gradebook_sees_them(api, bob, classroom, document):
    quiz = full_quiz(document, time_limit_seconds=60)
    _assign(classroom, quiz)
    attempt = _start(api, bob, quiz)
    keys = right_answers(Attempt.objects.get(pk=attempt["id"]))
    for response in keys[:3]:
        api(bob).put(
            f"/api/v1/attempts/{attempt['id']}/answers/{response['question']}/",
            {"answer": response["answer"]},
            format="json",
        )
    assert attempts_close_overdue() == 0  # not overdue yet
    later = timezone.now() + dt.timedelta(minutes=2)
    assert attempts_close_overdue(now=later) == 1
    assert attempts_close_overdue(now=later) == 0  # exactly once
    graded = Attempt.objects.get(pk=attempt["id"])
    assert graded.auto_submitted and graded.submitted_at == graded.deadline_at and graded.score == 3.0
    assert Answer.objects.filter(attempt=graded).count() == len(graded.question_ids)
    book = gradebook_for_class(classroom=classroom, now=later)
    [cell] = book.row(bob)
    assert cell.status == "done" and cell.grade == round(300 / len(graded.question_ids), 1)


# --------------------------------------------------------------------------- teachers open attempts


def test_it_lets_the_teacher_open_and_override_an_attempt_and_the_student_sees_it(
    api, client, alice, dave, bob, classroom, quiz
):
    attempt = _start(api, bob, quiz)
    _submit(api, bob, attempt["id"], [])
    qid = attempt["questions"][0]["id"]
    assert api(dave).get(f"/api/v1/attempts/{attempt['id']}/").status_code == 404
    override_url = f"/api/v1/attempts/{attempt['id']}/answers/{qid}/override/"
    assert api(dave).put(override_url, {"score": 1, "comment": "x"}, format="json").status_code == 404
    assert api(bob).put(override_url, {"score": 1, "comment": "x"}, format="json").status_code == 404
    assert api(alice).put(override_url, {"score": 2}, format="json").status_code == 400
    seen = api(alice).get(f"/api/v1/attempts/{attempt['id']}/").json()
    assert all(r["expected"] is not None for r in seen["results"])  # the teacher sees everything

    done = api(alice).put(override_url, {"score": 1, "comment": "Ý đúng, diễn đạt khác."}, format="json")
    assert done.status_code == 200, done.content
    assert done.json()["score"] == 1.0
    answer = Answer.objects.get(attempt_id=attempt["id"], question_id=qid)
    assert (answer.score, answer.override_score, answer.overridden_by) == (0.0, 1.0, alice)
    mine = api(bob).get(f"/api/v1/attempts/{attempt['id']}/").json()
    row = next(r for r in mine["results"] if r["question"] == qid)
    assert mine["score"] == 1.0 and row["override_comment"] == "Ý đúng, diễn đạt khác." and row["computed_score"] == 0

    assert client.login(username="alice", password=PASSWORD)
    page = client.get(f"/attempts/{attempt['id']}/review/")
    assert page.status_code == 200 and "Ý đúng, diễn đạt khác." in page.content.decode()
    form = client.post(
        f"/attempts/{attempt['id']}/questions/{qid}/override/", {f"q{qid}-score": "", f"q{qid}-comment": ""}
    )
    assert form.status_code == 302
    assert Attempt.objects.get(pk=attempt["id"]).score == 0.0  # back to the computed score
    client.logout()
    assert client.login(username="dave", password=PASSWORD)
    assert client.get(f"/attempts/{attempt['id']}/review/").status_code == 404


def test_it_opens_the_best_attempt_from_a_gradebook_cell(api, client, alice, dave, bob, classroom, quiz):
    assignment = _assign(classroom, quiz)
    attempt = _start(api, bob, quiz)
    _submit(api, bob, attempt["id"], [])
    assert client.login(username="alice", password=PASSWORD)
    url = f"/classes/{classroom.pk}/assignments/{assignment.pk}/students/{bob.pk}/attempt/"
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == f"/attempts/{attempt['id']}/review/"
    student_page = client.get(f"/classes/{classroom.pk}/students/{bob.pk}/")
    assert f"/attempts/{attempt['id']}/review/" in student_page.content.decode()
    client.logout()
    assert client.login(username="dave", password=PASSWORD)
    assert client.get(url).status_code == 404


# --------------------------------------------------------------------------- the result page


def test_it_shows_only_wrong_answers_on_request_and_the_best_score_with_its_maximum(api, client, bob, quiz):
    attempt = Attempt.objects.get(pk=_start(api, bob, quiz)["id"])
    responses = right_answers(attempt)
    responses[0]["answer"] = None  # one wrong (unanswered)
    _submit(api, bob, attempt.pk, responses)
    assert client.login(username="bob", password=PASSWORD)
    every = client.get(f"/attempts/{attempt.pk}/result/").content.decode()
    wrong = client.get(f"/attempts/{attempt.pk}/result/?show=wrong").content.decode()
    assert every.count('class="result ') == len(attempt.question_ids)
    assert wrong.count('class="result ') == 1 and f'id="result-{responses[0]["question"]}"' in wrong
    listing = client.get("/quizzes/").content.decode()
    n = len(attempt.question_ids)
    assert f"{n - 1} / {n}" in listing


def test_it_keeps_ticked_answers_in_per_question_feedback_mode(client, bob, document):
    quiz = full_quiz(document, feedback="immediate", shuffle_choices=False)
    assert client.login(username="bob", password=PASSWORD)
    start = client.post(f"/quizzes/{quiz.pk}/start/")
    attempt = Attempt.objects.get(student=bob, quiz=quiz)
    question = Question.objects.filter(pk__in=attempt.question_ids, type="multi_select").first()
    picked = question.answer
    checked = client.post(f"/attempts/{attempt.pk}/check/{question.pk}/", {f"q{question.pk}": picked})
    assert start.status_code == 302 and checked.status_code == 200
    page = client.get(f"/attempts/{attempt.pk}/").content.decode()
    for choice_id in picked:
        assert f'value="{choice_id}" checked disabled' in page


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_locks_only_the_attempt_so_students_of_one_quiz_save_at_the_same_time():
    import threading

    from django.db import connection, transaction

    from learning.services.attempts import _locked_attempt, attempt_answer_save, attempt_start
    from tests.conftest import on_postgres
    from tests.factories import StudentFactory

    if not on_postgres():
        pytest.skip("needs PostgreSQL row locks")
    quiz = full_quiz(seed_document())
    first, second = StudentFactory(), StudentFactory()
    held, _created = attempt_start(quiz=quiz, student=first)
    other, _created = attempt_start(quiz=quiz, student=second)
    locked, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                _locked_attempt(held.pk, None)  # the first student's submit or save, still running
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert locked.wait(10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")  # waiting on the quiz row would fail here
            attempt_answer_save(attempt_id=other.pk, student=second, question_id=other.question_ids[0], answer=None)
    finally:
        release.set()
        thread.join()
    assert SavedAnswer.objects.filter(attempt=other).count() == 1
