"""REST API v1: differences, quizzes, attempts and statistics. Thin: the services and selectors decide."""

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.access import (
    access_attempt_as_teacher,
    access_attempt_by_id,
    access_document_by_slug,
    access_quiz_by_id,
    quizzes_for,
)
from learning.api.errors import Conflict
from learning.api.quiz_serializers import (
    CONFLICT,
    NOT_FOUND,
    AnswerIn,
    AnswerSaved,
    AttemptOut,
    Detail,
    DifferenceOut,
    OverrideIn,
    QuizOut,
    QuizSettingsIn,
    ResultOut,
    StatisticsOut,
    SubmitIn,
    SubmitOut,
    WhyWrongOut,  # noqa: F401 (api/learn.py reads it from here)
)
from learning.models import Attempt
from learning.roles import IsTeacher
from learning.selectors.quizzes import (
    attempt_results,
    attempt_review_for,
    document_differences,
    quiz_statistics,
)
from learning.services.attempts import (
    QuizConflict,
    answer_override,
    attempt_answer_save,
    attempt_start,
    attempt_submit,
    attempts_close_overdue,
)
from learning.services.quizzes import quiz_settings_update

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

    @extend_schema(request=QuizSettingsIn, responses={200: QuizOut, 403: Detail, 404: NOT_FOUND})
    def patch(self, request, quiz_id: int):
        """Change a quiz's settings (the teacher who may edit its document): only the fields given."""
        quiz = access_quiz_by_id(request.user, quiz_id)
        body = QuizSettingsIn(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        current = {
            "attempts_allowed": quiz.attempts_allowed,
            "time_limit_seconds": quiz.time_limit_seconds,
            "shuffle_questions": quiz.shuffle_questions,
            "shuffle_choices": quiz.shuffle_choices,
            "feedback": quiz.feedback,
            "question_count": quiz.question_count,
            "published": quiz.published,
        }
        quiz = quiz_settings_update(quiz=quiz, teacher=request.user, **{**current, **data})
        return Response(QuizOut(access_quiz_by_id(request.user, quiz.pk)).data)


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
        quiz = access_quiz_by_id(request.user, quiz_id, question_total=False)
        try:
            attempt, created = attempt_start(quiz=quiz, student=request.user)
        except QuizConflict as exc:
            raise Conflict(str(exc))
        data = AttemptOut(attempt, context={"created": created}).data
        return Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


def _attempt_for(user, attempt_id: int):
    """The student's own attempt, or (for a teacher) an attempt of a student in their class; 404 otherwise."""
    if user.is_teacher:
        return access_attempt_as_teacher(user, attempt_id)
    attempts_close_overdue(student=user)  # the student's visit grades an attempt whose time ran out
    return access_attempt_by_id(user, attempt_id)


class AttemptDetail(APIView):
    """An attempt: its questions, saved answers while open, results once graded (as the review options allow).
    A teacher of the student's class reads any attempt of theirs in full."""

    @extend_schema(responses={200: AttemptOut, 404: NOT_FOUND})
    def get(self, request, attempt_id: int):
        attempt = _attempt_for(request.user, attempt_id)
        review = attempt_review_for(request.user, attempt)
        return Response(AttemptOut(attempt, context={"review": review}).data)


class AnswerSave(APIView):
    """Autosave one answer of an open attempt (idempotent). Refused (409) once submitted or out of time."""

    @extend_schema(request=AnswerIn, responses={200: AnswerSaved, 404: NOT_FOUND, 409: CONFLICT})
    def put(self, request, attempt_id: int, question_id: int):
        body = AnswerIn(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            saved = attempt_answer_save(
                attempt_id=attempt_id,
                student=request.user,
                question_id=question_id,
                answer=body.validated_data["answer"],
            )
        except Attempt.DoesNotExist:
            raise Http404("No such attempt.")  # anyone else's attempt, like a missing one
        except QuizConflict as exc:
            raise Conflict(str(exc))
        return Response({"question": saved.question_id, "answer": saved.answer, "saved_at": saved.saved_at})


class AnswerOverride(APIView):
    """A teacher of the student's class sets one question's score with a comment; the total is recomputed
    and sent to the LMS. The graded score is kept beside it (`computed_score`)."""

    @extend_schema(request=OverrideIn, responses={200: AttemptOut, 404: NOT_FOUND, 409: CONFLICT})
    def put(self, request, attempt_id: int, question_id: int):
        attempt = access_attempt_as_teacher(request.user, attempt_id)
        body = OverrideIn(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            answer_override(
                attempt=attempt,
                question_id=question_id,
                teacher=request.user,
                score=body.validated_data["score"],
                comment=body.validated_data["comment"],
            )
        except QuizConflict as exc:
            raise Conflict(str(exc))
        attempt.refresh_from_db()
        return Response(AttemptOut(attempt).data)


class AttemptSubmit(APIView):
    """Grade the attempt, once: a second submit is 409 and changes nothing."""

    @extend_schema(request=SubmitIn, responses={200: SubmitOut, 404: NOT_FOUND, 409: CONFLICT})
    def post(self, request, attempt_id: int):
        body = SubmitIn(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            attempt, late, graded = attempt_submit(
                attempt_id=attempt_id, student=request.user, responses=body.validated_data["responses"]
            )
        except Attempt.DoesNotExist:
            raise Http404("No such attempt.")
        except QuizConflict as exc:
            raise Conflict(str(exc))
        # Answered now: the student has started `number` attempts of the quiz and none is open any more.
        review = attempt_review_for(request.user, attempt, attempts=(attempt.number, False) if graded else None)
        answers = None
        if graded is not None and len(graded) == len(attempt.question_ids):
            answers = graded  # every answer was just graded: nothing to read back
        return Response(
            {
                "score": attempt.score if review.score else None,
                "max_score": attempt.max_score,
                "results": ResultOut(attempt_results(attempt, review, answers), many=True).data,
                "late": late,
            }
        )


class QuizStatistics(APIView):
    """Per question: attempts, facility index, discrimination index (the teacher's own students)."""

    permission_classes = [IsTeacher]

    @extend_schema(responses={200: StatisticsOut, 403: Detail, 404: NOT_FOUND})
    def get(self, request, quiz_id: int):
        quiz = access_quiz_by_id(request.user, quiz_id)
        return Response(StatisticsOut(quiz_statistics(quiz, request.user)).data)


urlpatterns = [
    path("documents/<slug:slug>/differences/", DifferenceList.as_view(), name="api-document-differences"),
    path("quizzes/", QuizList.as_view(), name="api-quizzes"),
    path("quizzes/<id:quiz_id>/", QuizDetail.as_view(), name="api-quiz"),
    path("quizzes/<id:quiz_id>/attempts/", AttemptStart.as_view(), name="api-quiz-attempts"),
    path("quizzes/<id:quiz_id>/statistics/", QuizStatistics.as_view(), name="api-quiz-statistics"),
    path("attempts/<id:attempt_id>/", AttemptDetail.as_view(), name="api-attempt"),
    path("attempts/<id:attempt_id>/submit/", AttemptSubmit.as_view(), name="api-attempt-submit"),
    path("attempts/<id:attempt_id>/answers/<id:question_id>/", AnswerSave.as_view(), name="api-attempt-answer"),
    path(
        "attempts/<id:attempt_id>/answers/<id:question_id>/override/",
        AnswerOverride.as_view(),
        name="api-attempt-answer-override",
    ),
]
