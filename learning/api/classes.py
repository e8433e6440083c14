"""REST API v1: classes, join codes, rosters, assignments and the gradebook."""

from django.http import Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.access import access_class_student_by_id, access_classroom_by_id, access_taught_classroom_by_id
from learning.api.class_serializers import (
    AssignmentCreateSerializer,
    AssignmentSerializer,
    AssignmentUpdateSerializer,
    ClassroomCreateSerializer,
    ClassroomDetailSerializer,
    ClassroomListSerializer,
    ClassroomSerializer,
    ClassroomUpdateSerializer,
    GradeNoteSerializer,
    JoinSerializer,
    MyAssignmentSerializer,
    RosterImportSerializer,
)
from learning.api.pagination import PageNumberPagination
from learning.api.throttling import UserRateThrottle
from learning.models import Assignment
from learning.roles import IsStudent, IsTeacher, require_teacher
from learning.selectors.classes import class_assignments, classroom_list
from learning.selectors.gradebook import (
    assignments_for_student,
    class_students,
    gradebook_csv_response,
    gradebook_for_class,
)
from learning.services import classes as class_services
from learning.services.assignments import (
    assignment_create,
    assignment_delete,
    assignment_grade_set,
    assignment_update,
)

# --- Views --------------------------------------------------------------------------------------------


class ClassroomListView(ListAPIView):
    """GET: my classes (taught or joined). POST (teacher): create a class; answers with its join code."""

    serializer_class = ClassroomListSerializer

    def get_queryset(self):
        return classroom_list(user=self.request.user)

    @extend_schema(request=ClassroomCreateSerializer, responses={201: ClassroomSerializer})
    def post(self, request):
        require_teacher(request.user)
        data = ClassroomCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        classroom = class_services.classroom_create(teacher=request.user, name=data.validated_data["name"])
        return Response(ClassroomSerializer(classroom, context={"request": request}).data, status=201)


class ClassroomDetailView(APIView):
    """GET: a class I teach (with roster) or joined. PATCH (its teacher): rename, enable/disable joining."""

    @extend_schema(responses={200: ClassroomDetailSerializer})
    def get(self, request, pk: int):
        classroom = access_classroom_by_id(request.user, pk)
        is_teacher = classroom.teacher_id == request.user.pk
        context = {
            "request": request,
            "students": class_students(classroom=classroom) if is_teacher else [],
            "assignments": list(class_assignments(classroom=classroom)),
        }
        return Response(ClassroomDetailSerializer(classroom, context=context).data)

    @extend_schema(request=ClassroomUpdateSerializer, responses={200: ClassroomSerializer})
    def patch(self, request, pk: int):
        require_teacher(request.user)
        classroom = access_taught_classroom_by_id(request.user, pk)
        data = ClassroomUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if "name" in data.validated_data:
            class_services.classroom_rename(classroom=classroom, name=data.validated_data["name"])
        if "join_enabled" in data.validated_data:
            class_services.classroom_join_enabled_set(classroom=classroom, enabled=data.validated_data["join_enabled"])
        return Response(ClassroomSerializer(classroom, context={"request": request}).data)


class JoinCodeRegenerateView(APIView):
    """POST (the class's teacher): draw a new join code; the old one stops working. Joining is enabled."""

    permission_classes = [IsTeacher]

    @extend_schema(request=None, responses={200: ClassroomSerializer})
    def post(self, request, pk: int):
        classroom = access_taught_classroom_by_id(request.user, pk)
        class_services.classroom_join_code_regenerate(classroom=classroom)
        return Response(ClassroomSerializer(classroom, context={"request": request}).data)


class JoinRateThrottle(UserRateThrottle):
    """Join codes are short enough to type: a student may not try more than a few per minute."""

    scope = "class_join"
    rate = "20/min"


class JoinView(APIView):
    """POST (student): join a class with `{"code"}`. At most 20 tries a minute per student (429 beyond)."""

    throttle_classes = [UserRateThrottle, JoinRateThrottle]
    permission_classes = [IsStudent]

    @extend_schema(request=JoinSerializer, responses={200: ClassroomSerializer})
    def post(self, request):
        body = JoinSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        classroom = class_services.classroom_join(student=request.user, code=body.validated_data["code"])
        return Response(ClassroomSerializer(classroom, context={"request": request}).data)


