"""Assignment status transitions (not_started, in_progress, done, late, missing) and grades, with frozen time."""

import datetime as dt

import pytest
import time_machine

from learning.models import Assignment
from learning.selectors.gradebook import assignments_for_student, gradebook_for_class
from learning.services.progress import exercise_result_record
from tests.factories_classes import (
    AssignmentFactory,
    AttemptFactory,
    CardStateFactory,
    DocumentFactory,
    FlashcardFactory,
    LessonReadFactory,
    QuizFactory,
)

pytestmark = pytest.mark.django_db

UTC = dt.UTC
MONDAY = dt.datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
DUE = dt.datetime(2026, 11, 6, 17, 0, tzinfo=UTC)  # Friday


def status_of(student, assignment):
    [item] = [i for i in assignments_for_student(student=student) if i["assignment"].pk == assignment.pk]
    return item["cell"].status, item["cell"].grade


def test_a_lesson_goes_not_started_then_done(classroom, bob):
    assignment = AssignmentFactory(classroom=classroom, due_at=DUE)
    with time_machine.travel(MONDAY, tick=False):
        assert status_of(bob, assignment) == ("not_started", None)
        LessonReadFactory(student=bob, lesson_id=assignment.target_id, read_at=MONDAY)
        assert status_of(bob, assignment) == ("done", 100.0)
    with time_machine.travel(DUE + dt.timedelta(days=3), tick=False):
        assert status_of(bob, assignment) == ("done", 100.0)  # stays done after the due date


def test_a_lesson_not_read_by_the_due_date_is_missing(classroom, bob):
    assignment = AssignmentFactory(classroom=classroom, due_at=DUE)
    with time_machine.travel(DUE - dt.timedelta(seconds=1), tick=False):
        assert status_of(bob, assignment)[0] == "not_started"
    with time_machine.travel(DUE + dt.timedelta(seconds=1), tick=False):
        assert status_of(bob, assignment) == ("missing", None)


def test_late_work_is_late_when_allowed_and_missing_when_not(classroom, bob):
    allowed = AssignmentFactory(classroom=classroom, due_at=DUE, late_allowed=True)
    refused = AssignmentFactory(classroom=classroom, due_at=DUE, late_allowed=False)
    after = DUE + dt.timedelta(hours=2)
    with time_machine.travel(after, tick=False):
        LessonReadFactory(student=bob, lesson_id=allowed.target_id, read_at=after)
        LessonReadFactory(student=bob, lesson_id=refused.target_id, read_at=after)
        assert status_of(bob, allowed) == ("late", 100.0)
        assert status_of(bob, refused) == ("missing", None)


def test_a_quiz_is_in_progress_once_an_attempt_is_open_and_graded_by_its_best_counted_score(classroom, bob):
    quiz = QuizFactory()
    assignment = AssignmentFactory(classroom=classroom, target_type="quiz", target_id=quiz.pk, due_at=DUE)
    with time_machine.travel(MONDAY, tick=False):
        AttemptFactory(quiz=quiz, student=bob, started_at=MONDAY, submitted_at=None, score=None, max_score=None)
        assert status_of(bob, assignment) == ("in_progress", None)
        AttemptFactory(quiz=quiz, student=bob, started_at=MONDAY, submitted_at=MONDAY, score=6, max_score=10)
        assert status_of(bob, assignment) == ("done", 60.0)
    later = DUE + dt.timedelta(days=1)
    with time_machine.travel(later, tick=False):
        # A better attempt after the due date does not count when late work does not.
        AttemptFactory(quiz=quiz, student=bob, started_at=later, submitted_at=later, score=9, max_score=10)
        assert status_of(bob, assignment) == ("done", 60.0)
        Assignment.objects.filter(pk=assignment.pk).update(late_allowed=True)
        assert status_of(bob, assignment) == ("done", 90.0)


def test_an_open_attempt_past_the_due_date_is_missing(classroom, bob):
    quiz = QuizFactory()
    assignment = AssignmentFactory(classroom=classroom, target_type="quiz", target_id=quiz.pk, due_at=DUE)
    AttemptFactory(quiz=quiz, student=bob, started_at=MONDAY, submitted_at=None, score=None, max_score=None)
    with time_machine.travel(DUE + dt.timedelta(minutes=1), tick=False):
        assert status_of(bob, assignment) == ("missing", None)


def test_an_exercise_is_judged_on_its_first_completion(classroom, bob):
    assignment = AssignmentFactory(classroom=classroom, target_type="exercise", target_id=42, due_at=DUE)
    exercise_result_record(student=bob, exercise_id=42, title="Phân phối tệp", score=5, max_score=10, when=MONDAY)
    exercise_result_record(
        student=bob, exercise_id=42, title="Phân phối tệp", score=8, max_score=10, when=DUE + dt.timedelta(days=1)
    )
    with time_machine.travel(DUE + dt.timedelta(days=2), tick=False):
        assert status_of(bob, assignment) == ("done", 80.0)


