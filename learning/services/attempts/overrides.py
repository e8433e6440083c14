"""A teacher's override of one question's score: the computed score stays beside it, the total is recomputed and
the grade sent to the LMS again."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from learning.models import Answer, Attempt, User

from .grading import quiz_grade_report
from .state import QuizConflict, locked_attempt

MAX_OVERRIDE_COMMENT = 2000


def answer_override(
    *,
    attempt: Attempt,
    question_id: int,
    teacher: User,
    score: float | None,
    comment: str = "",
    now: dt.datetime | None = None,
) -> Answer:
    """A teacher sets one question's score (0..1, None to return to the computed one) with a comment.

    The computed score stays beside it; the attempt's total is recomputed and the grade sent to the LMS.
    The caller holds the attempt through access_attempt_as_teacher (a teacher of the student's class).
    """
    errors = {}
    if score is not None and (isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 1):
        errors["score"] = ["A number from 0 to 1 (the question's share of a point), or null to clear."]
    if not isinstance(comment, str) or len(comment) > MAX_OVERRIDE_COMMENT:
        errors["comment"] = [f"Text of at most {MAX_OVERRIDE_COMMENT} characters."]
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    with transaction.atomic():
        locked = locked_attempt(attempt.pk, None)
        if locked.submitted_at is None:
            raise QuizConflict("This attempt is not graded yet.")
        answer = Answer.objects.filter(attempt=locked, question_id=question_id).first()
        if answer is None:
            raise ValidationError({"question": [f"Question {question_id!r} is not in this attempt."]})
        answer.override_score = None if score is None else round(float(score), 4)
        answer.override_comment = comment.strip() if score is not None or comment.strip() else ""
        answer.overridden_by = teacher
        answer.overridden_at = now
        answer.save(update_fields=["override_score", "override_comment", "overridden_by", "overridden_at"])
        locked.score = _total(locked)
        locked.save(update_fields=["score"])
        quiz_grade_report(student=locked.student, quiz_id=locked.quiz_id)
        attempt.score = locked.score
        return answer


def _total(attempt: Attempt) -> float:
    """The attempt's score: each question's teacher override where there is one, else its graded score."""
    return round(attempt.answers.aggregate(s=Sum(Coalesce("override_score", "score")))["s"] or 0.0, 4)
