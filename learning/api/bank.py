"""REST API v1: a document's question bank, for the teachers who may change it (answer keys included).

Same rules as the bank page: the document's owner, or staff for a site document (learning.access); anyone
else gets 404, as for a missing document, because the bank holds the keys. A teacher who wants to change a
document they may only read makes a copy first (`POST /documents/{slug}/copy/`).
"""

import json

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.access import access_editable_document_by_slug, access_question_by_id
from learning.models import Question
from learning.services.quizzes import question_create, question_set_enabled, question_update

TEXT_MAX = 2000
CHOICE_MAX = 500
ANSWER_JSON_MAX = 2000
NOT_FOUND = OpenApiResponse(OpenApiTypes.OBJECT, description="No such document or question, or not yours to edit.")
FIELD_ERRORS = OpenApiResponse(OpenApiTypes.OBJECT, description="Field errors: {'field': ['why']}.")
ANSWER_HELP = (
    "The key, in the shape of an answer: a choice id for multiple_choice, true_false ('true'|'false'), "
    "which_model and comparative; a list of choice ids for multi_select; {item id: choice id} for matching; "
    "the missing term for cloze."
)


class ChoiceOut(serializers.Serializer):
    id = serializers.CharField()
    text = serializers.CharField()


class QuestionOut(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField(help_text="Stable id from the generator, or teacher-<n> for a teacher's own.")
    type = serializers.ChoiceField(choices=Question.Type.values)
    prompt = serializers.CharField()
    choices = ChoiceOut(many=True)
    items = ChoiceOut(many=True, help_text="Matching only: the statements to place.")
    answer = serializers.JSONField(help_text=ANSWER_HELP)
    explanation = serializers.CharField(allow_blank=True)
    source = serializers.CharField(allow_blank=True, help_text="The sentence of the document it comes from.")
    difference = serializers.IntegerField(source="difference_id", allow_null=True)
    term = serializers.IntegerField(source="term_id", allow_null=True)
    lesson = serializers.IntegerField(source="lesson_id", allow_null=True)
    origin = serializers.ChoiceField(choices=Question.Origin.values)
    edited = serializers.BooleanField(help_text="A teacher's wording, kept over re-imports.")
    enabled = serializers.BooleanField(help_text="Drawn into new attempts.")
    retired = serializers.SerializerMethodField(help_text="Gone from the document at a re-import (kept, disabled).")
    position = serializers.IntegerField()
    updated_at = serializers.DateTimeField()

    def get_retired(self, question) -> bool:
        return question.retired_at is not None


def _answer_bounded(value):
    if len(json.dumps(value, ensure_ascii=False)) > ANSWER_JSON_MAX:
        raise serializers.ValidationError(f"At most {ANSWER_JSON_MAX} characters.")
    return value


class QuestionIn(serializers.Serializer):
    type = serializers.ChoiceField(choices=["multiple_choice", "multi_select", "true_false", "cloze"])
    prompt = serializers.CharField(max_length=TEXT_MAX)
    explanation = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")
    choices = serializers.ListField(
        child=serializers.CharField(max_length=CHOICE_MAX),
        required=False,
        max_length=8,
        help_text="Choice texts (2 to 8) for multiple_choice and multi_select; their ids are c1, c2, ...",
    )
    answer = serializers.JSONField(help_text=ANSWER_HELP, validators=[_answer_bounded])


class QuestionPatch(serializers.Serializer):
    prompt = serializers.CharField(max_length=TEXT_MAX, required=False)
    explanation = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    choices = serializers.ListField(
        child=serializers.CharField(max_length=CHOICE_MAX),
        required=False,
        max_length=8,
        help_text="The choices' texts, in order: the n-th keeps the n-th id (a key naming it still holds); added "
        "ones get new ids. Every kind but cloze (a true/false keeps its two).",
    )
    items = serializers.ListField(
        child=serializers.CharField(max_length=CHOICE_MAX),
        required=False,
        max_length=12,
        help_text="Matching only: the statements to place, in order (the n-th keeps the n-th id, s1, s2, ...).",
    )
    answer = serializers.JSONField(required=False, help_text=ANSWER_HELP, validators=[_answer_bounded])
    enabled = serializers.BooleanField(required=False, help_text="false disables it: new attempts leave it out.")


class BankList(generics.GenericAPIView):
    """A document's questions in order, keys included (teachers who may change the document)."""

    serializer_class = QuestionOut

    def get_queryset(self):
        document = access_editable_document_by_slug(self.request.user, self.kwargs["slug"])
        return Question.objects.filter(document=document).order_by("position", "pk")

    @extend_schema(responses={200: QuestionOut(many=True), 404: NOT_FOUND})
    def get(self, request, slug: str):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(QuestionOut(page, many=True).data)

    @extend_schema(request=QuestionIn, responses={201: QuestionOut, 400: FIELD_ERRORS, 404: NOT_FOUND})
    def post(self, request, slug: str):
        """Add a teacher's own question (kept over re-imports)."""
        document = access_editable_document_by_slug(request.user, slug)
        body = QuestionIn(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        question = question_create(
            document=document,
            teacher=request.user,
            type=data["type"],
            prompt=data["prompt"],
            explanation=data["explanation"],
            choice_texts=data.get("choices"),
            answer=data["answer"],
        )
        return Response(QuestionOut(question).data, status=status.HTTP_201_CREATED)


class BankQuestion(APIView):
    @extend_schema(responses={200: QuestionOut, 404: NOT_FOUND})
    def get(self, request, question_id: int):
        return Response(QuestionOut(access_question_by_id(request.user, question_id)).data)

    @extend_schema(request=QuestionPatch, responses={200: QuestionOut, 400: FIELD_ERRORS, 404: NOT_FOUND})
    def patch(self, request, question_id: int):
        """Edit the wording, choices and key (kept over re-imports), or enable/disable it: only the fields given."""
        question = access_question_by_id(request.user, question_id)
        body = QuestionPatch(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if {"prompt", "explanation", "choices", "items", "answer"} & set(data):
            question = question_update(
                question=question,
                teacher=request.user,
                prompt=data.get("prompt", question.prompt),
                explanation=data.get("explanation", question.explanation),
                choice_texts=data.get("choices"),
                item_texts=data.get("items"),
                answer=data.get("answer"),
            )
        if "enabled" in data:
            question = question_set_enabled(question=question, teacher=request.user, enabled=data["enabled"])
        return Response(QuestionOut(question).data)


urlpatterns = [
    path("documents/<slug:slug>/questions/", BankList.as_view(), name="api-document-questions"),
    path("questions/<id:question_id>/", BankQuestion.as_view(), name="api-question"),
]
