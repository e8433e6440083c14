"""Factories for the classes, assignments and progress tests (source rows built directly)."""

import datetime as dt

import factory
from django.utils import timezone

from learning import models
from tests.factories import (  # noqa: F401  (re-exported)
    ClassroomFactory,
    DocumentFactory,
    LessonFactory,
    QuizFactory,
    StudentFactory,
)


class DifferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Difference

    document = factory.SubFactory(DocumentFactory)
    key = factory.Sequence(lambda n: f"diff-{n}")
    position = factory.Sequence(lambda n: n)
    kind = models.Difference.Kind.TWO_SIDED
    source = factory.Sequence(lambda n: f"Khác biệt {n}: dữ liệu lưu ở máy chủ / ở các peer")
    aspect = factory.Sequence(lambda n: f"Khía cạnh {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Question

    document = factory.SubFactory(DocumentFactory)
    key = factory.Sequence(lambda n: f"q-{n}")
    type = models.Question.Type.TRUE_FALSE
    prompt = "Đúng hay sai?"
    choices = factory.LazyFunction(lambda: [{"id": "t", "text": "Đúng"}, {"id": "f", "text": "Sai"}])
    answer = "t"


class AttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Attempt

    quiz = factory.SubFactory(QuizFactory)
    student = factory.SubFactory(StudentFactory)
    number = factory.Sequence(lambda n: n + 1)
    started_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.LazyAttribute(lambda o: o.started_at)
    score = 1.0
    max_score = 1.0


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Answer

    attempt = factory.SubFactory(AttemptFactory)
    question = factory.SubFactory(QuestionFactory)
    answer = "t"
    correct = True
    score = factory.LazyAttribute(lambda o: 1.0 if o.correct else 0.0)
    answered_at = factory.LazyFunction(timezone.now)


class FlashcardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Flashcard

    document = factory.SubFactory(DocumentFactory)
    key = factory.Sequence(lambda n: f"card-{n}")
    kind = models.Flashcard.Kind.TERM
    front = "Peer là gì?"
    back = "Một máy vừa là client vừa là server."


class CardStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CardState

    card = factory.SubFactory(FlashcardFactory)
    student = factory.SubFactory(StudentFactory)
    state = models.CardState.State.REVIEW
    stability = 30.0
    difficulty = 5.0
    last_review = factory.LazyFunction(timezone.now)
    due = factory.LazyAttribute(lambda o: o.last_review + dt.timedelta(days=30))
    reps = 3


class LessonReadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LessonRead

    student = factory.SubFactory(StudentFactory)
    lesson = factory.SubFactory(LessonFactory)
    read_at = factory.LazyFunction(timezone.now)


class AssignmentFactory(factory.django.DjangoModelFactory):
    """A lesson assignment by default (pass target_type/target_id for others)."""

    class Meta:
        model = models.Assignment
        exclude = ("lesson",)

    classroom = factory.SubFactory(ClassroomFactory)
    lesson = factory.SubFactory(LessonFactory)
    target_type = models.Assignment.TargetType.LESSON
    target_id = factory.LazyAttribute(lambda o: o.lesson.pk)
    title = factory.LazyAttribute(lambda o: o.lesson.title)
    target_url = factory.LazyAttribute(lambda o: f"/lessons/{o.target_id}/" if o.target_type == "lesson" else "")
    document = factory.LazyAttribute(lambda o: o.lesson.document if o.target_type == "lesson" else None)
    due_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))


class StudyDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StudyDay

    student = factory.SubFactory(StudentFactory)
    day = factory.LazyFunction(lambda: timezone.localdate())
