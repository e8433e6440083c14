"""Answers of an open attempt before it is submitted: autosave of one answer, and the immediate check that grades
one question and locks it (quizzes with immediate feedback)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from learning.models import Answer, Question, Quiz, SavedAnswer, User

from .answers import answer_error, grade_answer
from .state import AttemptAlreadySubmitted, QuestionLocked, locked_open_attempt


def attempt_answer_save(
    *, attempt_id: int, student: User, question_id: int, answer, now: dt.datetime | None = None
) -> SavedAnswer:
    """Autosave one answer of an open attempt. Idempotent: saving the same answer again changes nothing
    but the time. `None` clears it. Refused once the attempt is submitted or its time (with grace) is up.
    Raises Attempt.DoesNotExist for another student's attempt (-> 404).
    """
    now = now or timezone.now()
    with transaction.atomic():
        attempt = locked_open_attempt(attempt_id, student, now)
        question = Question.objects.filter(pk=question_id).first() if question_id in attempt.question_ids else None
        if question is None:
            raise ValidationError({"question": [f"Question {question_id!r} is not in this attempt."]})
        problem = answer_error(question, answer)
        if problem:
            raise ValidationError({"answer": [problem]})
        if attempt.answers.filter(question_id=question_id).exists():
            raise QuestionLocked("This question was checked and its answer is locked.")
        saved = SavedAnswer(attempt=attempt, question=question, answer=answer, saved_at=now)
        # One upsert (INSERT ... ON CONFLICT DO UPDATE): the attempt's row lock already serialises saves.
        SavedAnswer.objects.bulk_create(
            [saved], update_conflicts=True, unique_fields=["attempt", "question"], update_fields=["answer", "saved_at"]
        )
        return saved


def attempt_answer_check(*, attempt_id: int, student: User, question_id: int, answer, now=None) -> Answer:
    """Immediate feedback: grade one question now and lock its answer. Only when the quiz allows it."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            attempt = locked_open_attempt(attempt_id, student, now)
            if attempt.quiz.feedback != Quiz.Feedback.IMMEDIATE:
                raise PermissionDenied("This quiz shows feedback after submitting.")
            if question_id not in attempt.question_ids:
                raise ValidationError({"question": [f"Question {question_id!r} is not in this attempt."]})
            question = Question.objects.get(pk=question_id)
            problem = answer_error(question, answer)
            if problem:
                raise ValidationError({"answer": [problem]})
            score = grade_answer(question, answer)
            return Answer.objects.create(
                attempt=attempt, question=question, answer=answer, correct=score == 1.0, score=score, answered_at=now
            )
    except IntegrityError:
        raise AttemptAlreadySubmitted("This question has already been answered.")
