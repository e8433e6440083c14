"""REST API v1: flashcards (due list, review with FSRS, undo, settings, stats)."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.access import access_document_by_slug, access_flashcard_by_id
from learning.selectors.flashcards import (
    due_cards_list,
    flashcard_forecast,
    flashcard_stats,
)
from learning.services.flashcards import (
    RATING_NAMES,
    RATINGS,
    RETENTION_MAX,
    RETENTION_MIN,
    card_review,
    flashcard_settings_update,
    review_undo,
)


class FlashcardSerializer(serializers.Serializer):
    """{"id", "front", "back", "due", "state"}: due is null and state "new" for a card never reviewed."""

    id = serializers.IntegerField()
    front = serializers.CharField()
    back = serializers.CharField()
    due = serializers.DateTimeField(allow_null=True)
    state = serializers.CharField()
    kind = serializers.CharField()
    document = serializers.CharField(help_text="The document's slug.")


def _card_fields(card, state=None) -> dict:
    if state is not None:
        due, state_name = state.due, state.state
    else:
        due, state_name = getattr(card, "my_due", None), getattr(card, "my_state", None) or "new"
    return {
        "id": card.pk,
        "front": card.front,
        "back": card.back,
        "due": due,
        "state": state_name,
        "kind": card.kind,
        "document": card.document.slug,
    }


def card_out(card, state=None) -> dict:
    """The card as this student sees it now. `state` is their CardState (None: never reviewed), unless the
    card carries the `my_state` / `my_due` annotations of the due selector."""
    return FlashcardSerializer(_card_fields(card, state)).data


def cards_out(cards) -> list:
    """`card_out` of each card, through one serializer (a serializer's fields are copied for each instance)."""
    return FlashcardSerializer([_card_fields(card) for card in cards], many=True).data


class DueView(generics.GenericAPIView):
    """Cards to study now: due reviews first, then new cards within today's limit."""

    serializer_class = FlashcardSerializer

    @extend_schema(
        parameters=[OpenApiParameter("document", str, description="Only this document's cards (its slug).")],
        responses={200: FlashcardSerializer(many=True)},
    )
    def get(self, request):
        document = None
        if slug := request.query_params.get("document"):
            document = access_document_by_slug(request.user, slug)
        page = self.paginate_queryset(due_cards_list(student=request.user, document=document))
        return self.get_paginated_response(cards_out(page))


class ReviewIn(serializers.Serializer):
    rating = serializers.ChoiceField(choices=sorted(RATINGS, key=lambda r: RATINGS[r]))
    review_id = serializers.UUIDField(required=False, allow_null=True)


ReviewOut = inline_serializer(
    "FlashcardReview",
    fields={
        "id": serializers.IntegerField(),
        "front": serializers.CharField(),
        "back": serializers.CharField(),
        "due": serializers.DateTimeField(),
        "state": serializers.CharField(),
        "kind": serializers.CharField(),
        "document": serializers.CharField(),
        "next_due": serializers.DateTimeField(),
        "review": inline_serializer(
            "FlashcardReviewLog",
            fields={
                "rating": serializers.CharField(),
                "state_before": serializers.CharField(),
                "reviewed_at": serializers.DateTimeField(),
                "elapsed_days": serializers.FloatField(),
                "applied": serializers.BooleanField(),
            },
        ),
    },
)


def review_out(outcome) -> dict:
    data = card_out(outcome.card, outcome.state)
    data["next_due"] = data["due"]
    data["review"] = {
        "rating": RATING_NAMES[outcome.log.rating],
        "state_before": outcome.log.state_before,
        "reviewed_at": serializers.DateTimeField().to_representation(outcome.log.reviewed_at),
        "elapsed_days": outcome.log.elapsed_days,
        "applied": outcome.applied,
    }
    return data


class ReviewView(APIView):
    """Rate a card. The same `review_id` sent twice is applied once (the retry gets the same answer)."""

    @extend_schema(request=ReviewIn, responses={200: ReviewOut})
    def post(self, request, pk: int):
        card = access_flashcard_by_id(request.user, pk)
        data = ReviewIn(data=request.data)
        data.is_valid(raise_exception=True)
        outcome = card_review(
            student=request.user,
            card=card,
            rating=data.validated_data["rating"],
            review_id=data.validated_data.get("review_id"),
        )
        return Response(review_out(outcome))


class UndoView(APIView):
    """Undo the last rating: the card's schedule goes back to what it was before it."""

    @extend_schema(
        request=None,
        responses={200: FlashcardSerializer, 404: OpenApiResponse(OpenApiTypes.OBJECT, description="Nothing to undo.")},
    )
    def post(self, request):
        log = review_undo(student=request.user)
        if log is None:
            raise NotFound("Nothing to undo.")
        state = log.card.states.filter(student=request.user).first()
        data = card_out(log.card, state)
        data["undone_rating"] = RATING_NAMES[log.rating]
        return Response(data)


class SettingsSerializer(serializers.Serializer):
    desired_retention = serializers.FloatField(min_value=RETENTION_MIN, max_value=RETENTION_MAX, required=False)
    new_cards_per_day = serializers.IntegerField(min_value=0, max_value=500, required=False)
    time_zone = serializers.CharField(max_length=64, required=False)


def settings_out(user) -> dict:
    return {
        "desired_retention": user.desired_retention,
        "new_cards_per_day": user.new_cards_per_day,
        "time_zone": user.time_zone,
    }


class SettingsView(APIView):
    """The student's scheduling settings: desired retention (0.7..0.97), new cards per day, time zone."""

    @extend_schema(responses={200: SettingsSerializer})
    def get(self, request):
        return Response(settings_out(request.user))

    @extend_schema(request=SettingsSerializer, responses={200: SettingsSerializer})
    def patch(self, request):
        data = SettingsSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        user = flashcard_settings_update(student=request.user, **data.validated_data)
        return Response(settings_out(user))


StatsOut = inline_serializer(
    "FlashcardStats",
    fields={
        "total": serializers.IntegerField(),
        "due_today": serializers.IntegerField(),
        "new": serializers.IntegerField(),
        "new_today": serializers.IntegerField(),
        "learning": serializers.IntegerField(),
        "learned": serializers.IntegerField(),
        "reviews_today": serializers.IntegerField(),
        "average_retrievability": serializers.FloatField(allow_null=True),
        "forecast": inline_serializer(
            "FlashcardForecastDay",
            fields={"date": serializers.DateField(), "count": serializers.IntegerField()},
            many=True,
        ),
    },
)


class StatsView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("document", str, description="Only this document's cards (its slug).")],
        responses={200: StatsOut, 404: OpenApiResponse(OpenApiTypes.OBJECT, description="No such document.")},
    )
    def get(self, request):
        document = None
        if slug := request.query_params.get("document"):
            document = access_document_by_slug(request.user, slug)
        data = flashcard_stats(student=request.user, document=document)
        data["forecast"] = [
            {"date": day.isoformat(), "count": count}
            for day, count in flashcard_forecast(student=request.user, days=30, document=document)
        ]
        return Response(data, status=status.HTTP_200_OK)


urlpatterns = [
    path("flashcards/due/", DueView.as_view(), name="api-flashcards-due"),
    path("flashcards/<id:pk>/review/", ReviewView.as_view(), name="api-flashcard-review"),
    path("flashcards/undo/", UndoView.as_view(), name="api-flashcards-undo"),
    path("flashcards/settings/", SettingsView.as_view(), name="api-flashcards-settings"),
    path("flashcards/stats/", StatsView.as_view(), name="api-flashcards-stats"),
]
