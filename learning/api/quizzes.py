"""REST API v1: differences, quizzes, attempts and statistics. Thin: the services and selectors decide."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.models import Attempt
from learning.selectors.documents import access_document_by_slug
from learning.selectors.quizzes import (
    access_attempt_by_id,
    access_quiz_by_id,
    attempt_questions,
    attempt_results,
    document_differences,
    quiz_statistics,
    quizzes_for,
)
from learning.services.attempts import QuizConflict, attempt_start, attempt_submit


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflict."
    default_code = "conflict"


# --------------------------------------------------------------------------- serializers


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


class QuizOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    document = serializers.CharField(source="document.slug")
    mode = serializers.CharField()
    question_count = serializers.SerializerMethodField()
    attempts_allowed = serializers.IntegerField()
    time_limit_seconds = serializers.IntegerField(allow_null=True)
    shuffle_questions = serializers.BooleanField()
    shuffle_choices = serializers.BooleanField()
    feedback = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_question_count(self, quiz) -> int:
        total = getattr(quiz, "question_total", 0)
        return min(quiz.question_count, total) if quiz.mode == "practice" and quiz.question_count else total

    def get_url(self, quiz) -> str:
        return f"/quizzes/{quiz.pk}/"


class ChoiceOut(serializers.Serializer):
    id = serializers.CharField()
    text = serializers.CharField()


class QuestionOut(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.CharField()
    prompt = serializers.CharField()
    choices = ChoiceOut(many=True)
    items = ChoiceOut(many=True, help_text="Matching only: the statements to match with the choices (models).")


class ResultOut(serializers.Serializer):
    question = serializers.IntegerField()
    answer = serializers.JSONField(allow_null=True)
    correct = serializers.BooleanField()
    score = serializers.FloatField()
    expected = serializers.JSONField()
    explanation = serializers.CharField()
    source = serializers.CharField()
    lesson = serializers.IntegerField(allow_null=True)


class AttemptOut(serializers.Serializer):
    id = serializers.IntegerField()
    quiz = serializers.IntegerField(source="quiz_id")
    number = serializers.IntegerField()
    started_at = serializers.DateTimeField()
    deadline_at = serializers.DateTimeField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    score = serializers.FloatField(allow_null=True)
    max_score = serializers.FloatField(allow_null=True)
    questions = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()

    def get_questions(self, attempt) -> list[dict]:
        return QuestionOut(attempt_questions(attempt), many=True).data

    def get_results(self, attempt) -> list[dict] | None:
        # Keys only once graded.
        return ResultOut(attempt_results(attempt), many=True).data if attempt.submitted_at else None


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
    fields={"score": serializers.FloatField(), "max_score": serializers.FloatField(), "results": ResultOut(many=True)},
)


class QuestionStatsOut(serializers.Serializer):
    question = serializers.IntegerField()
    type = serializers.CharField()
    prompt = serializers.CharField()
    attempts = serializers.IntegerField()
    facility_index = serializers.FloatField(help_text="Mean score as % of the maximum (Moodle).")
    discrimination_index = serializers.FloatField(
        allow_null=True, help_text="100 x correlation with the rest of the test (Moodle)."
    )


class StatisticsOut(serializers.Serializer):
    quiz = serializers.IntegerField()
    attempts = serializers.IntegerField()
    mean_score = serializers.FloatField(allow_null=True)
    questions = QuestionStatsOut(many=True)


# --------------------------------------------------------------------------- views


class DifferenceList(generics.ListAPIView):
    """The differences extracted from a document, with their statements per subject."""

    serializer_class = DifferenceOut

    def get_queryset(self):
        return document_differences(access_document_by_slug(self.request.user, self.kwargs["slug"]))


class QuizList(generics.ListAPIView):
    """Quizzes (`?document=slug` to filter). Never with answer keys."""

    serializer_class = QuizOut

    @extend_schema(parameters=[OpenApiParameter("document", str, description="document slug")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return quizzes_for(self.request.user, self.request.query_params.get("document") or None)


class QuizDetail(APIView):
    @extend_schema(responses={200: QuizOut, 404: NOT_FOUND})
    def get(self, request, quiz_id: int):
        return Response(QuizOut(access_quiz_by_id(request.user, quiz_id)).data)


class AttemptStart(APIView):
    """Start an attempt (or resume the open one): its questions, no keys."""

    @extend_schema(
        request=None,
        responses={
            201: AttemptOut,
            200: OpenApiResponse(AttemptOut, description="The open attempt, resumed."),
            403: Detail,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request, quiz_id: int):
        quiz = access_quiz_by_id(request.user, quiz_id)
        try:
            attempt = attempt_start(quiz=quiz, student=request.user)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc))
        except QuizConflict as exc:
            raise Conflict(str(exc))
        resumed = getattr(attempt, "resumed", False)
        return Response(AttemptOut(attempt).data, status=status.HTTP_200_OK if resumed else status.HTTP_201_CREATED)


class AttemptDetail(APIView):
    @extend_schema(responses={200: AttemptOut, 404: NOT_FOUND})
    def get(self, request, attempt_id: int):
        return Response(AttemptOut(access_attempt_by_id(request.user, attempt_id)).data)


class AttemptSubmit(APIView):
    """Grade the attempt, once: a second submit is 409 and changes nothing."""

    @extend_schema(request=SubmitIn, responses={200: SubmitOut, 404: NOT_FOUND, 409: CONFLICT})
    def post(self, request, attempt_id: int):
        access_attempt_by_id(request.user, attempt_id)  # 404 for anyone else's
        body = SubmitIn(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            attempt = attempt_submit(
                attempt_id=attempt_id, student=request.user, responses=body.validated_data["responses"]
            )
        except Attempt.DoesNotExist:
            raise Http404("No such attempt.")
        except QuizConflict as exc:
            raise Conflict(str(exc))
        return Response(
            {
                "score": attempt.score,
                "max_score": attempt.max_score,
                "results": ResultOut(attempt_results(attempt), many=True).data,
            }
        )


class QuizStatistics(APIView):
    """Per question: attempts, facility index, discrimination index (the teacher's own students)."""

    @extend_schema(responses={200: StatisticsOut, 403: Detail, 404: NOT_FOUND})
    def get(self, request, quiz_id: int):
        if not request.user.is_teacher:
            raise PermissionDenied("Only teachers see quiz statistics.")
        quiz = access_quiz_by_id(request.user, quiz_id)
        return Response(StatisticsOut(quiz_statistics(quiz, request.user)).data)


urlpatterns = [
    path("documents/<slug:slug>/differences/", DifferenceList.as_view(), name="api-document-differences"),
    path("quizzes/", QuizList.as_view(), name="api-quizzes"),
    path("quizzes/<int:quiz_id>/", QuizDetail.as_view(), name="api-quiz"),
    path("quizzes/<int:quiz_id>/attempts/", AttemptStart.as_view(), name="api-quiz-attempts"),
    path("quizzes/<int:quiz_id>/statistics/", QuizStatistics.as_view(), name="api-quiz-statistics"),
    path("attempts/<int:attempt_id>/", AttemptDetail.as_view(), name="api-attempt"),
    path("attempts/<int:attempt_id>/submit/", AttemptSubmit.as_view(), name="api-attempt-submit"),
]
