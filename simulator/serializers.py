"""API shapes of the simulator (explicit fields; answer keys only after grading)."""

from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from simulator.engine import KINDS
from simulator.models import Exercise, ExerciseSubmission, SimulationRun
from simulator.presenters import result_for_api
from simulator.selectors import (
    exercise_next_attempt,
    exercise_progress_status,
    public_question,
    run_observations,
    submission_results,
)
from simulator.services.runs import MAX_SEED
from simulator.texts import exercise_text
from simulator.units import number


class ParamOut(serializers.Serializer):
    name = serializers.CharField()
    unit = serializers.CharField()
    default = serializers.FloatField()
    min = serializers.FloatField()
    max = serializers.FloatField()
    type = serializers.CharField()
    label = serializers.CharField()
    help = serializers.CharField()


class PresetOut(serializers.Serializer):
    slug = serializers.CharField()
    label = serializers.CharField()
    params = serializers.DictField(child=serializers.FloatField(), help_text="Parameter name -> value (SI units)")


class KindOut(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    params = ParamOut(many=True)
    presets = PresetOut(many=True, help_text="Named starting points (the textbook problem, ...)")


def _seed_message() -> str:
    return _("The seed must be a whole number between 0 and %(max)s.") % {"max": number(MAX_SEED, 10)}


# Translated when shown (DRF formats it with str.format: it has no braces).
_SEED_MESSAGE = lazy(_seed_message, str)()


class RunIn(serializers.Serializer):
    # The params' names, types and bounds are the engine's schema, checked in services.run_create (each bad
    # parameter is named there); the shapes are checked here.
    kind = serializers.CharField(max_length=64, help_text="One of GET /api/v1/simulations/kinds/")
    params = serializers.DictField(help_text="Parameter name -> number, in SI base units (bit, bit/s, s)")
    seed = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=MAX_SEED,
        error_messages={"min_value": _SEED_MESSAGE, "max_value": _SEED_MESSAGE},
        help_text="Optional; the same seed gives the same result",
    )

    def validate_kind(self, kind: str) -> str:
        if kind not in KINDS:
            raise serializers.ValidationError(
                _("Unknown simulation kind; one of: %(kinds)s.") % {"kinds": ", ".join(sorted(KINDS))}
            )
        return kind


STATUS_MESSAGES = {
    "queued": gettext_lazy("waiting for a worker"),
    "running": gettext_lazy("running"),
    "succeeded": gettext_lazy("done"),
    "failed": gettext_lazy("failed"),
    "cancelled": gettext_lazy("cancelled"),
}


class RunOut(serializers.ModelSerializer):
    status_message = serializers.SerializerMethodField()
    chart_urls = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField(
        help_text="The run's numbers; `summary` and the charts' texts in the request's language. For an exercise's "
        'run whose explanations are not in yet: {"withheld": true, "observations": [...]} only.'
    )

    class Meta:
        model = SimulationRun
        fields = [
            "id",
            "kind",
            "params",
            "seed",
            "status",
            "status_message",
            "progress",
            "result",
            "error",
            "chart_urls",
            "attempts",
            "created_at",
            "started_at",
            "finished_at",
        ]

    def get_status_message(self, run) -> str:
        return str(STATUS_MESSAGES[run.status])

    @staticmethod
    def _waiting_submission(run) -> ExerciseSubmission | None:
        """The exercise submission of this run while its explanations are not in (None otherwise)."""
        try:
            submission = run.submission
        except ExerciseSubmission.DoesNotExist:
            return None
        return submission if submission.answers is None else None

    def get_result(self, run) -> dict | None:
        # An exercise's run shows only its observations until the explanations are in: the rest is the key.
        waiting = self._waiting_submission(run)
        if waiting is not None and run.result is not None:
            return {"withheld": True, "observations": run_observations(waiting.exercise, run.result)}
        return result_for_api(run)

    def get_chart_urls(self, run) -> list[str]:
        if run.status != SimulationRun.Status.SUCCEEDED or not run.result or self._waiting_submission(run):
            return []
        return [
            reverse("simulator:run-chart", args=[run.pk, c.get("id", f"chart{i}")])
            for i, c in enumerate(run.result.get("charts", []))
        ]


