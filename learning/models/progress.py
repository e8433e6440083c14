"""Learning events recorded for progress that other parts of the service report."""

from django.conf import settings
from django.db import models

__all__ = ["ExerciseResult", "StudyDay"]


class ExerciseResult(models.Model):
    """A simulation exercise's grade, reported by the simulator through learning.services.progress."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exercise_results")
    exercise_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)
    document = models.ForeignKey("learning.Document", null=True, blank=True, on_delete=models.SET_NULL)
    # Keys of the differences the exercise demonstrates (for mastery).
    difference_keys = models.JSONField(default=list, blank=True)
    score = models.FloatField()
    max_score = models.FloatField()
    best_score = models.FloatField()
    attempts = models.PositiveIntegerField(default=1)
    completed_at = models.DateTimeField()
    # When the exercise was first completed: an assignment's on-time status is judged on it.
    first_completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["student", "exercise_id"], name="exercise_result_unique")]


class StudyDay(models.Model):
    """A day (in the student's own time zone) on which the student studied; streaks count these."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_days")
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["student", "day"], name="study_day_unique")]
