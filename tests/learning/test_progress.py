"""Progress from the source tables: mastery rule, streaks, quiz and card figures, and GET /api/v1/progress/me/."""

import datetime as dt

import pytest
import time_machine
from fsrs import Card, Scheduler

from learning.selectors.progress import (
    IN_PROGRESS,
    MASTERED,
    NOT_STARTED,
    mastery_state,
    retrievability,
    student_progress,
)
from tests.factories_classes import (
    AnswerFactory,
    AttemptFactory,
    CardStateFactory,
    DifferenceFactory,
    DocumentFactory,
    FlashcardFactory,
    LessonFactory,
    LessonReadFactory,
    QuestionFactory,
    QuizFactory,
    StudyDayFactory,
)

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


# --- the rule, as a pure function ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("recent", "has_card", "r", "expected"),
    [
        ([True, True, False], False, None, MASTERED),  # 2 of the last 3, no card for it
        ([True, False, True], True, 0.95, MASTERED),
        ([True, True, True], True, 0.89, IN_PROGRESS),  # card forgotten below 0.9
        ([True, True, True], True, None, IN_PROGRESS),  # card exists but never reviewed
        ([True, False, False, True, True], False, None, IN_PROGRESS),  # only the last three count
        ([True], False, None, IN_PROGRESS),
        ([], True, 0.99, IN_PROGRESS),  # card reviewed, no answer yet
        ([], True, None, NOT_STARTED),
        ([], False, None, NOT_STARTED),
    ],
)
def test_it_applies_the_mastery_rule(recent, has_card, r, expected):
    assert mastery_state(recent_correct=recent, has_card=has_card, card_retrievability=r) == expected


def test_retrievability_matches_fsrs():
    scheduler = Scheduler()
    last = dt.datetime(2026, 11, 1, tzinfo=UTC)
    card = Card(card_id=1, stability=7.5, last_review=last)
    for days in (0, 1, 5, 40):
        now = last + dt.timedelta(days=days, hours=3)
        ours = retrievability(stability=7.5, last_review=last, now=now)
        assert ours == pytest.approx(scheduler.get_card_retrievability(card, current_datetime=now))
    assert retrievability(stability=None, last_review=None, now=last) == 0.0


# --- with the database -----------------------------------------------------------------------------------


def answer(student, difference, correct, when):
    question = QuestionFactory(document=difference.document, difference=difference)
    attempt = AttemptFactory(student=student, quiz=QuizFactory(document=difference.document), submitted_at=when)
    return AnswerFactory(attempt=attempt, question=question, correct=correct, answered_at=when)


@pytest.mark.django_db
def test_mastery_uses_the_last_three_answers_and_the_difference_card(bob, charlie):
    document = DocumentFactory()
    with_card, without_card, untouched = DifferenceFactory.create_batch(3, document=document)
    card = FlashcardFactory(document=document, kind="difference", difference=with_card)
    FlashcardFactory(document=document, kind="difference", difference=untouched)
    for i, correct in enumerate([True, True, False, False]):  # oldest first: last three = T, F, F
        answer(bob, without_card, correct, NOW - dt.timedelta(days=10 - i))
    for i, correct in enumerate([False, True, True]):
        answer(bob, with_card, correct, NOW - dt.timedelta(days=5 - i))
    # An answer in an attempt that was never submitted does not count.
    open_attempt = AttemptFactory(student=bob, quiz=QuizFactory(document=document), submitted_at=None)
    AnswerFactory(attempt=open_attempt, question=QuestionFactory(document=document, difference=without_card))
    CardStateFactory(card=card, student=bob, stability=50.0, last_review=NOW - dt.timedelta(days=1))
    answer(charlie, with_card, True, NOW)  # someone else's answers never count for Bob

    def states():
        [doc] = [d for d in student_progress(student=bob, now=NOW)["documents"] if d.id == document.pk]
        return {d["id"]: d["state"] for d in doc.differences}

    assert states() == {with_card.pk: MASTERED, without_card.pk: IN_PROGRESS, untouched.pk: NOT_STARTED}
    answer(bob, without_card, True, NOW)  # last three now F, F, T... still 1 correct
    assert states()[without_card.pk] == IN_PROGRESS
    answer(bob, without_card, True, NOW + dt.timedelta(seconds=1))  # F, T, T
    assert states()[without_card.pk] == MASTERED


@pytest.mark.django_db
def test_a_faded_card_takes_mastery_away(bob):
    document = DocumentFactory()
    difference = DifferenceFactory(document=document)
    card = FlashcardFactory(document=document, kind="difference", difference=difference)
    for i in range(3):
        answer(bob, difference, True, NOW - dt.timedelta(hours=i))
    CardStateFactory(card=card, student=bob, stability=10.0, last_review=NOW - dt.timedelta(days=1))

    def state(now):
        [doc] = [d for d in student_progress(student=bob, now=now)["documents"] if d.id == document.pk]
        return doc.differences[0]["state"]

    assert state(NOW) == MASTERED
    assert state(NOW + dt.timedelta(days=60)) == IN_PROGRESS


