"""REST API v1: differences, quizzes, attempts and statistics. Thin: the services and selectors decide."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.urls import path, reverse
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import generics, serializers, status
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.access import access_document_by_slug
from learning.models import Attempt
from learning.selectors.quizzes import (
    FULL_REVIEW,
    access_attempt_as_teacher,
    access_attempt_by_id,
    access_quiz_by_id,
    attempt_questions,
    attempt_results,
    attempt_review_for,
    document_differences,
    quiz_statistics,
    quizzes_for,
    saved_answers_of,
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
        """Autosaved answers of an open attempt (a reopened tab shows them)."""
        if attempt.submitted_at or getattr(attempt, "resumed", None) is False:
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

    @extend_schema(request=QuizSettingsIn, responses={200: QuizOut, 400: Detail, 403: Detail, 404: NOT_FOUND})
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
        try:
            quiz = quiz_settings_update(quiz=quiz, teacher=request.user, **{**current, **data})
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc))
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
        quiz = access_quiz_by_id(request.user, quiz_id)
        try:
            attempt = attempt_start(quiz=quiz, student=request.user)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc))
        except QuizConflict as exc:
            raise Conflict(str(exc))
        resumed = getattr(attempt, "resumed", False)
        return Response(AttemptOut(attempt).data, status=status.HTTP_200_OK if resumed else status.HTTP_201_CREATED)


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

    @extend_schema(request=AnswerIn, responses={200: AnswerSaved, 400: Detail, 404: NOT_FOUND, 409: CONFLICT})
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

    @extend_schema(request=OverrideIn, responses={200: AttemptOut, 400: Detail, 404: NOT_FOUND, 409: CONFLICT})
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
            attempt = attempt_submit(
                attempt_id=attempt_id, student=request.user, responses=body.validated_data["responses"]
            )
        except Attempt.DoesNotExist:
            raise Http404("No such attempt.")
        except QuizConflict as exc:
            raise Conflict(str(exc))
        # Answered now: the student has started `number` attempts of the quiz and none is open any more.
        graded = getattr(attempt, "graded_answers", None)
        review = attempt_review_for(request.user, attempt, attempts=(attempt.number, False) if graded else None)
        answers = None
        if graded is not None and len(graded) == len(attempt.question_ids):
            answers = graded  # every answer was just graded: nothing to read back
        return Response(
            {
                "score": attempt.score if review.score else None,
                "max_score": attempt.max_score,
                "results": ResultOut(attempt_results(attempt, review, answers), many=True).data,
                "late": attempt.late_submit,
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
