"""A teacher's adjustments to a document's import, kept per document and applied on every re-import."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .documents import Document

__all__ = ["SourceCorrection", "ExtractionOverride"]


class SourceCorrection(models.Model):
    """A passage of the Markdown as written and what it should say (the author's typo). The uploaded
    source stays as it was; the import reads the corrected text (learning.content.adjust)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="corrections")
    original = models.TextField()
    corrected = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "id"]  # applied in the order they were made
        constraints = [
            models.UniqueConstraint(fields=["document", "original"], name="source_correction_once_per_passage")
        ]

    def __str__(self):
        return f"{self.original[:40]} → {self.corrected[:40]}"


class ExtractionOverride(models.Model):
    """The teacher's word over the extraction: a difference dropped, or a statement given to another subject.
    The difference is named by its bullet or table row as written (after corrections)."""

    class Action(models.TextChoices):
        DROP = "drop", "drop"
        SUBJECT = "subject", "subject"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="extraction_overrides")
    source = models.TextField()
    action = models.CharField(max_length=10, choices=Action.choices)
    statement = models.PositiveSmallIntegerField(null=True, blank=True)
    subject = models.CharField(max_length=1, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action="drop") | Q(action="subject", statement__isnull=False),
                name="extraction_override_subject_names_a_statement",
            )
        ]
