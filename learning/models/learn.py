"""Learn mode: adaptive practice sessions and their ungraded answers.

Why rows of their own rather than attempts on a hidden practice quiz: an Attempt is graded work that the
gradebook, quiz statistics, attempt limits, review options and LTI passback all read; a hidden quiz
would have to be excluded from each of them, and one missed exclusion grades practice. A LearnAnswer is
read by exactly one consumer outside Learn: the mastery rule (learning.selectors.progress.mastery_cells),
which counts it like a graded answer. Nothing else (gradebook, statistics, passback) knows it exists.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .documents import Difference, Document
from .quizzes import Question

__all__ = ["LearnSession", "LearnAnswer"]


class LearnSession(models.Model):
    class End(models.TextChoices):
        MASTERED = "mastered", "mastered"  # every difference it covers is mastered
        REPLACED = "replaced", "replaced"  # the student started another session on the document

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learn_sessions")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="learn_sessions")
    # A session on one difference (the dashboard's "weakest difference"); None: every difference.
    focus = models.ForeignKey(Difference, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The item shown now, so that coming back shows the same one: {"kind": "question", "id"} or
    # {"kind": "card", "id"}; {} when the next one is still to be chosen.
    current = models.JSONField(default=dict, blank=True)
    # {"turn": n, "asked": {question id: turn}, "missed": {question id: {"due": turn, "right": n}}}
    state = models.JSONField(default=dict, blank=True)
    answered = models.PositiveIntegerField(default=0)
    correct = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=10, choices=End.choices, blank=True, default="")

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "document"], condition=Q(ended_at__isnull=True), name="learn_session_one_open"
            )
        ]


class LearnAnswer(models.Model):
    """One answer in a Learn session: counts toward mastery, never graded."""

    session = models.ForeignKey(LearnSession, on_delete=models.CASCADE, related_name="answers")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learn_answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="learn_answers")
    difference = models.ForeignKey(Difference, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answer = models.JSONField(null=True)
    correct = models.BooleanField()
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["answered_at", "id"]
        indexes = [models.Index(fields=["student", "difference", "answered_at"])]
