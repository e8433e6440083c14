"""REST API v1: my progress."""

from django.http import Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.access import access_class_student_by_id, access_taught_classroom_by_id
from learning.api.classes import MyAssignmentSerializer
from learning.selectors.gradebook import assignments_for_student
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


class ClassStudentProgressView(APIView):
    """GET (the class's teacher): one student's progress, and their assignments in that class with status and grade.

    Anyone else gets 404: another teacher's class, a student not in the class, or a student asking.
    """

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk: int, student_id: int):
        if not request.user.is_teacher:
            raise Http404("No such student.")
        classroom = access_taught_classroom_by_id(request.user, pk)
        student = access_class_student_by_id(classroom, student_id)
        items = assignments_for_student(student=student, classroom=classroom)
        cells = {item["assignment"].pk: item["cell"] for item in items}
        assignments = MyAssignmentSerializer([i["assignment"] for i in items], many=True, context={"cells": cells})
        body = progress_json(student_progress(student=student))
        body["student"] = {
            "id": student.pk,
            "username": student.username,
            "first_name": student.first_name,
            "last_name": student.last_name,
        }
        body["assignments"] = assignments.data
        return Response(body)


urlpatterns = [
    path("progress/me/", ProgressMeView.as_view(), name="api-progress-me"),
    path(
        "classes/<id:pk>/students/<id:student_id>/progress/",
        ClassStudentProgressView.as_view(),
        name="api-class-student-progress",
    ),
]
