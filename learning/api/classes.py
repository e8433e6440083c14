"""REST API v1: classes, join codes, rosters, assignments and the gradebook."""

import datetime as dt

from django.http import Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.access import access_class_student_by_id, access_classroom_by_id, access_taught_classroom_by_id
from learning.api.pagination import PageNumberPagination
from learning.api.throttling import UserRateThrottle
from learning.http_limits import upload_check_size
from learning.models import Assignment, Classroom
from learning.roles import IsStudent, IsTeacher, require_teacher
from learning.selectors.classes import classroom_list
from learning.selectors.gradebook import (
    assignments_for_student,
    class_students,
    gradebook_csv_response,
    gradebook_for_class,
)
from learning.services import classes as class_services
from learning.services.assignments import (
    MAX_COMMENT,
    assignment_create,
    assignment_delete,
    assignment_grade_set,
    assignment_update,
    due_passed,
)

# --- Serializers (explicit fields) -------------------------------------------------------------------


class ClassroomSerializer(serializers.ModelSerializer):
    """`{"id", "name", "join_code"}` (fixed by DESIGN.md); the join code is shown to the class's teacher only."""

    join_code = serializers.SerializerMethodField()
    teacher = serializers.CharField(source="teacher.display_name", read_only=True)

    class Meta:
        model = Classroom
        fields = ["id", "name", "join_code", "join_enabled", "teacher", "created_at"]

    def get_join_code(self, obj) -> str | None:
        request = self.context.get("request")
        return obj.join_code if request and obj.teacher_id == request.user.pk else None


class ClassroomListSerializer(ClassroomSerializer):
    student_count = serializers.IntegerField(read_only=True, default=0)
    assignment_count = serializers.IntegerField(read_only=True, default=0)

    class Meta(ClassroomSerializer.Meta):
        fields = ClassroomSerializer.Meta.fields + ["student_count", "assignment_count"]


class ClassroomCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, trim_whitespace=True)


class JoinSerializer(serializers.Serializer):
    code = serializers.CharField(
        max_length=32,
        trim_whitespace=True,
        error_messages={"required": "A class code (text, at most 32 characters) is required."},
    )


class RosterImportSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True, error_messages={"required": "Attach a CSV file as `file`."})

    def validate_file(self, upload):
        upload_check_size(upload, max_bytes=class_services.IMPORT_MAX_BYTES)
        return upload


class ClassroomUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    join_enabled = serializers.BooleanField(required=False)


class StudentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    display_name = serializers.CharField()


class AssignmentSerializer(serializers.ModelSerializer):
    classroom_name = serializers.CharField(source="classroom.name", read_only=True)
    due_passed = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = [
            "id",
            "classroom",
            "classroom_name",
            "target_type",
            "target_id",
            "title",
            "target_url",
            "document",
            "goal_cards",
            "starts_at",
            "due_at",
            "late_allowed",
            "created_at",
            "due_passed",
        ]

    def get_due_passed(self, obj) -> bool:
        """True when the due date is already past (a warning for the teacher: undone work shows as missing)."""
        return due_passed(obj)


class AssignmentCreateSerializer(serializers.Serializer):
    target_type = serializers.ChoiceField(choices=Assignment.TargetType.values)
    target_id = serializers.IntegerField(min_value=1, max_value=2**62)
    due_at = serializers.DateTimeField()
    starts_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    late_allowed = serializers.BooleanField(required=False, default=False)
    goal_cards = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=10000)
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class AssignmentUpdateSerializer(serializers.Serializer):
    """PATCH: any of these; `starts_at: null` removes the start."""

    title = serializers.CharField(required=False, max_length=300)
    due_at = serializers.DateTimeField(required=False)
    starts_at = serializers.DateTimeField(required=False, allow_null=True)
    late_allowed = serializers.BooleanField(required=False)
    goal_cards = serializers.IntegerField(required=False, min_value=1, max_value=10000)


class GradeNoteSerializer(serializers.Serializer):
    """A teacher's override (percent) and comment on one gradebook cell; both empty removes them."""

    grade_override = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=0, max_value=100, allow_null=True, required=False, default=None
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=MAX_COMMENT)


class ClassroomDetailSerializer(ClassroomSerializer):
    students = serializers.SerializerMethodField()
    assignments = serializers.SerializerMethodField()

    class Meta(ClassroomSerializer.Meta):
        fields = ClassroomSerializer.Meta.fields + ["students", "assignments"]

    def get_students(self, obj) -> list[dict] | None:
        request = self.context["request"]
        if obj.teacher_id != request.user.pk:
            return None  # a student does not see the roster
        return StudentSerializer(self.context["students"], many=True).data

    def get_assignments(self, obj) -> list[dict]:
        return AssignmentSerializer(self.context["assignments"], many=True).data


class MyAssignmentSerializer(AssignmentSerializer):
    """An assignment with my `status` (not_started, in_progress, done, late, missing) and `grade` (percent).

    Cells come in the context (`cells`: {assignment id: Cell}); without one (a teacher), they are null.
    """

    status = serializers.SerializerMethodField()
    grade = serializers.SerializerMethodField()
    completed_at = serializers.SerializerMethodField()
    grade_override = serializers.SerializerMethodField()
    teacher_comment = serializers.SerializerMethodField()

    class Meta(AssignmentSerializer.Meta):
        fields = AssignmentSerializer.Meta.fields + [
            "status",
            "grade",
            "completed_at",
            "grade_override",
            "teacher_comment",
        ]

    def get_grade_override(self, obj) -> float | None:
        """The teacher's grade (percent), kept beside the computed `grade`; null when none."""
        cell = self._cell(obj)
        return cell.override if cell else None

    def get_teacher_comment(self, obj) -> str:
        cell = self._cell(obj)
        return cell.comment if cell else ""

    def _cell(self, obj):
        return self.context.get("cells", {}).get(obj.pk)

    @extend_schema_field(
        serializers.ChoiceField(choices=["not_started", "in_progress", "done", "late", "missing"], allow_null=True)
    )
    def get_status(self, obj) -> str | None:
        cell = self._cell(obj)
        return cell.status if cell else None

    def get_grade(self, obj) -> float | None:
        cell = self._cell(obj)
        return cell.grade if cell else None

    def get_completed_at(self, obj) -> dt.datetime | None:
        cell = self._cell(obj)
        return cell.completed_at if cell else None


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
            "assignments": list(classroom.assignments.select_related("classroom").order_by("due_at", "id")),
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
        assignments = classroom.assignments.select_related("classroom").order_by("due_at", "id")
        return Response(AssignmentSerializer(assignments, many=True).data)

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
