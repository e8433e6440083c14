"""Accounts: one user model with a role (teacher or student)."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["User"]


class User(AbstractUser):
    class Role(models.TextChoices):
        TEACHER = "teacher", _("Teacher")
        STUDENT = "student", _("Student")

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.STUDENT)
    # The student's own day boundary for flashcards and streaks.
    time_zone = models.CharField(max_length=64, default="Asia/Ho_Chi_Minh")
    desired_retention = models.FloatField(default=0.9)
    new_cards_per_day = models.PositiveSmallIntegerField(default=20)
    # Set when a teacher hands out a one-time password: the next sign-in asks for the student's own.
    must_change_password = models.BooleanField(default=False)
    # The daily email of what is due (opt-out per student), and the local day it was last sent (idempotency).
    email_digest = models.BooleanField(default=True)
    digest_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(desired_retention__gte=0.7) & Q(desired_retention__lte=0.97),
                name="user_desired_retention_bounds",
            ),
            models.CheckConstraint(condition=Q(new_cards_per_day__lte=500), name="user_new_cards_per_day_bounds"),
        ]

    @property
    def is_teacher(self) -> bool:
        return self.role == self.Role.TEACHER

    @property
    def is_student(self) -> bool:
        return self.role == self.Role.STUDENT

    @property
    def zone(self) -> ZoneInfo:
        """The user's own time zone (day boundaries, due dates); UTC when the stored name is not a zone."""
        try:
            return ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # a bad stored name must not break a page or a task
            return ZoneInfo("UTC")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
