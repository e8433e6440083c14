"""API shapes of classes, rosters, assignments and grades (explicit fields)."""

import datetime as dt

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from learning.http_limits import upload_check_size
from learning.models import Assignment, Classroom
from learning.services import classes as class_services
from learning.services.assignments import (
    MAX_COMMENT,
    due_passed,
)


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
