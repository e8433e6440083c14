"""Classes, their students, and the work assigned to them."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .documents import Document

__all__ = ["Classroom", "Membership", "Assignment", "AssignmentGrade"]


class Classroom(models.Model):
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="classes_taught")
    name = models.CharField(max_length=200)
    join_code = models.CharField(max_length=12, unique=True)
    join_enabled = models.BooleanField(default=True)
    students = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="classes_joined", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="memberships")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["classroom", "student"], name="membership_unique")]


class Assignment(models.Model):
    class TargetType(models.TextChoices):
        LESSON = "lesson", "lesson"
        QUIZ = "quiz", "quiz"
        EXERCISE = "exercise", "exercise"
        FLASHCARDS = "flashcards", "flashcards"

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="assignments")
    target_type = models.CharField(max_length=12, choices=TargetType.choices)
    # Lesson, Quiz or simulator Exercise id; for flashcards, the Document id of the deck.
    target_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)
    # The page a student opens (from learning.services.targets), kept so lists need no resolver call per row.
    target_url = models.CharField(max_length=300, blank=True, default="")
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments")
    goal_cards = models.PositiveIntegerField(null=True, blank=True, help_text="Flashcards: cards to have learned.")
    starts_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField()
    late_allowed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["classroom", "due_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(starts_at__lt=models.F("due_at")),
                name="assignment_starts_before_due",
            ),
            models.CheckConstraint(
                condition=Q(goal_cards__isnull=True) | Q(goal_cards__gte=1, goal_cards__lte=10000),
                name="assignment_goal_cards_bounds",
            ),
        ]

    def __str__(self):
        return self.title


class AssignmentGrade(models.Model):
    """A teacher's comment and grade override on one gradebook cell, kept beside the computed grade."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="grades")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignment_grades")
    # Percent, 0..100; null keeps the computed grade.
    grade_override = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    comment = models.TextField(max_length=2000, blank=True, default="")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "student"], name="assignment_grade_unique"),
            models.CheckConstraint(
                condition=Q(grade_override__isnull=True) | Q(grade_override__gte=0, grade_override__lte=100),
                name="assignment_grade_override_bounds",
            ),
        ]
