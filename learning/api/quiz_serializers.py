"""API shapes of quizzes, attempts and statistics (explicit fields; answer keys only after grading)."""

from django.urls import reverse
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers

from learning.selectors.quizzes import (
    FULL_REVIEW,
    attempt_questions,
    attempt_results,
    saved_answers_of,
)


class StatementOut(serializers.Serializer):
    subject = serializers.CharField()
    text = serializers.CharField()


class DifferenceOut(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    kind = serializers.CharField()
    statements = StatementOut(many=True)
    source = serializers.CharField()
    aspect = serializers.CharField()
    lesson = serializers.IntegerField(source="lesson_id", allow_null=True)
    data = serializers.JSONField()


REVIEW_HELP = (
    "When the student sees it after an attempt: immediately, after_last_attempt, after_due (the due date of the"
    " assignment that gives the quiz to the student, or the quiz's close date; practice shows it at once), never."
)


REVIEW_CHOICES = ["immediately", "after_last_attempt", "after_due", "never"]


class QuizOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    document = serializers.CharField(source="document.slug")
    mode = serializers.CharField()
    question_count = serializers.SerializerMethodField()
    attempts_allowed = serializers.IntegerField(
        allow_null=True, help_text="0 = unlimited; null = the default (unlimited for practice, 2 when assigned)."
    )
    time_limit_seconds = serializers.IntegerField(allow_null=True)
    shuffle_questions = serializers.BooleanField()
    shuffle_choices = serializers.BooleanField()
    feedback = serializers.CharField()
    review_score = serializers.CharField(help_text=REVIEW_HELP)
    review_answers = serializers.CharField(help_text=REVIEW_HELP)
    review_explanations = serializers.CharField(help_text=REVIEW_HELP)
    closes_at = serializers.DateTimeField(allow_null=True)
    url = serializers.SerializerMethodField()

    def get_question_count(self, quiz) -> int:
        total = getattr(quiz, "question_total", 0)
        return min(quiz.question_count, total) if quiz.mode == "practice" and quiz.question_count else total

    def get_url(self, quiz) -> str:
        return reverse("quiz", args=[quiz.pk])


class ChoiceOut(serializers.Serializer):
    id = serializers.CharField()
    text = serializers.CharField()


class QuestionOut(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.CharField()
    prompt = serializers.CharField()
    choices = ChoiceOut(many=True)
    items = ChoiceOut(many=True, help_text="Matching only: the statements to match with the choices (models).")


class WhyWrongOut(serializers.Serializer):
    choice = serializers.CharField()
    kind = serializers.CharField(
        help_text="What the distractor was built from: subject_name, same_difference, other_difference, "
        "reversed_comparison, denied."
    )
    text = serializers.CharField()


class ResultOut(serializers.Serializer):
    """One graded question. What the quiz's review options do not show yet is null."""

    question = serializers.IntegerField()
    answer = serializers.JSONField(allow_null=True)
    correct = serializers.BooleanField(allow_null=True, help_text="null while the score is not shown.")
    score = serializers.FloatField(allow_null=True, help_text="0..1; a teacher's override when there is one.")
    computed_score = serializers.FloatField(allow_null=True, help_text="The graded score, before any override.")
    overridden = serializers.BooleanField()
    override_comment = serializers.CharField(allow_blank=True)
    expected = serializers.JSONField(allow_null=True, help_text="null until the right answers may be shown.")
    why_wrong = WhyWrongOut(
        many=True,
        allow_null=True,
        help_text="Why each wrong choice picked is wrong (what it was built from); null until the right answers "
        "may be shown.",
    )
    explanation = serializers.CharField(allow_null=True, help_text="null until explanations may be shown.")
    source = serializers.CharField(allow_null=True, help_text="null until explanations may be shown.")
    lesson = serializers.IntegerField(allow_null=True)


class SavedAnswerOut(serializers.Serializer):
    question = serializers.IntegerField()
    answer = serializers.JSONField(allow_null=True)


class AttemptOut(serializers.Serializer):
    id = serializers.IntegerField()
    quiz = serializers.IntegerField(source="quiz_id")
    number = serializers.IntegerField()
    started_at = serializers.DateTimeField()
    deadline_at = serializers.DateTimeField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    score = serializers.SerializerMethodField()
    max_score = serializers.SerializerMethodField()
    auto_submitted = serializers.BooleanField(help_text="Graded from its saved answers when its time ran out.")
    questions = serializers.SerializerMethodField()
    saved_answers = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()

    def _review(self, attempt):
        return self.context.get("review", FULL_REVIEW)

    def get_score(self, attempt) -> float | None:
        return attempt.score if self._review(attempt).score else None

    def get_max_score(self, attempt) -> float | None:
        return attempt.max_score

    def get_questions(self, attempt) -> list[dict]:
        return QuestionOut(attempt_questions(attempt), many=True).data

    @extend_schema_field(SavedAnswerOut(many=True, allow_null=True))
    def get_saved_answers(self, attempt) -> list[dict] | None:
        """Autosaved answers of an open attempt (a reopened tab shows them). The context's "created" (an
        attempt started just now) spares the read."""
        if attempt.submitted_at or self.context.get("created"):
            return None if attempt.submitted_at else []  # an attempt started just now has saved nothing
        saved = saved_answers_of(attempt)
        return [{"question": qid, "answer": saved[qid]} for qid in attempt.question_ids if qid in saved]

    @extend_schema_field(ResultOut(many=True, allow_null=True))
    def get_results(self, attempt) -> list[dict] | None:
        # Keys only once graded, and then as the quiz's review options allow.
        if not attempt.submitted_at:
            return None
        return ResultOut(attempt_results(attempt, self._review(attempt)), many=True).data


class ResponseIn(serializers.Serializer):
    question = serializers.IntegerField()
    answer = serializers.JSONField(allow_null=True, required=False)


class SubmitIn(serializers.Serializer):
    responses = ResponseIn(many=True, max_length=500)


Detail = inline_serializer("QuizDetailMessage", fields={"detail": serializers.CharField()})
NOT_FOUND = OpenApiResponse(Detail, description="Missing, or not yours.")
CONFLICT = OpenApiResponse(
    Detail, description="Already submitted, time limit passed, or no attempt left. Nothing changed."
)

SubmitOut = inline_serializer(
    "SubmitResult",
    fields={
        "score": serializers.FloatField(allow_null=True, help_text="null while the quiz does not show scores."),
        "max_score": serializers.FloatField(),
        "results": ResultOut(many=True),
        "late": serializers.BooleanField(
            help_text="The time limit had passed: graded from the answers saved before it (late responses ignored)."
        ),
    },
)


class AnswerIn(serializers.Serializer):
    answer = serializers.JSONField(allow_null=True, help_text="Same shape as in a submit; null clears it.")


AnswerSaved = inline_serializer(
    "SavedAnswer",
    fields={
        "question": serializers.IntegerField(),
        "answer": serializers.JSONField(allow_null=True),
        "saved_at": serializers.DateTimeField(),
    },
)


class OverrideIn(serializers.Serializer):
    score = serializers.FloatField(
        allow_null=True,
        min_value=0,
        max_value=1,
        help_text="The question's score, 0..1; null returns to the graded one.",
    )
    comment = serializers.CharField(allow_blank=True, required=False, default="", max_length=2000)


class QuizSettingsIn(serializers.Serializer):
    attempts_allowed = serializers.IntegerField(allow_null=True, min_value=0, max_value=100, required=False)
    time_limit_seconds = serializers.IntegerField(allow_null=True, min_value=30, max_value=86400, required=False)
    shuffle_questions = serializers.BooleanField(required=False)
    shuffle_choices = serializers.BooleanField(required=False)
    feedback = serializers.ChoiceField(choices=["after_submit", "immediate"], required=False)
    question_count = serializers.IntegerField(allow_null=True, min_value=1, max_value=100, required=False)
    published = serializers.BooleanField(required=False)
    review_score = serializers.ChoiceField(choices=REVIEW_CHOICES, required=False, help_text=REVIEW_HELP)
    review_answers = serializers.ChoiceField(choices=REVIEW_CHOICES, required=False, help_text=REVIEW_HELP)
    review_explanations = serializers.ChoiceField(choices=REVIEW_CHOICES, required=False, help_text=REVIEW_HELP)
    closes_at = serializers.DateTimeField(allow_null=True, required=False)


class ChoiceStatsOut(serializers.Serializer):
    id = serializers.CharField(help_text="The choice id (matching: <statement id>:<choice id>).")
    text = serializers.CharField()
    correct = serializers.BooleanField()
    picked = serializers.IntegerField(help_text="Answers that picked it.")
    percent = serializers.FloatField(help_text="Of the question's answers.")
    reason = serializers.CharField(allow_blank=True, help_text="What a distractor was built from, or empty.")


class QuestionStatsOut(serializers.Serializer):
    question = serializers.IntegerField()
    type = serializers.CharField()
    prompt = serializers.CharField()
    attempts = serializers.IntegerField()
    facility_index = serializers.FloatField(help_text="Mean score as % of the maximum (Moodle).")
    discrimination_index = serializers.FloatField(
        allow_null=True, help_text="100 x correlation with the rest of the test (Moodle)."
    )
    choices = ChoiceStatsOut(many=True, help_text="How often each choice was picked (empty for cloze).")


class StatisticsOut(serializers.Serializer):
    quiz = serializers.IntegerField()
    attempts = serializers.IntegerField()
    mean_score = serializers.FloatField(allow_null=True)
    questions = QuestionStatsOut(many=True)
