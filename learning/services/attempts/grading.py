"""Grading, once per attempt, inside the attempt's row lock: the student's submit, and the attempts whose time ran
out (graded from their saved answers at the deadline); the best grade goes to the LMS when the student came
from one."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import BooleanField, FloatField, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from learning.models import Answer, Attempt, LtiGradeLink, Question, Quiz, SavedAnswer, User
from learning.selectors.quizzes import attempt_bank
from learning.services.grades import grade_report
from learning.services.progress import activity_record

from .answers import answer_error, grade_answer, validated_responses
from .state import SUBMIT_GRACE, AttemptAlreadySubmitted, is_overdue, locked_attempt


def quiz_grade_report(*, student: User, quiz_id: int, lti_graded: bool | None = None) -> None:
    """Send the LMS the grade the gradebook shows: the best submitted attempt (with teachers' overrides).
    One query for a student who never came from an LMS line item, none when the caller knows (`lti_graded`)."""
    if lti_graded is None:
        lti_graded = LtiGradeLink.objects.filter(
            user=student, target_type="quiz", target_id=quiz_id, resource_link__lineitem_url__gt=""
        ).exists()
    if not lti_graded:
        return
    best = (
        Attempt.objects.filter(student=student, quiz_id=quiz_id, submitted_at__isnull=False)
        .order_by("-score", "number")
        .first()
    )
    if best is not None:
        grade_report(student=student, target_type="quiz", target_id=quiz_id, score=best.score, max_score=best.max_score)


def _grade(
    attempt: Attempt,
    questions: dict[int, Question],
    answers: dict[int, object],
    *,
    when: dt.datetime,
    auto: bool,
    done: dict[int, float] | None = None,
) -> list[Answer]:
    """Grade every question not yet graded (`done`: {question id: score} checked one by one) from `answers`,
    once, on `attempt` itself. Inside the lock. Returns the new Answer rows (without the checked ones)."""
    if done is None:
        done = dict(attempt.answers.values_list("question_id", Coalesce("override_score", "score")))
    new = []
    for qid in attempt.question_ids:
        if qid in done or qid not in questions:
            continue
        score = grade_answer(questions[qid], answers.get(qid))
        new.append(
            Answer(
                attempt=attempt,
                question_id=qid,
                answer=answers.get(qid),
                correct=score == 1.0,
                score=score,
                answered_at=when,
            )
        )
    Answer.objects.bulk_create(new)
    # Nothing is overridden before grading: the total is the sum of what was just graded and checked.
    attempt.score = round(sum(a.score for a in new) + sum(done.values()), 4)
    attempt.max_score = float(len(attempt.question_ids))
    attempt.submitted_at = when
    attempt.auto_submitted = auto
    attempt.save(update_fields=["score", "max_score", "submitted_at", "auto_submitted"])
    quiz_grade_report(student=attempt.student, quiz_id=attempt.quiz_id, lti_graded=getattr(attempt, "lti_graded", None))
    activity_record(student=attempt.student, when=when)
    return new


def _saved(attempt: Attempt, questions: dict[int, Question]) -> dict[int, object]:
    """Saved answers still valid for their question (a question edited since may no longer fit)."""
    saved = dict(SavedAnswer.objects.filter(attempt=attempt).values_list("question_id", "answer"))
    return {qid: a for qid, a in saved.items() if qid in questions and answer_error(questions[qid], a) is None}


def _checked_and_saved(attempt: Attempt, questions: dict[int, Question]) -> tuple[dict[int, float], dict[int, object]]:
    """In one query: the scores of the questions already checked (immediate feedback) and the saved answers
    still valid for their question."""
    checked = Answer.objects.filter(attempt=attempt).values_list(
        "question_id", "answer", "score", Value(True, output_field=BooleanField())
    )
    saved = SavedAnswer.objects.filter(attempt=attempt).values_list(
        "question_id", "answer", Value(None, output_field=FloatField()), Value(False, output_field=BooleanField())
    )
    done, kept = {}, {}
    for qid, answer, score, is_checked in checked.union(saved, all=True):
        if is_checked:
            done[qid] = score
        elif qid in questions and answer_error(questions[qid], answer) is None:
            kept[qid] = answer
    return done, kept


def _close_overdue(attempt: Attempt) -> list[Answer]:
    """Grade an attempt whose time ran out from its saved answers; submitted at its deadline. Returns the
    Answer rows graded."""
    questions = {q.pk: q for q in Question.objects.filter(pk__in=attempt.question_ids)}
    return _grade(attempt, questions, _saved(attempt, questions), when=attempt.deadline_at, auto=True)


class Submitted(NamedTuple):
    """What attempt_submit did: the graded attempt; `late` when its time had run out (graded from what was
    saved before the deadline); `answers`, the Answer rows this call graded (not the ones checked one by one
    with immediate feedback), None when the attempt had already been closed."""

    attempt: Attempt
    late: bool
    answers: list[Answer] | None


def attempt_submit(*, attempt_id: int, student: User, responses, now: dt.datetime | None = None) -> Submitted:
    """Grade the attempt exactly once. Raises Attempt.DoesNotExist for another student's attempt (-> 404).

    `responses` override the saved answers; a question without a response is graded from its saved
    answer. A submit after the time limit (and its grace) is not refused: the attempt is graded from
    what was saved before the deadline (the late responses do not count) and returned, like one the
    periodic task already closed. `late` says so.
    """
    now = now or timezone.now()
    try:
        with transaction.atomic():
            attempt = locked_attempt(attempt_id, student)
            if attempt.submitted_at is not None:
                if attempt.auto_submitted:
                    return Submitted(attempt, late=True, answers=None)
                raise AttemptAlreadySubmitted("This attempt has already been submitted.")
            if is_overdue(attempt, now):
                return Submitted(attempt, late=True, answers=_close_overdue(attempt))
            questions = attempt_bank(attempt)
            answers = validated_responses(responses, attempt, questions)
            done, saved = _checked_and_saved(attempt, questions)
            if set(done) & set(answers):
                raise ValidationError({"responses": ["A question already checked (immediate feedback) is locked."]})
            attempt.student = student
            graded = _grade(attempt, questions, {**saved, **answers}, when=now, auto=False, done=done)
            return Submitted(attempt, late=False, answers=graded)
    except IntegrityError:
        # The Answer constraint caught a concurrent submit that the row lock did not serialise (SQLite).
        raise AttemptAlreadySubmitted("This attempt has already been submitted.")


def attempt_close_overdue(*, attempt_id: int, now: dt.datetime | None = None) -> bool:
    """Grade one attempt from its saved answers if its time ran out and it is still open. Idempotent:
    True only for the call that graded it."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = locked_attempt(attempt_id, None)
        if attempt.submitted_at is not None or not is_overdue(attempt, now):
            return False
        _close_overdue(attempt)
        return True


def attempts_close_overdue(
    *, student: User | None = None, quiz: Quiz | None = None, now: dt.datetime | None = None, limit: int = 500
) -> int:
    """Grade open attempts whose time ran out (one student's on their visit, or everyone's from the
    periodic task); each in its own transaction so one failure does not hold back the rest."""
    now = now or timezone.now()
    overdue = Attempt.objects.filter(
        submitted_at__isnull=True, deadline_at__isnull=False, deadline_at__lt=now - SUBMIT_GRACE
    )
    if student is not None:
        overdue = overdue.filter(student=student)
    if quiz is not None:
        overdue = overdue.filter(quiz=quiz)
    closed = 0
    for attempt_id in overdue.order_by("deadline_at").values_list("pk", flat=True)[:limit]:
        try:
            closed += attempt_close_overdue(attempt_id=attempt_id, now=now)
        except IntegrityError:
            continue  # graded concurrently by the student's own submit
    return closed
