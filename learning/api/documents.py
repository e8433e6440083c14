"""REST API v1: documents (list, detail, import) and lessons (detail, mark as read).

`GET /documents/{slug}/differences/` belongs to the quizzes module.
"""

from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.access import (
    access_document_by_slug,
    access_editable_document_by_slug,
    access_lesson_by_id,
    document_editable_by,
)
from learning.content.types import DocumentError
from learning.http_limits import upload_check_size
from learning.models import Lesson, LessonRead
from learning.roles import TEACHER, IsStudent, role_check
from learning.selectors.documents import (
    document_list,
    glossary_for_document,
    lesson_for_reader,
)
from learning.services.documents import (
    MAX_BYTES,
    MAX_UPLOAD_BYTES,
    document_copy,
    document_decode,
    document_error_message,
    document_import_result,
    lesson_mark_read,
)

# ---------------------------------------------------------------- serializers


class LessonSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    position = serializers.IntegerField()
    title = serializers.CharField()
    reading_minutes = serializers.IntegerField()
    read = serializers.BooleanField(source="is_read", help_text="Whether the signed-in student has read it.")


class GlossaryTermSerializer(serializers.Serializer):
    key = serializers.CharField()
    term = serializers.CharField()
    definition = serializers.CharField()
    lesson = serializers.IntegerField(source="lesson_id", allow_null=True)


class DocumentListSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    language = serializers.ChoiceField(choices=["vi", "en"])
    published = serializers.BooleanField()
    lesson_count = serializers.IntegerField()
    reading_minutes = serializers.IntegerField(source="reading_total", allow_null=True)
    lessons = LessonSummarySerializer(many=True, source="ordered_lessons")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class SubjectSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    aliases = serializers.ListField(child=serializers.CharField())


class DocumentDetailSerializer(DocumentListSerializer):
    subjects = SubjectSerializer(many=True)
    glossary = GlossaryTermSerializer(many=True, source="glossary_terms")
    copied_from = serializers.SlugField(
        source="copied_from.slug", allow_null=True, default=None, help_text="The document this one is a copy of."
    )
    editable = serializers.BooleanField(help_text="Whether the caller may change it (else: use a copy).")


class ChangeSetSerializer(serializers.Serializer):
    kept = serializers.IntegerField()
    changed = serializers.IntegerField()
    added = serializers.IntegerField()
    retired = serializers.IntegerField(help_text="Gone from the document: hidden from students, their data kept.")
    changed_names = serializers.ListField(child=serializers.CharField())
    added_names = serializers.ListField(child=serializers.CharField())
    retired_names = serializers.ListField(child=serializers.CharField())


class ImportReportSerializer(serializers.Serializer):
    lessons = ChangeSetSerializer()
    terms = ChangeSetSerializer()
    differences = ChangeSetSerializer()
    questions = ChangeSetSerializer()
    cards = ChangeSetSerializer()


class DocumentImportOutSerializer(DocumentDetailSerializer):
    status = serializers.ChoiceField(choices=["created", "updated", "unchanged"])
    report = ImportReportSerializer(help_text="What the import kept, changed, added and retired.")


class LessonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    document = serializers.SlugField(source="document.slug")
    language = serializers.CharField(source="document.language")
    key = serializers.CharField()
    position = serializers.IntegerField()
    title = serializers.CharField()
    html = serializers.CharField(
        help_text="Sanitized HTML; images are inline SVG diagrams, nothing loads from elsewhere."
    )
    reading_minutes = serializers.IntegerField()
    previous = serializers.IntegerField(allow_null=True, help_text="Id of the previous lesson of the document.")
    next = serializers.IntegerField(allow_null=True, help_text="Id of the next lesson of the document.")
    read = serializers.BooleanField(source="is_read")


class DocumentImportSerializer(serializers.Serializer):
    file = serializers.FileField(
        required=False, help_text="A Markdown (.md, UTF-8), Word (.docx) or HTML (.html) file, at most 5 MB."
    )
    text = serializers.CharField(required=False, trim_whitespace=False, allow_blank=True, max_length=MAX_BYTES)
    publish = serializers.BooleanField(required=False, default=True)
    document = serializers.SlugField(
        required=False,
        max_length=120,
        help_text="Slug of an existing document (one you may change) that this text is a new version of: it is "
        "updated and keeps its slug and its students' progress even when the title changed. Without it, the "
        "document with the same title slug is updated (or, for a file, the one imported from the same file name).",
    )

    def validate_file(self, upload):
        upload_check_size(upload, max_bytes=MAX_UPLOAD_BYTES)
        return upload

    def validate(self, attrs):
        has_file, has_text = attrs.get("file") is not None, bool((attrs.get("text") or "").strip())
        if has_file and has_text:
            raise serializers.ValidationError({"text": [_("Send either a file or a text, not both.")]})
        if not has_file and not has_text:
            field = "text" if "text" in attrs else "file"
            raise serializers.ValidationError({field: [_("Send a Markdown file or the document's text.")]})
        field = "file" if has_file else "text"
        try:
            if has_file:
                attrs["source"] = document_decode(attrs["file"].read(), filename=attrs["file"].name or "")
            else:
                attrs["source"] = document_decode(attrs["text"])
        except DocumentError as exc:
            raise serializers.ValidationError({field: [document_error_message(exc)]})
        attrs["field"] = field
        return attrs


# ---------------------------------------------------------------- views


