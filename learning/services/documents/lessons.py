"""A student reading a lesson."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from learning.models import Lesson, LessonRead, User
from learning.services.progress import activity_record


def lesson_mark_read(*, student: User, lesson: Lesson) -> tuple[LessonRead, bool]:
    """Record that the student read the lesson (once; again is a no-op) and count the day for streaks."""
    with transaction.atomic():
        read, created = LessonRead.objects.get_or_create(
            student=student, lesson=lesson, defaults={"read_at": timezone.now()}
        )
        activity_record(student=student)
    return read, created
