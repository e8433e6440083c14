"""Progress writes that any part of the service (including the simulator) reports through."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from learning.models import ExerciseResult, StudyDay, User


def _local_day(student: User, when: dt.datetime) -> dt.date:
    return when.astimezone(student.zone).date()


def activity_record(*, student: User, when: dt.datetime | None = None) -> None:
    """Note that the student studied today (their own day), for streaks. Call on every learning event."""
    when = when or timezone.now()
    # One INSERT ... ON CONFLICT DO NOTHING (study_day_unique): no read first, no savepoint.
    StudyDay.objects.bulk_create([StudyDay(student=student, day=_local_day(student, when))], ignore_conflicts=True)


@transaction.atomic
def exercise_result_record(
    *,
    student: User,
    exercise_id: int,
    title: str,
    score: float,
    max_score: float,
    document_id: int | None = None,
    difference_keys: list[str] | None = None,
    when: dt.datetime | None = None,
) -> ExerciseResult:
    """Record a graded simulation exercise (called by the simulator). Keeps the latest and the best score."""
    when = when or timezone.now()
    result, created = ExerciseResult.objects.select_for_update().get_or_create(
        student=student,
        exercise_id=exercise_id,
        defaults={
            "title": title,
            "score": score,
            "max_score": max_score,
            "best_score": score,
            "document_id": document_id,
            "difference_keys": difference_keys or [],
            "completed_at": when,
            "first_completed_at": when,
        },
    )
    if not created:
        result.title = title
        result.score = score
        result.max_score = max_score
        result.best_score = max(result.best_score, score)
        result.attempts += 1
        result.completed_at = when
        result.save(update_fields=["title", "score", "max_score", "best_score", "attempts", "completed_at"])
    activity_record(student=student, when=when)
    return result
