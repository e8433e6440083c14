"""REST API v1 views of the simulator: thin, all logic in services and selectors."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied, Throttled
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.api.errors import Conflict
from simulator import selectors, services
from simulator.access import access_exercise_by_id, access_run_by_id, access_submission_by_id
from simulator.serializers import (
    AnswersIn,
    ExerciseDetailOut,
    ExerciseOut,
    KindOut,
    RunIn,
    RunListOut,
    RunOut,
    SubmissionIn,
    SubmissionOut,
)
from simulator.services.exercises import AlreadyAnswered, ExerciseConflict
from simulator.services.runs import RunLimitReached

CONFLICT = OpenApiResponse(
    inline_serializer("ExerciseConflict", fields={"detail": serializers.CharField()}),
    description="No attempt left, or the predictions were made on an attempt already used. Nothing changed.",
)


def _too_many(exc: RunLimitReached) -> Throttled:
    """Fair use: 429 with Retry-After and the service's message (in the reader's language)."""
    throttled = Throttled(detail=str(exc))  # the message already says how long; DRF would add a second sentence
    throttled.wait = exc.retry_after
    return throttled


class KindListView(APIView):
    """Each simulation kind with its parameters (SI base units), defaults and bounds."""

    @extend_schema(
        responses=inline_serializer(
            "PaginatedKindList",
            fields={
                "count": serializers.IntegerField(),
                "next": serializers.CharField(allow_null=True),
                "previous": serializers.CharField(allow_null=True),
                "results": KindOut(many=True),
            },
        )
    )
    def get(self, request):
        kinds = selectors.kinds_list()
        return Response(
            {"count": len(kinds), "next": None, "previous": None, "results": KindOut(kinds, many=True).data}
        )


class RunListCreateView(generics.ListAPIView):
    """GET: my runs (newest first). POST: start a run -> 202 with the queued run."""

    serializer_class = RunListOut

    def get_queryset(self):
        return selectors.runs_of_owner(self.request.user)

    @extend_schema(request=RunIn, responses={202: RunOut})
    def post(self, request):
        body = RunIn(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            run = services.run_create(
                owner=request.user,
                kind=body.validated_data.get("kind"),
                params=body.validated_data.get("params"),
                seed=body.validated_data.get("seed"),
            )
        except RunLimitReached as exc:
            raise _too_many(exc)
        return Response(RunOut(run).data, status=status.HTTP_202_ACCEPTED)


class RunDetailView(APIView):
    @extend_schema(responses=RunOut)
    def get(self, request, run_id: int):
        return Response(RunOut(access_run_by_id(request.user, run_id)).data)


class RunCancelView(APIView):
    """Cancel: a queued run stops at once, a running one at its next progress report."""

    @extend_schema(request=None, responses={202: RunOut})
    def post(self, request, run_id: int):
        run = services.run_cancel(run=access_run_by_id(request.user, run_id))
        return Response(RunOut(run).data, status=status.HTTP_202_ACCEPTED)


class ExerciseListView(generics.ListAPIView):
    """Published exercises, each with the reader's own status, attempts and best score."""

    serializer_class = ExerciseOut

    def get_queryset(self):
        return selectors.exercises_with_progress(self.request.user)


class ExerciseDetailView(APIView):
    """An exercise and the reader's next attempt: its number, its own parameters and the attempts left."""

    @extend_schema(responses=ExerciseDetailOut)
    def get(self, request, exercise_id: int):
        exercise = access_exercise_by_id(request.user, exercise_id)
        exercise = selectors.exercises_with_progress(request.user).get(pk=exercise.pk)  # with the reader's status
        return Response(ExerciseDetailOut(exercise, context={"request": request}).data)


class SubmissionCreateView(APIView):
    """Predict, then the run starts; answers now or later. Graded against the run and the model when both are in."""

    @extend_schema(request=SubmissionIn, responses={201: SubmissionOut, 409: CONFLICT})
    def post(self, request, exercise_id: int):
        exercise = access_exercise_by_id(request.user, exercise_id)
        body = SubmissionIn(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            submission = services.submission_start(
                student=request.user,
                exercise=exercise,
                predictions=body.validated_data.get("predictions"),
                answers=body.validated_data.get("answers"),
                attempt=body.validated_data.get("attempt"),
            )
        except RunLimitReached as exc:
            raise _too_many(exc)
        except ExerciseConflict as exc:
            raise Conflict(str(exc))
        return Response(SubmissionOut(submission).data, status=status.HTTP_201_CREATED)


class SubmissionDetailView(APIView):
    @extend_schema(responses=SubmissionOut)
    def get(self, request, submission_id: int):
        return Response(SubmissionOut(access_submission_by_id(request.user, submission_id)).data)


class SubmissionAnswerView(APIView):
    """The explanations, after the run; accepted once (a second send is 409)."""

    @extend_schema(request=AnswersIn, responses={200: SubmissionOut, 409: CONFLICT})
    def post(self, request, submission_id: int):
        submission = access_submission_by_id(request.user, submission_id)
        if submission.student_id != request.user.pk:
            raise PermissionDenied(_("Only the student can answer."))
        body = AnswersIn(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            submission = services.submission_answer(submission=submission, answers=body.validated_data["answers"])
        except AlreadyAnswered:
            raise Conflict(_("These answers were already sent."))
        return Response(SubmissionOut(submission).data)
