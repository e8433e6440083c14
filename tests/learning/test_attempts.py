"""Attempts through the services: grading rules, shuffling, immediate feedback, and exactly-once grading."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from learning.models import Answer, Attempt, Question, Quiz
from learning.selectors.quizzes import attempt_questions, quiz_statistics
from learning.services.attempts import (
    AttemptAlreadySubmitted,
    attempt_answer_check,
    attempt_start,
    attempt_submit,
    grade_answer,
)
from tests.conftest import on_postgres
from tests.factories import StudentFactory
from tests.factories_quizzes import full_quiz, right_answers, seed_document


@pytest.fixture
def document(db):
    return seed_document()


def _question(document, type_):
    return Question.objects.filter(document=document, type=type_).first()


def test_it_gives_partial_credit_for_matching_and_multi_select(document):
    matching = _question(document, "matching")
    key = matching.answer
    half = {item: (model if i < 2 else ("a" if model == "b" else "b")) for i, (item, model) in enumerate(key.items())}
    assert grade_answer(matching, key) == 1.0
    assert grade_answer(matching, half) == 0.5
    multi = _question(document, "multi_select")
    right = multi.answer
    wrong = [c["id"] for c in multi.choices if c["id"] not in right]
    assert grade_answer(multi, right) == 1.0
    assert grade_answer(multi, right[:1]) == 0.5
    assert grade_answer(multi, right[:1] + wrong[:1]) == 0.0
    assert grade_answer(multi, right + wrong) == 0.0
    cloze = _question(document, "cloze")
    assert grade_answer(cloze, cloze.answer.split(" (")[0].lower()) == 1.0
    assert grade_answer(cloze, "something else") == 0.0


def test_it_shuffles_questions_and_choices_per_attempt_but_never_changes_the_key(document, bob):
    quiz = full_quiz(document)
    orders = set()
    for student in [bob] + [StudentFactory() for _ in range(4)]:
        attempt, _created = attempt_start(quiz=quiz, student=student)
        orders.add(tuple(attempt.question_ids))
        shown = {q["id"]: q for q in attempt_questions(attempt)}
        for q in Question.objects.filter(pk__in=attempt.question_ids):
            assert sorted(c["id"] for c in shown[q.pk]["choices"]) == sorted(c["id"] for c in q.choices)
        graded = attempt_submit(attempt_id=attempt.pk, student=student, responses=right_answers(attempt)).attempt
        assert graded.score == graded.max_score
    assert len(orders) > 1


def test_it_keeps_the_document_order_when_shuffling_is_off(document, bob):
    quiz = full_quiz(document, shuffle_questions=False, shuffle_choices=False)
    attempt, _created = attempt_start(quiz=quiz, student=bob)
    expected = list(Question.objects.filter(document=document, enabled=True).values_list("pk", flat=True))
    assert attempt.question_ids == expected
    assert attempt.choice_orders == {}


def test_it_says_whether_the_attempt_was_started_or_the_open_one_resumed(document, bob):
    quiz = full_quiz(document)
    attempt, created = attempt_start(quiz=quiz, student=bob)
    again, resumed_created = attempt_start(quiz=quiz, student=bob)
    assert created and not resumed_created
    assert again.pk == attempt.pk and again.question_ids == attempt.question_ids


def test_it_leaves_disabled_questions_out_of_new_attempts(document, bob):
    disabled = _question(document, "cloze")
    disabled.enabled = False
    disabled.save()
    attempt, _created = attempt_start(quiz=full_quiz(document), student=bob)
    assert disabled.pk not in attempt.question_ids


def test_it_locks_an_answer_checked_with_immediate_feedback(document, bob):
    quiz = full_quiz(document, feedback=Quiz.Feedback.IMMEDIATE)
    attempt, _created = attempt_start(quiz=quiz, student=bob)
    qid = attempt.question_ids[0]
    key = Question.objects.get(pk=qid).answer
    answer = attempt_answer_check(attempt_id=attempt.pk, student=bob, question_id=qid, answer=key)
    assert answer.correct
    with pytest.raises(AttemptAlreadySubmitted):
        attempt_answer_check(attempt_id=attempt.pk, student=bob, question_id=qid, answer=key)
    with pytest.raises(ValidationError):
        attempt_submit(attempt_id=attempt.pk, student=bob, responses=[{"question": qid, "answer": key}])
    graded = attempt_submit(attempt_id=attempt.pk, student=bob, responses=[]).attempt
    assert graded.score == 1.0
    assert Answer.objects.filter(attempt=attempt).count() == len(attempt.question_ids)


def test_it_refuses_immediate_checks_when_the_quiz_gives_feedback_after_submit(document, bob):
    attempt, _created = attempt_start(quiz=full_quiz(document), student=bob)
    with pytest.raises(PermissionDenied):
        attempt_answer_check(attempt_id=attempt.pk, student=bob, question_id=attempt.question_ids[0], answer="a")
    assert not Answer.objects.exists()


def test_it_computes_facility_and_discrimination_as_moodle_defines_them(document, alice, classroom):
    from tests.factories import MembershipFactory

    quiz = full_quiz(document, shuffle_questions=False)
    students = [StudentFactory() for _ in range(4)]
    for s in students:
        MembershipFactory(classroom=classroom, student=s)
    first_ids = None
    for n, student in enumerate(students):
        attempt, _created = attempt_start(quiz=quiz, student=student)
        first_ids = attempt.question_ids
        responses = right_answers(attempt)
        # Student n answers the first 3n+1 questions right: stronger students also get Q0 right... except the
        # weakest, so Q0 discriminates positively; Q-last is right only for the best student.
        for i, r in enumerate(responses):
            if i > 3 * n + 1:
                r["answer"] = None
        if n == 0:
            responses[0]["answer"] = None
        attempt_submit(attempt_id=attempt.pk, student=student, responses=responses)
    stats = quiz_statistics(quiz, alice)
    assert stats["attempts"] == 4
    rows = {r["question"]: r for r in stats["questions"]}
    q0 = rows[first_ids[0]]
    assert q0["attempts"] == 4 and q0["facility_index"] == 75.0
    assert q0["discrimination_index"] > 50
    # Every student got the second question right: no variance, no discrimination index.
    assert rows[first_ids[1]]["facility_index"] == 100.0 and rows[first_ids[1]]["discrimination_index"] is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_grades_exactly_once_when_the_same_submit_arrives_twice_at_once():
    if not on_postgres():
        pytest.skip("needs PostgreSQL row locks")
    document = seed_document()
    student = StudentFactory(username="racer")
    attempt, _created = attempt_start(quiz=full_quiz(document), student=student)
    responses = right_answers(attempt)
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            graded = attempt_submit(attempt_id=attempt.pk, student=student, responses=responses).attempt
            outcomes.append(("graded", graded.score))
        except AttemptAlreadySubmitted:
            outcomes.append(("conflict", None))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(o[0] for o in outcomes) == ["conflict", "graded"]
    assert Answer.objects.filter(attempt=attempt).count() == len(attempt.question_ids)
    attempt.refresh_from_db()
    assert attempt.score == len(attempt.question_ids)
    assert Attempt.objects.filter(pk=attempt.pk, submitted_at__isnull=False).count() == 1