@pytest.mark.django_db
def test_it_counts_streak_days_in_a_row_up_to_today_or_yesterday(bob):
    with time_machine.travel(NOW, tick=False):
        today = dt.date(2026, 11, 20)  # Asia/Ho_Chi_Minh: 10:00 on the 20th
        for days_ago in (1, 2, 3, 5):
            StudyDayFactory(student=bob, day=today - dt.timedelta(days=days_ago))
        assert student_progress(student=bob)["streak"]["days"] == 3
        StudyDayFactory(student=bob, day=today)
        assert student_progress(student=bob)["streak"]["days"] == 4
    with time_machine.travel(NOW + dt.timedelta(days=2), tick=False):
        assert student_progress(student=bob)["streak"]["days"] == 0


@pytest.mark.django_db
def test_progress_me_reports_lessons_quizzes_cards_and_exercises(api, bob, charlie):
    from learning.services.progress import exercise_result_record

    document = DocumentFactory(title="Client-server và P2P")
    lessons = LessonFactory.create_batch(4, document=document)
    LessonReadFactory(student=bob, lesson=lessons[0])
    LessonReadFactory(student=charlie, lesson=lessons[1])
    quiz = QuizFactory(document=document)
    t0 = dt.datetime(2026, 11, 1, tzinfo=UTC)
    AttemptFactory(quiz=quiz, student=bob, submitted_at=t0, score=8, max_score=10)
    AttemptFactory(quiz=quiz, student=bob, submitted_at=t0 + dt.timedelta(days=1), score=5, max_score=10)
    AttemptFactory(quiz=quiz, student=charlie, submitted_at=t0, score=10, max_score=10)
    cards = FlashcardFactory.create_batch(3, document=document)
    CardStateFactory(card=cards[0], student=bob, state="review")
    CardStateFactory(card=cards[1], student=bob, state="learning", due=t0)
    exercise_result_record(student=bob, exercise_id=7, title="Thời gian phân phối", score=3, max_score=4)
    body = api(bob).get("/api/v1/progress/me/").json()
    [doc] = [d for d in body["documents"] if d["id"] == document.pk]
    assert doc["lessons"] == {"read": 1, "total": 4}
    assert doc["flashcards"]["total"] == 3 and doc["flashcards"]["learned"] == 1 and doc["flashcards"]["due"] == 1
    assert 0 < doc["flashcards"]["avg_retrievability"] <= 1
    [q] = body["quizzes"]
    assert (q["attempts"], q["best_percent"], q["last_percent"]) == (2, 80.0, 50.0)
    [e] = body["exercises"]
    assert e["best_percent"] == 75.0 and e["title"] == "Thời gian phân phối"
    assert body["streak"]["days"] == 1  # recording the exercise counted as studying today


@pytest.mark.django_db
def test_progress_me_is_for_students(api, alice):
    assert api(alice).get("/api/v1/progress/me/").status_code == 403
    assert api(None).get("/api/v1/progress/me/").status_code == 401


@pytest.mark.django_db
def test_the_teacher_reads_a_students_progress_and_nobody_else_does(api, alice, dave, bob, charlie, classroom):
    from tests.factories import MembershipFactory
    from tests.factories_classes import AssignmentFactory

    assignment = AssignmentFactory(classroom=classroom)
    LessonReadFactory(student=bob, lesson_id=assignment.target_id)
    url = f"/api/v1/classes/{classroom.pk}/students/{bob.pk}/progress/"
    body = api(alice).get(url).json()
    assert body["student"]["username"] == "bob"
    assert [(a["id"], a["status"], a["grade"]) for a in body["assignments"]] == [(assignment.pk, "done", 100.0)]
    MembershipFactory(classroom=classroom, student=charlie)
    for user in (dave, charlie, bob):  # another teacher, a classmate, the student himself (he has progress/me)
        assert api(user).get(url).status_code == 404
    assert api(alice).get(f"/api/v1/classes/{classroom.pk}/students/{dave.pk}/progress/").status_code == 404


@pytest.mark.parametrize(
    ("aspect", "source", "label"),
    [
        ("Peer-to-peer và Client-Server khác nhau thế nào ở điểm: dữ liệu được lưu trữ…", "x", "Dữ liệu được lưu trữ"),
        ("Theo tài liệu, mô hình nào đắt hơn?", "x", "Theo tài liệu, mô hình nào đắt hơn?"),
        (
            "",
            "Client-Server thì mô hình đắt hơn so với ngang hàng.",
            "Client-Server thì mô hình đắt hơn so với ngang hàng.",
        ),
    ],
)
def test_it_labels_a_difference_by_what_distinguishes_it(aspect, source, label):
    from learning.selectors.progress import difference_label

    assert difference_label(aspect=aspect, source=source) == label
