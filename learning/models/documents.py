"""Documents and what is built from them: lessons, glossary, differences."""

from django.conf import settings
from django.db import models

__all__ = ["Document", "Lesson", "GlossaryTerm", "Difference", "Statement", "LessonRead", "CurrentManager"]


class CurrentManager(models.Manager):
    """Rows the document still contains. A re-import retires what disappeared (`retired_at`) instead of
    deleting it, so students' reads, answers and card states keep their rows; retired rows are hidden
    from every ordinary query (`objects`, and related managers such as `document.lessons`) and reached
    through `all_objects` by the import itself. Forward foreign keys (a read's `lesson`) still load them.
    """

    def get_queryset(self):
        return super().get_queryset().filter(retired_at__isnull=True)


class Document(models.Model):
    class Language(models.TextChoices):
        VI = "vi", "Tiếng Việt"
        EN = "en", "English"

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=300)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.VI)
    source = models.TextField(help_text="The Markdown as uploaded, never altered.")
    source_sha256 = models.CharField(max_length=64)
    # The two subjects compared: [{"key": "a", "name": "...", "aliases": [...]}, {"key": "b", ...}]
    subjects = models.JSONField(default=list)
    published = models.BooleanField(default=True)
    # None: a site document (imported from the command line), which only staff change.
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    # The document this one was copied from ("use a copy"), kept for the teacher's information only.
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    # The uploaded file's name or the command line's path: a re-import of the same file finds the
    # document even when its title (and so the slug a new document would get) changed.
    source_name = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class Lesson(models.Model):
    """One top-level section of a document. `key` comes from the heading; a re-import that renames the
    heading still updates this row (matched by text similarity, learning.content.identity)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="lessons")
    key = models.SlugField(max_length=120)
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    markdown = models.TextField()
    html = models.TextField()
    reading_minutes = models.PositiveSmallIntegerField(default=1)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = CurrentManager()
    all_objects = models.Manager()  # noqa: DJ012 - the import also reaches retired rows

    class Meta:
        ordering = ["document", "position"]
        constraints = [models.UniqueConstraint(fields=["document", "key"], name="lesson_key_unique_per_document")]

    def __str__(self):
        return self.title


class GlossaryTerm(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="glossary")
    key = models.SlugField(max_length=120)
    term = models.CharField(max_length=200)
    definition = models.TextField()
    lesson = models.ForeignKey(Lesson, null=True, blank=True, on_delete=models.SET_NULL, related_name="terms")
    position = models.PositiveIntegerField(default=0)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = CurrentManager()
    all_objects = models.Manager()  # noqa: DJ012 - the import also reaches retired rows

    class Meta:
        ordering = ["document", "position"]
        constraints = [models.UniqueConstraint(fields=["document", "key"], name="term_key_unique_per_document")]

    def __str__(self):
        return self.term


class Difference(models.Model):
    class Kind(models.TextChoices):
        TWO_SIDED = "two_sided", "two_sided"
        COMPARATIVE = "comparative", "comparative"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="differences")
    key = models.SlugField(max_length=120)
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    source = models.TextField(help_text="The bullet as written in the document.")
    # The aspect as a question ("Where is the data stored in each model?"), for flashcards.
    aspect = models.CharField(max_length=300, blank=True)
    lesson = models.ForeignKey(Lesson, null=True, blank=True, on_delete=models.SET_NULL, related_name="differences")
    # Extra extraction output (e.g. comparative: {"winner": "a", "property": "đắt"}).
    data = models.JSONField(default=dict, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = CurrentManager()
    all_objects = models.Manager()  # noqa: DJ012 - the import also reaches retired rows

    class Meta:
        ordering = ["document", "position"]
        constraints = [models.UniqueConstraint(fields=["document", "key"], name="difference_key_unique_per_document")]

    def __str__(self):
        return self.source[:80]


class Statement(models.Model):
    difference = models.ForeignKey(Difference, on_delete=models.CASCADE, related_name="statements")
    subject = models.CharField(max_length=1, help_text="Key of the subject in Document.subjects ('a' or 'b').")
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["difference", "position"]


class LessonRead(models.Model):
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_reads")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="reads")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["student", "lesson"], name="lesson_read_once")]