class RunListOut(RunOut):
    class Meta(RunOut.Meta):
        fields = ["id", "kind", "params", "seed", "status", "status_message", "progress", "created_at", "finished_at"]


class QuestionOut(serializers.Serializer):
    key = serializers.CharField()
    type = serializers.CharField()
    prompt = serializers.CharField()
    unit = serializers.CharField()
    tolerance = serializers.FloatField(required=False)
    choices = serializers.ListField(child=serializers.DictField(), required=False)


class ExerciseOut(serializers.ModelSerializer):
    title = serializers.SerializerMethodField()
    intro = serializers.SerializerMethodField()
    document = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    predictions = serializers.SerializerMethodField()
    questions = serializers.SerializerMethodField()
    my_status = serializers.SerializerMethodField(help_text="not_started, in_progress or graded (for the reader)")
    my_best_score = serializers.FloatField(source="my_best", read_only=True, allow_null=True, default=None)
    my_max_score = serializers.FloatField(source="my_max", read_only=True, allow_null=True, default=None)
    my_attempts = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Exercise
        fields = [
            "id",
            "slug",
            "title",
            "intro",
            "document",
            "difference_keys",
            "kind",
            "params",
            "param_ranges",
            "attempts_allowed",
            "predictions",
            "questions",
            "my_status",
            "my_best_score",
            "my_max_score",
            "my_attempts",
        ]

    def get_my_status(self, exercise) -> str:
        return exercise_progress_status(exercise)

    def get_title(self, exercise) -> str:
        return exercise_text(exercise.title)

    def get_intro(self, exercise) -> str:
        return exercise_text(exercise.intro)

    @staticmethod
    def _questions(specs):
        return QuestionOut([public_question(q) for q in specs], many=True).data

    def get_predictions(self, exercise) -> list[dict]:
        return self._questions(exercise.predictions)

    def get_questions(self, exercise) -> list[dict]:
        return self._questions(exercise.questions)


class NextAttemptOut(serializers.Serializer):
    number = serializers.IntegerField()
    params = serializers.DictField(help_text="This attempt's parameters (SI base units), drawn for it alone")
    attempts_allowed = serializers.IntegerField(allow_null=True)
    attempts_used = serializers.IntegerField()
    remaining = serializers.IntegerField(allow_null=True)
    can_start = serializers.BooleanField()


class ExerciseDetailOut(ExerciseOut):
    next_attempt = serializers.SerializerMethodField()

    class Meta(ExerciseOut.Meta):
        fields = [*ExerciseOut.Meta.fields, "next_attempt"]

    def get_next_attempt(self, exercise) -> dict:
        return NextAttemptOut(exercise_next_attempt(self.context["request"].user, exercise)).data


class SubmissionIn(serializers.Serializer):
    predictions = serializers.JSONField(help_text='{"<prediction key>": answer}, made before the run')
    attempt = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=1000,
        help_text="next_attempt.number of the exercise the predictions were made on (a used one is 409)",
    )
    answers = serializers.JSONField(
        required=False, help_text='{"<question key>": answer}; may also be sent later to .../answers/'
    )


class AnswersIn(serializers.Serializer):
    answers = serializers.JSONField(help_text='{"<question key>": answer}, made after looking at the run')


class SubmissionOut(serializers.ModelSerializer):
    run = RunListOut(read_only=True)
    results = serializers.SerializerMethodField(
        help_text="Once graded: per question key, phase, answer, expected, correct, tolerance and explanation"
    )
    observations = serializers.SerializerMethodField(
        help_text="What the run measured that the explanations may use (the model's values come after grading)"
    )

    class Meta:
        model = ExerciseSubmission
        fields = [
            "id",
            "exercise",
            "attempt",
            "run",
            "status",
            "predictions",
            "answers",
            "score",
            "max_score",
            "results",
            "observations",
            "created_at",
            "graded_at",
        ]

    def get_results(self, submission) -> list[dict]:
        # Expected values are the answer key: only once graded.
        if submission.status != ExerciseSubmission.Status.GRADED:
            return []
        return submission_results(submission)

    def get_observations(self, submission) -> list[dict]:
        if submission.run.status != SimulationRun.Status.SUCCEEDED:
            return []
        return run_observations(submission.exercise, submission.run.result)
