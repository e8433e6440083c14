"""Simulation runs, exercises and submissions (owned by the simulator work)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

__all__ = ["SimulationRun", "Exercise", "ExerciseSubmission"]


class SimulationRun(models.Model):
    """One simulation asked for by a user. Saved before it is dispatched, so an accepted run is never lost."""

    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "running"
        SUCCEEDED = "succeeded", "succeeded"
        FAILED = "failed", "failed"
        CANCELLED = "cancelled", "cancelled"

    FINISHED = (Status.SUCCEEDED, Status.FAILED, Status.CANCELLED)

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="simulation_runs")
    kind = models.CharField(max_length=40)
    params = models.JSONField(default=dict)
    seed = models.BigIntegerField(default=0)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(default=0.0)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    # [{"id", "title", "svg"}], drawn by the worker (matplotlib Agg).
    charts = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True, help_text="Last time the task was sent to the broker.")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    cancel_requested = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="simrun_owner_created"),
            models.Index(fields=["status", "dispatched_at"], name="simrun_status_dispatched"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__gte=0) & Q(progress__lte=1), name="simrun_progress_0_1"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED


class Exercise(models.Model):
    """Predict -> run -> explain, tied to the difference(s) of a document it demonstrates.

    `predictions` and `questions` are lists of question specs:
    {"key", "type": "number"|"choice", "prompt", "unit", "choices": [{"id", "text"}],
     "answer": {...how the expected value is read from the run's result...}, "tolerance": 0.1}
    The "answer" part is the key: it never leaves the server before a submission is graded.
    Texts (title, intro, prompt, choice text, observation label) are stored once: the seed's are English msgids,
    translated when shown (simulator.texts.exercise_text); one written in the admin is shown as written.
    """

    slug = models.SlugField(max_length=120, unique=True)
    document = models.ForeignKey(
        "learning.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="simulation_exercises"
    )
    lesson = models.ForeignKey(
        "learning.Lesson", null=True, blank=True, on_delete=models.SET_NULL, related_name="simulation_exercises"
    )
    difference_keys = models.JSONField(default=list, blank=True)
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True)
    kind = models.CharField(max_length=40)
    params = models.JSONField(default=dict)
    # Each attempt draws its own values: {"<param>": {"min", "max", "step"} | {"min", "max", "log": true} | [v, ...]}.
    param_ranges = models.JSONField(default=dict, blank=True)
    seed = models.BigIntegerField(default=1)
    predictions = models.JSONField(default=list, blank=True)
    questions = models.JSONField(default=list, blank=True)
    # What the student may read from the run before the explanations are in: [{"path", "label", "unit"}].
    # Everything else of the result (the model's values, charts, summary) waits until they are.
    observations = models.JSONField(default=list, blank=True)
    attempts_allowed = models.PositiveSmallIntegerField(
        null=True, blank=True, default=None, help_text="Graded attempts a student may make; empty or 0 = unlimited"
    )
    position = models.PositiveIntegerField(default=0)
    published = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(attempts_allowed__lte=100), name="exercise_attempts_allowed_bounds"),
        ]

    def __str__(self):
        return self.slug


class ExerciseSubmission(models.Model):
    """A student's go at an exercise: predictions first, then the run, then the explanations. Graded once."""

    class Status(models.TextChoices):
        RUNNING = "running", "running"  # the run is working (or answers are not in yet)
        GRADED = "graded", "graded"
        FAILED = "failed", "failed"  # the run failed or was cancelled: nothing to grade against

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exercise_submissions")
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="submissions")
    run = models.OneToOneField(SimulationRun, on_delete=models.PROTECT, related_name="submission")
    attempt = models.PositiveSmallIntegerField(default=1, help_text="1 for the student's first go at the exercise")
    predictions = models.JSONField(default=dict)
    answers = models.JSONField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    score = models.FloatField(null=True, blank=True)
    max_score = models.FloatField(null=True, blank=True)
    # Per question: {"key", "phase", "answer", "expected", "correct", "tolerance"}; filled when graded.
    results = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    graded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="graded", score__isnull=False, graded_at__isnull=False) | ~Q(status="graded"),
                name="exsub_graded_has_score",
            ),
            # Two starts at once cannot both become attempt n (each attempt has its own parameters).
            models.UniqueConstraint(fields=["student", "exercise", "attempt"], name="exsub_one_per_attempt"),
        ]
