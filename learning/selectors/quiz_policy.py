"""The rules one student's attempts of a quiz follow now: the attempt limit, whether the quiz is graded work,
and which parts of a submitted attempt (score, answers, explanations) its review shows yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, Q, Subquery
from django.utils import timezone

from learning.models import Assignment, Attempt, Quiz, User

# Attempts of a quiz given as graded work when its settings keep the default (attempts_allowed is None).
# Two: one retry forgives a bad start, while trial and error over the choices (the score shows which
# questions were wrong) is not worth it. Canvas defaults graded quizzes to one attempt, Moodle teachers
# commonly allow one to three; with autosave a crash no longer costs an attempt.
GRADED_ATTEMPTS = 2


@dataclass(frozen=True)
class QuizPolicy:
    """The rules one student's attempts of one quiz follow now (attempt limit, review stages)."""

    graded: bool  # assigned to the student, or the quiz has a close date
    attempts_limit: int | None  # None: unlimited
    used: int  # attempts started
    open_attempt: bool
    reveal_at: dt.datetime | None  # the date "after the due date" waits for
    closed: bool  # "after the due date" reached

    @property
    def remaining(self) -> int | None:
        return None if self.attempts_limit is None else max(0, self.attempts_limit - self.used)

    @property
    def finished(self) -> bool:
        """No attempt left and none open: "after the last attempt" reached."""
        return self.attempts_limit is not None and self.used >= self.attempts_limit and not self.open_attempt

    def shows(self, when: str) -> bool:
        if when == Quiz.Review.IMMEDIATELY:
            return True
        if when == Quiz.Review.AFTER_LAST_ATTEMPT:
            return self.closed or self.finished
        if when == Quiz.Review.AFTER_DUE:
            return self.closed
        return False


@dataclass(frozen=True)
class Review:
    """Which parts of a submitted attempt its student may see now."""

    score: bool = True
    answers: bool = True
    explanations: bool = True


FULL_REVIEW = Review()


def assignment_policy_annotations(student_id, quiz_id) -> dict:
    """Annotations that give quiz_policy_for its assignment inputs inside another query (the attempt's
    locked read at submit): whether the quiz is assigned to one of the student's classes, the latest due
    date and whether any allows late work. `student_id`/`quiz_id`: values or OuterRef()s."""
    assigned = Assignment.objects.filter(
        target_type=Assignment.TargetType.QUIZ, target_id=quiz_id, classroom__memberships__student_id=student_id
    )
    return {
        "policy_due": Subquery(assigned.order_by("-due_at").values("due_at")[:1]),
        "policy_late": Exists(assigned.filter(late_allowed=True)),
    }


def quiz_policy_for(
    user: User,
    quiz: Quiz,
    now: dt.datetime | None = None,
    *,
    attempts: tuple[int, bool] | None = None,
    assigned: tuple[dt.datetime | None, bool] | None = None,
) -> QuizPolicy:
    """Attempt limit and review stage of `quiz` for student `user`. 2 queries, none when the caller
    already knows the student's `attempts` of the quiz as (started, one is open) and the `assigned`
    inputs as (latest due date or None, late work allowed) (assignment_policy_annotations).

    Graded work: the quiz is assigned to one of the student's classes, or it has a close date. Its
    "due date" is the latest of those dates. Before it, parts set to "after the due date" stay hidden;
    when late work is allowed they stay hidden while the student may still start an attempt (a late
    attempt after seeing the key would game the grade). A quiz that is not graded work is practice:
    nothing waits for a date.
    """
    now = now or timezone.now()
    if assigned is None:
        assigned = list(
            Assignment.objects.filter(
                target_type=Assignment.TargetType.QUIZ, target_id=quiz.pk, classroom__memberships__student_id=user.pk
            ).values_list("due_at", "late_allowed")
        )
    elif assigned[0] is None:
        assigned = []
    else:
        assigned = [assigned]  # the latest due date stands for all: only max(dates) and any(late) are read
    dates = [due for due, _ in assigned] + ([quiz.closes_at] if quiz.closes_at else [])
    graded = bool(dates)
    limit = quiz.attempts_allowed
    if limit is None:
        limit = GRADED_ATTEMPTS if graded else 0
    if attempts is None:
        stats = Attempt.objects.filter(quiz=quiz, student_id=user.pk).aggregate(
            used=Count("pk"), open=Count("pk", filter=Q(submitted_at__isnull=True))
        )
    else:
        stats = {"used": attempts[0], "open": attempts[1]}
    limit_or_none = limit or None
    reveal_at = max(dates) if dates else None
    late = any(late_allowed for _, late_allowed in assigned)
    may_start = limit_or_none is None or stats["used"] < limit_or_none
    closed = not graded or (now >= reveal_at and not (late and may_start) and not stats["open"])
    return QuizPolicy(
        graded=graded,
        attempts_limit=limit_or_none,
        used=stats["used"],
        open_attempt=bool(stats["open"]),
        reveal_at=reveal_at,
        closed=closed,
    )


