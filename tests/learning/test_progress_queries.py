"""The dashboard, the gradebook and progress/me run a fixed number of queries, however big the class.

5 students and 4 assignments against 200 students and 16 assignments (2 quiz attempts each, 4 answers per
attempt, 2 cards each): the counts must be equal and at most 15.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from learning.models import Answer, Attempt, CardState, LessonRead, Membership, User
from tests.factories import StudentFactory
from tests.factories_classes import (
    AssignmentFactory,
    DifferenceFactory,
    DocumentFactory,
    FlashcardFactory,
    LessonFactory,
    QuestionFactory,
    QuizFactory,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15


def build_class(classroom, n_students: int, extra_assignments: int = 0):
    """A class with lesson, quiz, exercise and flashcards assignments and work by every student (bulk rows)."""
    now = timezone.now()
    document = DocumentFactory()
    lessons = LessonFactory.create_batch(3, document=document)
    differences = DifferenceFactory.create_batch(4, document=document)
    cards = [FlashcardFactory(document=document, kind="difference", difference=d) for d in differences]
    questions = [QuestionFactory(document=document, difference=d) for d in differences]
    quiz = QuizFactory(document=document)
    AssignmentFactory(classroom=classroom, lesson=lessons[0], due_at=now + dt.timedelta(days=1))
    AssignmentFactory(classroom=classroom, target_type="quiz", target_id=quiz.pk, due_at=now - dt.timedelta(days=1))
    AssignmentFactory(classroom=classroom, target_type="exercise", target_id=5, due_at=now + dt.timedelta(days=2))
    AssignmentFactory(classroom=classroom, target_type="flashcards", target_id=document.pk, goal_cards=2, due_at=now)
    for i in range(extra_assignments):
        AssignmentFactory(classroom=classroom, lesson=lessons[i % 3], due_at=now + dt.timedelta(days=3 + i))
    students = User.objects.bulk_create(
        [User(username=f"s{n_students}-{i}", first_name="Học", last_name=f"Sinh {i}") for i in range(n_students)]
    )
    Membership.objects.bulk_create([Membership(classroom=classroom, student=s) for s in students])
    LessonRead.objects.bulk_create([LessonRead(student=s, lesson=lessons[0], read_at=now) for s in students])
    attempts = Attempt.objects.bulk_create(
        [
            Attempt(quiz=quiz, student=s, number=k, started_at=now, submitted_at=now, score=k, max_score=4)
            for s in students
            for k in (1, 2)
        ]
    )
    Answer.objects.bulk_create(
        [
            Answer(attempt=a, question=q, answer="t", correct=(a.pk + q.pk) % 2 == 0, answered_at=now)
            for a in attempts
            for q in questions
        ]
    )
    CardState.objects.bulk_create(
        [
            CardState(card=c, student=s, state="review", stability=20, due=now, last_review=now)
            for s in students
            for c in cards[:2]
        ]
    )
    return students


def count(callable_) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = callable_()
    assert response.status_code == 200, response
    return len(ctx.captured_queries)


def measure(client, api, classroom, n_students, alice, extra_assignments=0):
    students = build_class(classroom, n_students, extra_assignments)
    student = students[0]
    teacher_api, student_api = api(alice), api(student)  # tokens made before counting
    client.force_login(alice)
    gradebook = count(lambda: client.get(f"/classes/{classroom.pk}/gradebook/"))
    gradebook_csv = count(lambda: client.get(f"/classes/{classroom.pk}/gradebook.csv"))
    mastery = count(lambda: client.get(f"/classes/{classroom.pk}/mastery/"))
    gradebook_api = count(lambda: teacher_api.get(f"/api/v1/classes/{classroom.pk}/gradebook/"))
    client.force_login(student)
    dashboard = count(lambda: client.get("/dashboard/"))
    progress = count(lambda: student_api.get("/api/v1/progress/me/"))
    assignments = count(lambda: student_api.get("/api/v1/assignments/"))
    return {
        "gradebook": gradebook,
        "gradebook_csv": gradebook_csv,
        "gradebook_api": gradebook_api,
        "mastery": mastery,
        "dashboard": dashboard,
        "progress_me": progress,
        "my_assignments": assignments,
    }


def test_query_counts_do_not_grow_with_the_class(client, api, alice, dave):
    from tests.factories import ClassroomFactory

    small = measure(client, api, ClassroomFactory(teacher=alice), 5, alice)
    big = measure(client, api, ClassroomFactory(teacher=dave), 200, dave, extra_assignments=12)
    print("queries at 5 students:", small, "at 200:", big)
    assert small == big
    assert max(big.values()) <= MAX_QUERIES


def test_the_gradebook_of_200_students_is_right(client, alice):
    from tests.factories import ClassroomFactory

    classroom = ClassroomFactory(teacher=alice)
    build_class(classroom, 200)
    client.force_login(alice)
    page = client.get(f"/classes/{classroom.pk}/gradebook/").text
    # Lesson read in time and 2 cards learned: done; quiz submitted after its due date: missing; no exercise yet.
    assert page.count("cell-done") == 400
    assert page.count("cell-missing") == 200 and page.count("cell-not_started") == 200


def test_a_student_with_no_class_and_no_work_gets_a_dashboard(client):
    student = StudentFactory()
    client.force_login(student)
    assert client.get("/dashboard/").status_code == 200
