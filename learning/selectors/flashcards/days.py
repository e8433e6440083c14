"""The student's day: today and its bounds at midnight of their own time zone, for daily limits and burying."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from learning.models import User
from learning.services.flashcards import utc


def student_zone(student: User) -> ZoneInfo:
    return student.zone


def student_today(student: User, now: dt.datetime | None = None) -> dt.date:
    return (now or timezone.now()).astimezone(student_zone(student)).date()


def student_day_bounds(student: User, now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of the student's current day, at midnight of their own time zone, in UTC."""
    zone = student_zone(student)
    day = student_today(student, now)
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return utc(start), utc(end)
