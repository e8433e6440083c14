"""Attempts: start (questions drawn and shuffled per attempt), autosave, immediate checks, grading,
closing attempts whose time ran out, and a teacher's override of one question.

Grading happens here only, once per attempt: the attempt row is locked (select_for_update) and the
Answer table holds one row per (attempt, question), so a submit that arrives twice grades once.
An attempt whose time ran out is graded from its saved answers by whichever comes first: the
student's late submit, the student's next visit (attempts_close_overdue(student=...)), or the
periodic task learning.tasks.attempts_close_overdue.

Modules: `state` (conflicts, deadline, the row lock), `answers` (fit and score of one answer), `start`,
`autosave` (save and immediate check), `grading` (submit, overdue attempts, the LMS grade) and `overrides`.
"""

from .answers import MAX_CLOZE_LENGTH, SINGLE_CHOICE, answer_error, grade_answer, validated_responses
from .autosave import attempt_answer_check, attempt_answer_save
from .grading import attempt_close_overdue, attempt_submit, attempts_close_overdue, quiz_grade_report
from .overrides import MAX_OVERRIDE_COMMENT, answer_override
from .start import PRACTICE_QUESTIONS, attempt_start
from .state import (
    SUBMIT_GRACE,
    AttemptAlreadySubmitted,
    AttemptExpired,
    AttemptLimitReached,
    QuestionLocked,
    QuizClosed,
    QuizConflict,
    is_overdue,
    locked_attempt,
    locked_open_attempt,
)

# The names these had when attempts was one module (learning.services.learn and a lock test read them).
_answer_error = answer_error
_locked_attempt = locked_attempt

__all__ = [
    "MAX_CLOZE_LENGTH",
    "MAX_OVERRIDE_COMMENT",
    "PRACTICE_QUESTIONS",
    "SINGLE_CHOICE",
    "SUBMIT_GRACE",
    "AttemptAlreadySubmitted",
    "AttemptExpired",
    "AttemptLimitReached",
    "QuestionLocked",
    "QuizClosed",
    "QuizConflict",
    "answer_error",
    "answer_override",
    "attempt_answer_check",
    "attempt_answer_save",
    "attempt_close_overdue",
    "attempt_start",
    "attempt_submit",
    "attempts_close_overdue",
    "grade_answer",
    "locked_attempt",
    "locked_open_attempt",
    "is_overdue",
    "quiz_grade_report",
    "validated_responses",
]
