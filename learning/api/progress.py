"""REST API v1: my progress."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.selectors.progress import student_progress


def progress_json(progress: dict) -> dict:
    """Plain JSON of learning.selectors.progress.student_progress (explicit fields)."""
    return {
        "streak": progress["streak"],
        "cards_due": progress["cards_due"],
        "documents": [
            {
                "id": d.id,
                "slug": d.slug,
                "title": d.title,
                "percent": d.percent,
                "lessons": {"read": d.lessons_read, "total": d.lessons_total},
                "flashcards": {
                    "total": d.cards_total,
                    "seen": d.cards_seen,
                    "due": d.cards_due,
                    "learned": d.cards_learned,
                    "avg_retrievability": d.avg_retrievability,
                },
                "mastery": {
                    "mastered": d.differences_mastered,
                    "total": len(d.differences),
                    "differences": d.differences,
                },
            }
            for d in progress["documents"]
        ],
        "quizzes": [{**q, "last_submitted_at": q["last_submitted_at"]} for q in progress["quizzes"]],
        "exercises": progress["exercises"],
    }


class ProgressMeView(APIView):
    """GET (student): my progress: lessons, quizzes, cards, simulations, streak, mastery per difference."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        if not request.user.is_student:
            raise PermissionDenied("Progress is kept for students; teachers see it per class.")
        return Response(progress_json(student_progress(student=request.user)))


urlpatterns = [path("progress/me/", ProgressMeView.as_view(), name="api-progress-me")]
