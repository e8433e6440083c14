"""The study side's linkable targets (lesson, quiz, flashcards goal), registered in learning.services.targets."""

from django.urls import reverse
from django.utils.http import urlencode

from learning.models import Document, Lesson, Quiz
from learning.services.targets import Target, TargetType, target_type_register


def _lesson_target(lesson: Lesson) -> Target:
    return Target(
        "lesson", lesson.pk, lesson.title, reverse("lesson", args=[lesson.pk]), lesson.document_id, lesson_id=lesson.pk
    )


def _quiz_target(quiz: Quiz) -> Target:
    return Target("quiz", quiz.pk, quiz.title, reverse("quiz", args=[quiz.pk]), quiz.document_id, graded=True)


def _flashcards_target(document: Document) -> Target:
    url = reverse("flashcards") + "?" + urlencode({"document": document.slug})
    return Target("flashcards", document.pk, document.title, url, document.pk, graded=True)


def _lesson(target_id: int) -> Target | None:
    lesson = Lesson.objects.filter(pk=target_id).only("id", "title", "document_id").first()
    return lesson and _lesson_target(lesson)


def _quiz(target_id: int) -> Target | None:
    quiz = Quiz.objects.filter(pk=target_id).only("id", "title", "document_id").first()
    return quiz and _quiz_target(quiz)


def _flashcards(target_id: int) -> Target | None:
    document = Document.objects.filter(pk=target_id).only("id", "title", "slug").first()
    return document and _flashcards_target(document)


def _lessons() -> list[Target]:
    lessons = Lesson.objects.filter(document__published=True).only("id", "title", "document_id")
    return [_lesson_target(lesson) for lesson in lessons.order_by("document_id", "position", "id")]


def _quizzes() -> list[Target]:
    quizzes = Quiz.objects.filter(published=True, document__published=True).only("id", "title", "document_id")
    return [_quiz_target(quiz) for quiz in quizzes.order_by("document_id", "id")]


def _decks() -> list[Target]:
    documents = Document.objects.filter(published=True).only("id", "title", "slug").order_by("title", "id")
    return [_flashcards_target(document) for document in documents]


def register() -> None:
    target_type_register(TargetType("lesson", graded=False, resolve=_lesson, listing=_lessons))
    target_type_register(TargetType("quiz", graded=True, resolve=_quiz, listing=_quizzes))
    target_type_register(TargetType("flashcards", graded=True, resolve=_flashcards, listing=_decks))
