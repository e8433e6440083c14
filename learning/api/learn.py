"""REST API v1: Learn mode (adaptive practice that counts toward mastery, never graded)."""

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.access import access_document_by_slug, access_learn_session_by_id
from learning.api.quizzes import WhyWrongOut
from learning.ids import id_parse
from learning.models import LearnSession
from learning.selectors.learn import (
    difference_of_document,
    learn_bank,
    learn_item_view,
    learn_progress,
)
from learning.services.flashcards import RATINGS
from learning.services.learn import learn_answer, learn_session_start

ANSWER_HELP = "Shaped as in a quiz: a choice id, a list of choice ids, {statement id: choice id}, or a string."


class LearnItemOut(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["question", "card"])
    id = serializers.IntegerField()
    type = serializers.CharField(required=False, help_text="Question type (questions only).")
    level = serializers.ChoiceField(choices=["recognition", "recall"], required=False)
    prompt = serializers.CharField(required=False)
    choices = serializers.ListField(child=serializers.DictField(), required=False)
    items = serializers.ListField(child=serializers.DictField(), required=False)
    front = serializers.CharField(required=False, help_text="Cards only.")
    back = serializers.CharField(required=False, help_text="Cards only.")
    difference = serializers.IntegerField(allow_null=True)
    difference_label = serializers.CharField()
    returning = serializers.BooleanField(help_text="A question missed earlier in this session, back again.")


class LearnDifferenceOut(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    state = serializers.CharField()
    correct = serializers.IntegerField()


class LearnProgressOut(serializers.Serializer):
    total = serializers.IntegerField()
    mastered = serializers.IntegerField()
    differences = LearnDifferenceOut(many=True)


class LearnSessionOut(serializers.Serializer):
    id = serializers.IntegerField()
    document = serializers.CharField(help_text="The document's slug.")
    focus = serializers.IntegerField(allow_null=True, help_text="The one difference practised, or null: all.")
    answered = serializers.IntegerField()
    correct = serializers.IntegerField()
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)
    end_reason = serializers.CharField(help_text='"mastered", "replaced", or "" while open.')
    progress = LearnProgressOut()
    item = LearnItemOut(allow_null=True, help_text="The item to answer now; null once the session has ended.")


class LearnFeedbackOut(serializers.Serializer):
    kind = serializers.CharField()
    question = serializers.IntegerField(required=False)
    card = serializers.IntegerField(required=False)
    answer = serializers.JSONField(required=False)
    correct = serializers.BooleanField(required=False)
    expected = serializers.JSONField(required=False)
    why_wrong = WhyWrongOut(many=True, required=False)
    explanation = serializers.CharField(required=False, allow_blank=True)
    source = serializers.CharField(required=False, allow_blank=True)
    lesson_url = serializers.CharField(required=False, allow_null=True, help_text="The lesson at the source sentence.")
    due = serializers.DateTimeField(required=False)


class LearnAnswerOut(serializers.Serializer):
    feedback = LearnFeedbackOut()
    session = LearnSessionOut()


class LearnStartIn(serializers.Serializer):
    difference = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="Practise this difference only."
    )


class LearnAnswerIn(serializers.Serializer):
    question = serializers.IntegerField(required=False, min_value=1)
    answer = serializers.JSONField(required=False, allow_null=True, help_text=ANSWER_HELP)
    card = serializers.IntegerField(required=False, min_value=1)
    rating = serializers.ChoiceField(choices=sorted(RATINGS, key=lambda r: RATINGS[r]), required=False)

    def validate(self, attrs):
        if ("question" in attrs) == ("card" in attrs):
            raise serializers.ValidationError({"question": ["Send either a question with its answer or a card."]})
        if "card" in attrs and "rating" not in attrs:
            raise serializers.ValidationError({"rating": ["A card needs a rating."]})
        if len(str(attrs.get("answer", ""))) > 4000:
            raise serializers.ValidationError({"answer": ["The answer is too long."]})
        return attrs


def session_out(session: LearnSession) -> dict:
    bank = getattr(session, "bank", None) or learn_bank(
        student=session.student, document=session.document, focus_id=session.focus_id
    )
    item = None if session.ended_at else learn_item_view(session.current, bank.differences)
    return {
        "id": session.pk,
        "document": session.document.slug,
        "focus": session.focus_id,
        "answered": session.answered,
        "correct": session.correct,
        "started_at": session.started_at,
        "ended_at": session.ended_at,
        "end_reason": session.end_reason,
        "progress": learn_progress(bank),
        "item": item,
    }


class LearnStart(APIView):
    """Start a Learn session on a document, or resume the open one (same next item): 201 new, 200 resumed."""

    @extend_schema(request=LearnStartIn, responses={200: LearnSessionOut, 201: LearnSessionOut})
    def post(self, request, slug: str):
        document = access_document_by_slug(request.user, slug)
        data = LearnStartIn(data=request.data)
        data.is_valid(raise_exception=True)
        focus = None
        if data.validated_data.get("difference"):
            focus = difference_of_document(document, id_parse(data.validated_data["difference"]))
            if focus is None:
                raise serializers.ValidationError({"difference": ["No such difference in this document."]})
        session, created = learn_session_start(student=request.user, document=document, focus=focus)
        return Response(session_out(session), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class LearnDetail(APIView):
    """A session of mine: its progress and the item to answer now."""

    @extend_schema(responses={200: LearnSessionOut})
    def get(self, request, pk: int):
        return Response(session_out(access_learn_session_by_id(request.user, pk)))


class LearnAnswerView(APIView):
    """Answer the current item: immediate feedback (right or wrong, the key, why the picked choice is wrong,
    the explanation and the source sentence) and the session with its next item. Never graded."""

    @extend_schema(request=LearnAnswerIn, responses={200: LearnAnswerOut})
    def post(self, request, pk: int):
        access_learn_session_by_id(request.user, pk)
        data = LearnAnswerIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        try:
            session, feedback = learn_answer(
                session_id=pk,
                student=request.user,
                question_id=v.get("question"),
                answer=v.get("answer"),
                card_id=v.get("card"),
                rating=v.get("rating"),
            )
        except LearnSession.DoesNotExist:
            raise Http404("No such session.") from None
        return Response({"feedback": feedback, "session": session_out(session)})


urlpatterns = [
    path("documents/<slug:slug>/learn/", LearnStart.as_view(), name="api-learn-start"),
    path("learn/<id:pk>/", LearnDetail.as_view(), name="api-learn"),
    path("learn/<id:pk>/answer/", LearnAnswerView.as_view(), name="api-learn-answer"),
]