def test_a_flashcards_goal_is_done_when_enough_cards_are_learned(classroom, bob):
    document = DocumentFactory()
    assignment = AssignmentFactory(
        classroom=classroom, target_type="flashcards", target_id=document.pk, goal_cards=2, due_at=DUE
    )
    cards = FlashcardFactory.create_batch(3, document=document)
    with time_machine.travel(MONDAY, tick=False):
        CardStateFactory(card=cards[0], student=bob, state="learning", last_review=MONDAY)
        assert status_of(bob, assignment) == ("in_progress", 0.0)
        CardStateFactory(card=cards[1], student=bob, state="review", last_review=MONDAY)
        assert status_of(bob, assignment) == ("in_progress", 50.0)
        CardStateFactory(card=cards[2], student=bob, state="review", last_review=MONDAY + dt.timedelta(hours=1))
        assert status_of(bob, assignment) == ("done", 100.0)


def test_the_gradebook_has_a_cell_for_every_student_and_assignment(classroom, bob, charlie):
    from tests.factories import MembershipFactory

    MembershipFactory(classroom=classroom, student=charlie)
    first = AssignmentFactory(classroom=classroom, due_at=DUE)
    second = AssignmentFactory(classroom=classroom, due_at=DUE + dt.timedelta(days=1), late_allowed=True)
    LessonReadFactory(student=bob, lesson_id=first.target_id, read_at=MONDAY)
    LessonReadFactory(student=charlie, lesson_id=second.target_id, read_at=DUE + dt.timedelta(days=2))
    with time_machine.travel(DUE + dt.timedelta(days=3), tick=False):
        book = gradebook_for_class(classroom=classroom)
    assert [a.pk for a in book.assignments] == [first.pk, second.pk]
    assert [c.status for c in book.row(bob)] == ["done", "missing"]
    assert [c.status for c in book.row(charlie)] == ["missing", "late"]
    assert book.summary(first) == {"not_started": 0, "in_progress": 0, "done": 1, "late": 0, "missing": 1}


def test_one_quiz_in_two_assignments_is_graded_by_each_ones_due_date(classroom, bob):
    """The best score is aggregated per due date asked for: an attempt after the first due date counts only
    for the assignment due later."""
    quiz = QuizFactory()
    early = AssignmentFactory(classroom=classroom, target_type="quiz", target_id=quiz.pk, due_at=DUE)
    later_due = DUE + dt.timedelta(days=7)
    late = AssignmentFactory(classroom=classroom, target_type="quiz", target_id=quiz.pk, due_at=later_due)
    AttemptFactory(quiz=quiz, student=bob, started_at=MONDAY, submitted_at=MONDAY, score=5, max_score=8)
    after = DUE + dt.timedelta(days=1)
    AttemptFactory(quiz=quiz, student=bob, started_at=after, submitted_at=after, score=7, max_score=8)
    AttemptFactory(quiz=quiz, student=bob, started_at=after, submitted_at=None, score=8, max_score=8)  # open
    with time_machine.travel(later_due + dt.timedelta(days=1), tick=False):
        assert status_of(bob, early) == ("done", 62.5)
        assert status_of(bob, late) == ("done", 87.5)


def test_two_goals_on_one_deck_take_the_time_each_goal_was_reached(classroom, bob):
    """Goal 1 reached before the due date, goal 3 only after it (the third card first learned late)."""
    document = DocumentFactory()
    one = AssignmentFactory(
        classroom=classroom, target_type="flashcards", target_id=document.pk, goal_cards=1, due_at=DUE
    )
    three = AssignmentFactory(
        classroom=classroom, target_type="flashcards", target_id=document.pk, goal_cards=3, due_at=DUE
    )
    cards = FlashcardFactory.create_batch(3, document=document)
    after = DUE + dt.timedelta(hours=3)
    for card, when in zip(cards, [MONDAY, MONDAY + dt.timedelta(hours=1), after], strict=True):
        CardStateFactory(card=card, student=bob, state="review", last_review=when)
    with time_machine.travel(after + dt.timedelta(hours=1), tick=False):
        book = gradebook_for_class(classroom=classroom)
        assert book.cells[(bob.pk, one.pk)].status == "done"
        assert book.cells[(bob.pk, one.pk)].completed_at == MONDAY
        assert (book.cells[(bob.pk, three.pk)].status, book.cells[(bob.pk, three.pk)].grade) == ("missing", None)
