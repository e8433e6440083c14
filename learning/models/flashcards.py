"""Flashcards, each student's FSRS scheduling state, and the review log."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .documents import CurrentManager, Difference, Document, GlossaryTerm, Lesson

__all__ = ["Flashcard", "CardState", "ReviewLog"]


class Flashcard(models.Model):
    class Kind(models.TextChoices):
        TERM = "term", "term"
        TERM_REVERSE = "term_reverse", "term_reverse"
        DIFFERENCE = "difference", "difference"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="flashcards")
    key = models.CharField(max_length=120)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    front = models.TextField()
    back = models.TextField()
    source = models.TextField(blank=True)
    difference = models.ForeignKey(Difference, null=True, blank=True, on_delete=models.SET_NULL, related_name="cards")
    term = models.ForeignKey(GlossaryTerm, null=True, blank=True, on_delete=models.SET_NULL, related_name="cards")
    lesson = models.ForeignKey(Lesson, null=True, blank=True, on_delete=models.SET_NULL, related_name="cards")
    position = models.PositiveIntegerField(default=0)
    # Set when a re-import no longer generates the card: hidden from reviews, its states and log kept.
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = CurrentManager()
    all_objects = models.Manager()  # noqa: DJ012 - the import also reaches retired rows

    class Meta:
        ordering = ["document", "position"]
        constraints = [models.UniqueConstraint(fields=["document", "key"], name="card_key_unique_per_document")]


class CardState(models.Model):
    """One student's FSRS state for one card. A card never reviewed has no row (it is "new")."""

    class State(models.TextChoices):
        NEW = "new", "new"
        LEARNING = "learning", "learning"
        REVIEW = "review", "review"
        RELEARNING = "relearning", "relearning"

    card = models.ForeignKey(Flashcard, on_delete=models.CASCADE, related_name="states")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="card_states")
    state = models.CharField(max_length=12, choices=State.choices, default=State.NEW)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField()
    last_review = models.DateTimeField(null=True, blank=True)
    reps = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["student", "due"])]
        constraints = [models.UniqueConstraint(fields=["card", "student"], name="card_state_unique")]


class ReviewLog(models.Model):
    class Rating(models.IntegerChoices):
        AGAIN = 1, "again"
        HARD = 2, "hard"
        GOOD = 3, "good"
        EASY = 4, "easy"

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews")
    card = models.ForeignKey(Flashcard, on_delete=models.CASCADE, related_name="reviews")
    review_id = models.UUIDField(null=True, blank=True, help_text="Client id: the same id is applied once.")
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    reviewed_at = models.DateTimeField()
    elapsed_days = models.FloatField(default=0)
    state_before = models.CharField(max_length=12)
    state_after = models.CharField(max_length=12)
    due_before = models.DateTimeField(null=True, blank=True)
    due_after = models.DateTimeField()
    stability_after = models.FloatField(null=True, blank=True)
    difficulty_after = models.FloatField(null=True, blank=True)
    # The whole CardState before this review, so the last rating can be undone exactly.
    snapshot_before = models.JSONField(null=True, blank=True)
    undone = models.BooleanField(default=False)

    class Meta:
        ordering = ["-reviewed_at"]
        indexes = [models.Index(fields=["student", "reviewed_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "review_id"], condition=Q(review_id__isnull=False), name="review_id_once_per_student"
            ),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=4), name="review_rating_bounds"),
        ]