class RosterStudentView(APIView):
    """DELETE (the class's teacher): remove a student from the class. Their own work is kept."""

    permission_classes = [IsTeacher]

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk: int, student_id: int):
        classroom = access_taught_classroom_by_id(request.user, pk)
        student = access_class_student_by_id(classroom, student_id)
        class_services.membership_remove(classroom=classroom, student=student)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RosterImportView(APIView):
    """POST (the class's teacher): a CSV file `file` of username, first name, last name[, password] rows.

    All or nothing: 400 with `{"file": ["line N: ..."]}` naming every wrong row, or 200 with `students`
    (new accounts, with the passwords drawn for those that had none, and existing students of this teacher,
    added unchanged), `skipped` (rows naming an account this teacher does not manage: left unchanged and
    not added, with the reason) and the class's `join_code` to hand to those.
    """

    parser_classes = [MultiPartParser, FormParser]
    permission_classes = [IsTeacher]

    @extend_schema(request={"multipart/form-data": RosterImportSerializer}, responses={200: OpenApiTypes.OBJECT})
    def post(self, request, pk: int):
        classroom = access_taught_classroom_by_id(request.user, pk)
        body = RosterImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = class_services.students_import_csv(classroom=classroom, data=body.validated_data["file"].read())
        if not result.ok:
            return Response({"file": [str(e) for e in result.errors]}, status=400)
        return Response(
            {
                "students": [
                    {
                        "line": r.line,
                        "username": r.username,
                        "first_name": r.first_name,
                        "last_name": r.last_name,
                        "created": r.created,
                        "outcome": r.outcome,
                        "password": r.generated_password or None,
                    }
                    for r in result.rows
                ],
                "skipped": [{"line": r.line, "username": r.username, "reason": r.reason} for r in result.skipped],
                "join_code": result.join_code,
            }
        )


class ClassAssignmentsView(APIView):
    """GET: the class's assignments. POST (the class's teacher): assign a lesson, quiz, exercise or flashcards goal."""

    @extend_schema(responses={200: AssignmentSerializer(many=True)})
    def get(self, request, pk: int):
        classroom = access_classroom_by_id(request.user, pk)
        return Response(AssignmentSerializer(class_assignments(classroom=classroom), many=True).data)

    @extend_schema(request=AssignmentCreateSerializer, responses={201: AssignmentSerializer})
    def post(self, request, pk: int):
        require_teacher(request.user)
        classroom = access_taught_classroom_by_id(request.user, pk)
        data = AssignmentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = assignment_create(classroom=classroom, **data.validated_data)
        return Response(AssignmentSerializer(assignment).data, status=201)


def _taught_assignment(request, pk: int, assignment_id: int) -> Assignment:
    classroom = access_taught_classroom_by_id(request.user, pk)
    assignment = classroom.assignments.select_related("classroom").filter(pk=assignment_id).first()
    if assignment is None:
        raise Http404("No such assignment.")
    return assignment