def _with_lessons(queryset, user):
    reads = LessonRead.objects.filter(lesson=OuterRef("pk"), student_id=user.pk)
    lessons = Lesson.objects.order_by("position", "pk").annotate(is_read=Exists(reads))
    return queryset.prefetch_related(Prefetch("lessons", queryset=lessons, to_attr="ordered_lessons"))


class DocumentListCreateView(generics.GenericAPIView):
    serializer_class = DocumentListSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return _with_lessons(document_list(self.request.user), self.request.user)

    @extend_schema(responses={200: DocumentListSerializer(many=True)})
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(DocumentListSerializer(page, many=True).data)

    @extend_schema(
        request={"multipart/form-data": DocumentImportSerializer, "application/json": DocumentImportSerializer},
        responses={
            201: OpenApiResponse(DocumentImportOutSerializer, description="A new document was imported."),
            200: OpenApiResponse(
                DocumentImportOutSerializer,
                description="An existing document was updated (rows matched, what disappeared retired), or unchanged.",
            ),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="Field errors: {'file'|'text': ['why']}."),
            403: OpenApiResponse(OpenApiTypes.OBJECT, description="Only teachers can import."),
        },
    )
    def post(self, request):
        role_check(request.user, TEACHER, _("Only teachers can import documents."))
        data = request.data
        if hasattr(data, "dict"):  # QueryDict: keep the uploaded file object
            data = {**data.dict(), **({"file": request.FILES["file"]} if "file" in request.FILES else {})}
        serializer = DocumentImportSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        source = serializer.validated_data["source"]
        target = None
        if serializer.validated_data.get("document"):
            try:
                target = access_editable_document_by_slug(request.user, serializer.validated_data["document"])
            except Http404:
                raise serializers.ValidationError({"document": [_("No document of yours has this slug.")]})
        upload = serializer.validated_data.get("file")
        try:
            result = document_import_result(
                text=source,
                user=request.user,
                publish=serializer.validated_data["publish"],
                target=target,
                filename=upload.name[:255] if upload is not None else "",
            )
        except DocumentError as exc:
            raise serializers.ValidationError({serializer.validated_data["field"]: [document_error_message(exc)]})
        body = {
            **_document_detail(result.document.slug, request.user),
            "status": result.status,
            "report": result.report.as_dict(),
        }
        created = result.status == "created"
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


def _document_detail(slug: str, user) -> dict:
    document = _with_lessons(document_list(user).filter(slug=slug), user).first()
    if document is None:
        raise NotFound(_("No such document."))
    document.glossary_terms = list(glossary_for_document(document))
    document.editable = document_editable_by(user, document)
    return DocumentDetailSerializer(document).data


class DocumentDetailView(APIView):
    @extend_schema(responses={200: DocumentDetailSerializer, 404: OpenApiResponse(OpenApiTypes.OBJECT)})
    def get(self, request, slug: str):
        return Response(_document_detail(slug, request.user))


class DocumentCopyView(APIView):
    """ "Use a copy": the caller's own copy of a document they may open (lessons, differences, question bank with
    its edits, quizzes with their settings, cards), to change questions and settings without touching what
    other teachers' students see. Students' data is not copied."""

    @extend_schema(
        request=None,
        responses={
            201: OpenApiResponse(DocumentDetailSerializer, description="The new copy, owned by the caller."),
            403: OpenApiResponse(OpenApiTypes.OBJECT, description="Only teachers copy documents."),
            404: OpenApiResponse(OpenApiTypes.OBJECT),
        },
    )
    def post(self, request, slug: str):
        document = access_document_by_slug(request.user, slug)
        if not (request.user.is_teacher or request.user.is_staff):
            raise PermissionDenied(_("Only teachers can copy documents."))
        copy = document_copy(document=document, user=request.user)
        return Response(_document_detail(copy.slug, request.user), status=status.HTTP_201_CREATED)


class LessonDetailView(APIView):
    @extend_schema(responses={200: LessonSerializer, 404: OpenApiResponse(OpenApiTypes.OBJECT)})
    def get(self, request, pk: int):
        # Already in LessonSerializer's shape (a test holds the two together): no serializer per request.
        return Response(lesson_for_reader(request.user, pk))


LessonReadOut = inline_serializer(
    "LessonRead",
    fields={
        "lesson": serializers.IntegerField(),
        "read": serializers.BooleanField(),
        "read_at": serializers.DateTimeField(),
    },
)


class LessonCompleteView(APIView):
    """Mark a lesson as read (students). Idempotent: again returns the first read."""

    permission_classes = [IsStudent]

    @extend_schema(request=None, responses={200: LessonReadOut, 403: OpenApiResponse(OpenApiTypes.OBJECT)})
    def post(self, request, pk: int):
        lesson = access_lesson_by_id(request.user, pk)
        read, _created = lesson_mark_read(student=request.user, lesson=lesson)
        return Response({"lesson": lesson.pk, "read": True, "read_at": read.read_at})


urlpatterns = [
    path("documents/", DocumentListCreateView.as_view(), name="api-documents"),
    path("documents/<slug:slug>/", DocumentDetailView.as_view(), name="api-document"),
    path("documents/<slug:slug>/copy/", DocumentCopyView.as_view(), name="api-document-copy"),
    path("lessons/<id:pk>/", LessonDetailView.as_view(), name="api-lesson"),
    path("lessons/<id:pk>/complete/", LessonCompleteView.as_view(), name="api-lesson-complete"),
]
