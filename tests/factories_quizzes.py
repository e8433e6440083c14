"""Fixtures' helpers for the quiz tests: the seed imported through the real import service."""

from learning.models import Document, Quiz
from learning.services.documents import document_import
from tests.conftest import SEED_DOCUMENT


def seed_document(user=None) -> Document:
    return document_import(text=SEED_DOCUMENT.read_text(encoding="utf-8"), user=user)


def full_quiz(document: Document, **settings) -> Quiz:
    quiz = document.quizzes.get(mode=Quiz.Mode.FULL)
    if settings:
        for name, value in settings.items():
            setattr(quiz, name, value)
        quiz.save()
    return quiz


def right_answers(attempt) -> list[dict]:
    """The correct responses to an attempt (read from the keys, server side)."""
    from learning.models import Question

    questions = Question.objects.in_bulk(attempt.question_ids)
    return [{"question": qid, "answer": questions[qid].answer} for qid in attempt.question_ids]
