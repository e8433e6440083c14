"""Starting an attempt: the open one is resumed, else the questions are drawn and shuffled for this attempt only,
within the quiz's attempt limit and close date."""

from __future__ import annotations

import datetime as dt
import random

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from learning.models import Attempt, Quiz, User
from learning.selectors.quizzes import question_bank, quiz_policy_for

from .grading import attempts_close_overdue
from .state import SUBMIT_GRACE, AttemptLimitReached, QuizClosed, QuizConflict

PRACTICE_QUESTIONS = 10


def attempt_start(*, quiz: Quiz, student: User, now: dt.datetime | None = None) -> tuple[Attempt, bool]:
    """Start (or resume the open) attempt: questions drawn and shuffled for this attempt only.
    Returns (attempt, created), as get_or_create does: created is False when the open attempt was resumed."""
    if not student.is_student:
        raise PermissionDenied("Only students take quizzes.")
    now = now or timezone.now()
    for _ in range(3):  # two starts at once: the loser retries with the next number
        try:
            return _attempt_start(quiz, student, now)
        except IntegrityError:
            continue
    raise QuizConflict("Another attempt is being started; try again.")


def _attempts_seen(quiz: Quiz, student: User, now: dt.datetime) -> list:
    """(pk, number, started_at, open) of the student's attempts of the quiz, newest first, after closing
    the ones whose time ran out (the student's next visit closes them). One query when none has."""
    attempts = Attempt.objects.filter(quiz=quiz, student=student).order_by("-started_at")
    fields = ("pk", "number", "started_at", "submitted_at", "deadline_at")
    rows = list(attempts.values_list(*fields))
    if any(sub is None and deadline is not None and deadline + SUBMIT_GRACE < now for *_, sub, deadline in rows):
        attempts_close_overdue(student=student, quiz=quiz, now=now)
        rows = list(attempts.values_list(*fields))
    return [(pk, number, started, sub is None) for pk, number, started, sub, _deadline in rows]


def _attempt_start(quiz: Quiz, student: User, now: dt.datetime) -> tuple[Attempt, bool]:
    """One read of the student's attempts gives the open one, the number used and the next number; the
    question bank comes from the cache (question_bank). 3 queries and the insert for a new attempt."""
    seen = _attempts_seen(quiz, student, now)
    current = next((pk for pk, _n, _s, is_open in seen if is_open), None)
    if current is not None:
        attempt = Attempt.objects.get(pk=current)
        attempt.quiz = quiz
        return attempt, False
    if quiz.closes_at is not None and now >= quiz.closes_at:
        raise QuizClosed("This quiz is closed.")
    policy = quiz_policy_for(student, quiz, now, attempts=(len(seen), False))
    if policy.attempts_limit is not None and policy.used >= policy.attempts_limit:
        raise AttemptLimitReached("You have used every attempt this quiz allows.")
    questions = [q for q in question_bank(quiz.document).values() if q.enabled]
    if not questions:
        raise ValidationError({"quiz": ["This quiz has no questions yet."]})
    rng = random.SystemRandom()
    if quiz.mode == Quiz.Mode.PRACTICE:
        questions = rng.sample(questions, min(quiz.question_count or PRACTICE_QUESTIONS, len(questions)))
        questions.sort(key=lambda q: (q.position, q.pk))
    if quiz.shuffle_questions:
        rng.shuffle(questions)
    orders = {}
    if quiz.shuffle_choices:
        for q in questions:
            choices = [c["id"] for c in q.choices]
            items = [i["id"] for i in q.items]
            # Model choices (a/b) keep their order: shuffling two names only confuses.
            if q.type in ("multiple_choice", "multi_select"):
                rng.shuffle(choices)
            rng.shuffle(items)
            orders[str(q.pk)] = {"choices": choices, "items": items}
    attempt = Attempt(
        quiz=quiz,
        student=student,
        number=max((number for _pk, number, _s, _o in seen), default=0) + 1,
        question_ids=[q.pk for q in questions],
        choice_orders=orders,
        started_at=now,
        deadline_at=now + dt.timedelta(seconds=quiz.time_limit_seconds) if quiz.time_limit_seconds else None,
    )
    # A single INSERT: inside a caller's transaction it needs its savepoint (a duplicate number must not
    # break the caller's transaction); on its own (autocommit, as a request is) it needs no BEGIN/COMMIT.
    if connection.in_atomic_block:
        with transaction.atomic():
            attempt.save(force_insert=True)
    else:
        attempt.save(force_insert=True)
    return attempt, True
