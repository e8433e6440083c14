"""Question bank, quizzes, attempts and graded answers."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .documents import Difference, Document, GlossaryTerm, Lesson

__all__ = ["Question", "Quiz", "Attempt", "Answer", "SavedAnswer"]


class Question(models.Model):
    class Type(models.TextChoices):
        WHICH_MODEL = "which_model", "which_model"
        TRUE_FALSE = "true_false", "true_false"
        MULTIPLE_CHOICE = "multiple_choice", "multiple_choice"
        MULTI_SELECT = "multi_select", "multi_select"
        MATCHING = "matching", "matching"
        COMPARATIVE = "comparative", "comparative"
        CLOZE = "cloze", "cloze"

    class Origin(models.TextChoices):
        GENERATED = "generated", "generated"
        TEACHER = "teacher", "teacher"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="questions")
    key = models.CharField(max_length=120, help_text="Stable id from the generator, or teacher-<n>.")
    type = models.CharField(max_length=20, choices=Type.choices)
    prompt = models.TextField()
    # [{"id": "c1", "text": "..."}]; for matching these are the models to match to.
    choices = models.JSONField(default=list, blank=True)
    # Matching only: the statements to place, [{"id": "s1", "text": "..."}].
    items = models.JSONField(default=list, blank=True)
    # The key, same shape as an answer. Never serialized before submission.
    answer = models.JSONField()
    explanation = models.TextField(blank=True)
    source = models.TextField(blank=True, help_text="The sentence of the document the question comes from.")
    # Why each wrong choice is wrong, from the generator: {choice id: {"kind", "text", "statement", "subject"}}
    # (learning.content.types.QuestionData.reasons). Shown with the right answers, never before. A teacher's
    # question has none; a teacher's edit of a choice drops that choice's reason.
    distractor_reasons = models.JSONField(default=dict, blank=True)
    difference = models.ForeignKey(
        Difference, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    term = models.ForeignKey(GlossaryTerm, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions")
    lesson = models.ForeignKey(Lesson, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions")
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.GENERATED)
    # A teacher's edit is kept over re-generation.
    edited = models.BooleanField(default=False)
    enabled = models.BooleanField(default=True)
    # Set when a re-import no longer generates the question (it is also disabled): attempts that hold it
    # still show it; new attempts never draw it. Cleared if a later import generates it again.
    retired_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["document", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["document", "key"], name="question_key_unique_per_document")]


class Quiz(models.Model):
    class Mode(models.TextChoices):
        FULL = "full", "full"
        PRACTICE = "practice", "practice"

    class Feedback(models.TextChoices):
        AFTER_SUBMIT = "after_submit", "after_submit"
        IMMEDIATE = "immediate", "immediate"

    class Review(models.TextChoices):
        """When a student sees one part of their attempt's review (Moodle's review options), in order.

        "after_due" waits for the due date of the assignment that gives the quiz to the student (or the
        quiz's close date); a quiz that is neither assigned to the student nor closes is practice, and
        shows it right after the attempt. See learning.selectors.quizzes.quiz_policy_for.
        """

        IMMEDIATELY = "immediately", "immediately"
        AFTER_LAST_ATTEMPT = "after_last_attempt", "after_last_attempt"
        AFTER_DUE = "after_due", "after_due"
        NEVER = "never", "never"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="quizzes")
    title = models.CharField(max_length=300)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.FULL)
    question_count = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Practice: questions drawn.")
    # None = the default: unlimited for practice, GRADED_ATTEMPTS when the quiz is assigned (graded work).
    attempts_allowed = models.PositiveSmallIntegerField(null=True, blank=True, default=None, help_text="0 = unlimited")
    # No attempt starts after it; "after the due date" review options also wait for it.
    closes_at = models.DateTimeField(null=True, blank=True)
    time_limit_seconds = models.PositiveIntegerField(null=True, blank=True)
    shuffle_questions = models.BooleanField(default=True)
    shuffle_choices = models.BooleanField(default=True)
    feedback = models.CharField(max_length=16, choices=Feedback.choices, default=Feedback.AFTER_SUBMIT)
    # The score (total and per question right or wrong); the right answers; explanations with their source.
    review_score = models.CharField(max_length=20, choices=Review.choices, default=Review.IMMEDIATELY)
    review_answers = models.CharField(max_length=20, choices=Review.choices, default=Review.AFTER_DUE)
    review_explanations = models.CharField(max_length=20, choices=Review.choices, default=Review.AFTER_DUE)
    published = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(time_limit_seconds__isnull=True)
                | Q(time_limit_seconds__gte=30, time_limit_seconds__lte=86400),
                name="quiz_time_limit_bounds",
            ),
            models.CheckConstraint(condition=Q(attempts_allowed__lte=100), name="quiz_attempts_allowed_bounds"),
        ]

    def __str__(self):
        return self.title


class Attempt(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField(default=1)
    # Ordered question ids as this attempt shows them, and per-question choice orders.
    question_ids = models.JSONField(default=list)
    choice_orders = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField()
    deadline_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    max_score = models.FloatField(null=True, blank=True)
    # Graded from its saved answers because its time ran out (not by the student's submit).
    auto_submitted = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["student", "quiz"]),
            # The sweep that grades overdue attempts reads only open, timed ones.
            models.Index(
                fields=["deadline_at"],
                condition=Q(submitted_at__isnull=True, deadline_at__isnull=False),
                name="attempt_open_deadline",
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["quiz", "student", "number"], name="attempt_number_unique")]


class Answer(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    answer = models.JSONField(null=True)
    correct = models.BooleanField()
    score = models.FloatField(default=0)
    answered_at = models.DateTimeField()
    # A teacher's override of this question's score (0..1), kept beside the computed `score`.
    override_score = models.FloatField(null=True, blank=True)
    override_comment = models.TextField(blank=True, default="")
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One graded answer per question per attempt: a double submit cannot grade twice.
            models.UniqueConstraint(fields=["attempt", "question"], name="answer_once_per_attempt"),
            models.CheckConstraint(
                condition=Q(override_score__isnull=True) | Q(override_score__gte=0, override_score__lte=1),
                name="answer_override_score_bounds",
            ),
        ]

    @property
    def final_score(self) -> float:
        return self.score if self.override_score is None else self.override_score


class SavedAnswer(models.Model):
    """An answer saved while the attempt is open (autosave): what the attempt is graded from."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="saved_answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    answer = models.JSONField(null=True)
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["attempt", "question"], name="saved_answer_once_per_question")]
