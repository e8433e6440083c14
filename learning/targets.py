"""Resolvers for the study side's assignable targets (lesson, quiz, flashcards deck)."""

from learning.models import Document, Lesson, Quiz
from learning.services.targets import Target, target_type_register


def _lesson(target_id: int) -> Target | None:
    lesson = Lesson.objects.filter(pk=target_id).only("id", "title", "document_id").first()
    return lesson and Target("lesson", lesson.pk, lesson.title, f"/lessons/{lesson.pk}/", lesson.document_id)


def _quiz(target_id: int) -> Target | None:
    quiz = Quiz.objects.filter(pk=target_id).only("id", "title", "document_id").first()
    return quiz and Target("quiz", quiz.pk, quiz.title, f"/quizzes/{quiz.pk}/", quiz.document_id)


def _flashcards(target_id: int) -> Target | None:
    document = Document.objects.filter(pk=target_id).only("id", "title", "slug").first()
    return document and Target(
        "flashcards", document.pk, document.title, f"/flashcards/?document={document.slug}", document.pk
    )


def register() -> None:
    target_type_register("lesson", _lesson)
    target_type_register("quiz", _quiz)
    target_type_register("flashcards", _flashcards)