def review_for(quiz: Quiz, policy: QuizPolicy) -> Review:
    return Review(
        score=policy.shows(quiz.review_score),
        answers=policy.shows(quiz.review_answers),
        explanations=policy.shows(quiz.review_explanations),
    )


def attempt_review_for(user: User, attempt: Attempt, *, attempts: tuple[int, bool] | None = None) -> Review:
    """What the attempt's own student may see of it now (a teacher sees everything: FULL_REVIEW).
    `attempts`: the student's (started, one is open) of the quiz when the caller knows them; an attempt
    read with assignment_policy_annotations brings the assignment inputs."""
    if attempt.student_id != user.pk:
        return FULL_REVIEW
    assigned = (attempt.policy_due, attempt.policy_late) if hasattr(attempt, "policy_due") else None
    return review_for(attempt.quiz, quiz_policy_for(user, attempt.quiz, attempts=attempts, assigned=assigned))


def quiz_summary_for(user: User, quiz: Quiz) -> dict:
    """Attempts used and left, and the best score with its maximum (None while scores are hidden). 3 queries."""
    return quiz_summaries_for(user, [quiz])[quiz.pk]


def quiz_summaries_for(user: User, quizzes: list[Quiz]) -> dict[int, dict]:
    """quiz_summary_for of each quiz, {quiz id: summary}, in 3 queries whatever the number of quizzes."""
    ids = [quiz.pk for quiz in quizzes]
    assigned: dict[int, tuple[dt.datetime | None, bool]] = {}
    for quiz_id, due, late in Assignment.objects.filter(
        target_type=Assignment.TargetType.QUIZ, target_id__in=ids, classroom__memberships__student_id=user.pk
    ).values_list("target_id", "due_at", "late_allowed"):
        latest, any_late = assigned.get(quiz_id, (None, False))
        assigned[quiz_id] = (due if latest is None or due > latest else latest, any_late or late)
    used: dict[int, list[int]] = {}
    best: dict[int, tuple] = {}
    rows = Attempt.objects.filter(quiz_id__in=ids, student_id=user.pk).values_list(
        "quiz_id", "submitted_at", "score", "max_score"
    )
    for quiz_id, submitted_at, score, max_score in rows.order_by("quiz_id", "-score", "number"):
        counts = used.setdefault(quiz_id, [0, 0])
        counts[0] += 1
        counts[1] += submitted_at is None
        if submitted_at is not None and quiz_id not in best:  # highest score, then the earliest attempt
            best[quiz_id] = (score, max_score)
    summaries = {}
    for quiz in quizzes:
        counts = used.get(quiz.pk, [0, 0])
        policy = quiz_policy_for(
            user, quiz, attempts=(counts[0], bool(counts[1])), assigned=assigned.get(quiz.pk, (None, False))
        )
        score, max_score = best.get(quiz.pk, (None, None)) if policy.shows(quiz.review_score) else (None, None)
        summaries[quiz.pk] = {
            "used": policy.used,
            "best": score,
            "best_max": max_score,
            "remaining": policy.remaining,
            "policy": policy,
        }
    return summaries
