"""What every write on an attempt shares: the conflicts it raises (HTTP 409), the deadline with its grace, and
the row lock that makes grading happen once.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef

from learning.models import Attempt, LtiGradeLink, User
from learning.selectors.quizzes import assignment_policy_annotations

# Network latency between the last second of the timer and the request reaching us.
SUBMIT_GRACE = dt.timedelta(seconds=10)


class QuizConflict(Exception):
    """The request is well formed but the attempt's state refuses it (HTTP 409)."""


class AttemptAlreadySubmitted(QuizConflict):
    pass


class AttemptExpired(QuizConflict):
    pass


class AttemptLimitReached(QuizConflict):
    pass


class QuizClosed(QuizConflict):
    pass


class QuestionLocked(QuizConflict):
    pass


def is_overdue(attempt: Attempt, now: dt.datetime) -> bool:
    return attempt.deadline_at is not None and now > attempt.deadline_at + SUBMIT_GRACE


def locked_attempt(attempt_id: int, student: User | None) -> Attempt:
    # Lock the attempt row only: a plain FOR UPDATE over the join would also lock the quiz row, and every
    # student saving an answer of the same quiz would wait on one another.
    rows = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("quiz", "quiz__document")
        .defer("quiz__document__source")
    )
    if student is None:
        return rows.get(pk=attempt_id)
    # The student's own: the same read brings what the review policy and the LMS grade need (no more queries).
    return rows.annotate(
        **assignment_policy_annotations(OuterRef("student_id"), OuterRef("quiz_id")),
        lti_graded=Exists(
            LtiGradeLink.objects.filter(
                user_id=OuterRef("student_id"),
                target_type="quiz",
                target_id=OuterRef("quiz_id"),
                resource_link__lineitem_url__gt="",
            )
        ),
    ).get(pk=attempt_id, student=student)


def locked_open_attempt(attempt_id: int, student: User, now: dt.datetime) -> Attempt:
    attempt = locked_attempt(attempt_id, student)
    if attempt.submitted_at is not None:
        raise AttemptAlreadySubmitted("This attempt has already been submitted.")
    if is_overdue(attempt, now):
        raise AttemptExpired("The time limit of this attempt has passed.")
    return attempt
