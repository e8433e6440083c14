"""API shapes of the simulator (explicit fields; answer keys only after grading)."""

from django.urls import reverse
from rest_framework import serializers

from simulator.models import Exercise, ExerciseSubmission, SimulationRun
from simulator.selectors import localized, public_question


class ParamOut(serializers.Serializer):
    name = serializers.CharField()
    unit = serializers.CharField()
    default = serializers.FloatField()
    min = serializers.FloatField()
    max = serializers.FloatField()
    type = serializers.CharField()
    label = serializers.CharField()
    help = serializers.CharField()


class KindOut(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    params = ParamOut(many=True)


class RunIn(serializers.Serializer):
    # Validated by the engine's schema in services.run_create (each bad parameter is named there).
    kind = serializers.JSONField(help_text="One of GET /api/v1/simulations/kinds/")
    params = serializers.JSONField(help_text="Parameter name -> number, in SI base units (bit, bit/s, s)")
    seed = serializers.JSONField(required=False, help_text="Optional; the same seed gives the same result")


STATUS_MESSAGES = {
    "queued": "waiting for a worker",
    "running": "running",
    "succeeded": "done",
    "failed": "failed",
    "cancelled": "cancelled",
}


class RunOut(serializers.ModelSerializer):
    status_message = serializers.SerializerMethodField()
    chart_urls = serializers.SerializerMethodField()

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
        return STATUS_MESSAGES[run.status]

    def get_chart_urls(self, run) -> list[str]:
        if run.status != SimulationRun.Status.SUCCEEDED or not run.result:
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
            "predictions",
            "questions",
        ]

    def get_title(self, exercise) -> str:
        return localized(exercise.title)

    def get_intro(self, exercise) -> str:
        return localized(exercise.intro)

    @staticmethod
    def _questions(specs):
        return QuestionOut([public_question(q) for q in specs], many=True).data

    def get_predictions(self, exercise) -> list[dict]:
        return self._questions(exercise.predictions)

    def get_questions(self, exercise) -> list[dict]:
        return self._questions(exercise.questions)


class SubmissionIn(serializers.Serializer):
    predictions = serializers.JSONField(help_text='{"<prediction key>": answer}, made before the run')
    answers = serializers.JSONField(
        required=False, help_text='{"<question key>": answer}; may also be sent later to .../answers/'
    )


class AnswersIn(serializers.Serializer):
    answers = serializers.JSONField(help_text='{"<question key>": answer}, made after looking at the run')


class SubmissionOut(serializers.ModelSerializer):
    run = RunListOut(read_only=True)
    results = serializers.SerializerMethodField()

    class Meta:
        model = ExerciseSubmission
        fields = [
            "id",
            "exercise",
            "run",
            "status",
            "predictions",
            "answers",
            "score",
            "max_score",
            "results",
            "created_at",
            "graded_at",
        ]

    def get_results(self, submission) -> list[dict]:
        # Expected values are the answer key: only once graded.
        return submission.results if submission.status == ExerciseSubmission.Status.GRADED else []