class ClassAssignmentDetailView(APIView):
    """PATCH (the class's teacher): change title, dates, late policy or card goal. DELETE: remove it.

    Statuses follow the new dates at once; `due_passed` in the answer warns that the due date is past.
    """

    permission_classes = [IsTeacher]

    @extend_schema(request=AssignmentUpdateSerializer, responses={200: AssignmentSerializer})
    def patch(self, request, pk: int, assignment_id: int):
        assignment = _taught_assignment(request, pk, assignment_id)
        data = AssignmentUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignment_update(assignment=assignment, **data.validated_data)
        return Response(AssignmentSerializer(assignment).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk: int, assignment_id: int):
        assignment_delete(assignment=_taught_assignment(request, pk, assignment_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class GradeNoteView(APIView):
    """PUT (the class's teacher): override a student's grade on an assignment and/or comment on it."""

    permission_classes = [IsTeacher]

    @extend_schema(request=GradeNoteSerializer, responses={200: GradeNoteSerializer})
    def put(self, request, pk: int, assignment_id: int, student_id: int):
        assignment = _taught_assignment(request, pk, assignment_id)
        student = access_class_student_by_id(assignment.classroom, student_id)
        data = GradeNoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        note = assignment_grade_set(assignment=assignment, student=student, teacher=request.user, **data.validated_data)
        return Response(
            {
                "grade_override": None if note is None or note.grade_override is None else float(note.grade_override),
                "comment": note.comment if note else "",
            }
        )


class MyAssignmentsView(ListAPIView):
    """GET (student): my assignments in all my classes, by due date, each with `status` and `grade`.

    A teacher gets the assignments of their classes (without status).
    """

    pagination_class = PageNumberPagination

    @extend_schema(responses={200: MyAssignmentSerializer(many=True)})
    def get(self, request):
        paginator = self.pagination_class()
        if request.user.is_teacher:
            assignments = (
                Assignment.objects.filter(classroom__teacher=request.user)
                .select_related("classroom")
                .order_by("due_at", "id")
            )
            page = paginator.paginate_queryset(assignments, request, view=self)
            return paginator.get_paginated_response(MyAssignmentSerializer(page, many=True).data)
        # Statuses are computed for all of them at once (a fixed number of queries), then paged.
        items = assignments_for_student(student=request.user)
        page = paginator.paginate_queryset(items, request, view=self)
        cells = {item["assignment"].pk: item["cell"] for item in page}
        data = MyAssignmentSerializer([item["assignment"] for item in page], many=True, context={"cells": cells}).data
        return paginator.get_paginated_response(data)


class CSVRenderer(BaseRenderer):
    """Lets `?format=csv` pass DRF's content negotiation; the view writes the bytes itself."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class GradebookView(APIView):
    """GET (the class's teacher): students x assignments with status and grade; `?format=csv` for a spreadsheet."""

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    permission_classes = [IsTeacher]

    def handle_exception(self, exc):
        # Errors keep the one JSON error shape, even when a CSV was asked for.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["json", "csv"], required=False)],
        responses={(200, "application/json"): OpenApiTypes.OBJECT, (200, "text/csv"): OpenApiTypes.STR},
    )
    def get(self, request, pk: int):
        classroom = access_taught_classroom_by_id(request.user, pk)
        book = gradebook_for_class(classroom=classroom)
        if request.accepted_renderer.format == "csv":
            return gradebook_csv_response(classroom, book)
        return Response(
            {
                "class": {"id": classroom.id, "name": classroom.name},
                "assignments": [
                    {
                        "id": a.id,
                        "title": a.title,
                        "target_type": a.target_type,
                        "target_id": a.target_id,
                        "due_at": serializers.DateTimeField().to_representation(a.due_at),
                        "late_allowed": a.late_allowed,
                    }
                    for a in book.assignments
                ],
                "students": [
                    {
                        "id": s.id,
                        "username": s.username,
                        "first_name": s.first_name,
                        "last_name": s.last_name,
                        "cells": [
                            {
                                "assignment": a.id,
                                "status": c.status,
                                "grade": c.grade,
                                "override": c.override,
                                "comment": c.comment,
                            }
                            for a, c in zip(book.assignments, book.row(s), strict=True)
                        ],
                    }
                    for s in book.students
                ],
            }
        )


urlpatterns = [
    path("classes/", ClassroomListView.as_view(), name="api-classes"),
    path("classes/join/", JoinView.as_view(), name="api-class-join"),
    path("classes/<id:pk>/", ClassroomDetailView.as_view(), name="api-class-detail"),
    path("classes/<id:pk>/join-code/", JoinCodeRegenerateView.as_view(), name="api-class-join-code"),
    path("classes/<id:pk>/students/import/", RosterImportView.as_view(), name="api-class-roster-import"),
    path("classes/<id:pk>/students/<id:student_id>/", RosterStudentView.as_view(), name="api-class-student"),
    path("classes/<id:pk>/assignments/", ClassAssignmentsView.as_view(), name="api-class-assignments"),
    path(
        "classes/<id:pk>/assignments/<id:assignment_id>/",
        ClassAssignmentDetailView.as_view(),
        name="api-class-assignment",
    ),
    path(
        "classes/<id:pk>/assignments/<id:assignment_id>/students/<id:student_id>/grade/",
        GradeNoteView.as_view(),
        name="api-class-grade-note",
    ),
    path("classes/<id:pk>/gradebook/", GradebookView.as_view(), name="api-class-gradebook"),
    path("assignments/", MyAssignmentsView.as_view(), name="api-my-assignments"),
]
