"""GET /api/v1/documents/{slug}/export/?type=moodle|gift: a document's questions for another LMS (teachers).

Not `?format=`: DRF reserves that query parameter for choosing a renderer.
Include `urlpatterns` from learning/api/urls.py to serve it.
"""

from django.http import HttpResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.views import APIView

from learning.access import access_exportable_document_by_slug
from learning.exports.formats import gift, moodle_xml
from learning.exports.selectors import export_questions


class ExportQuery(serializers.Serializer):
    type = serializers.ChoiceField(choices=["moodle", "gift"], default="moodle")


class DocumentExportView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("type", OpenApiTypes.STR, enum=["moodle", "gift"], required=False)],
        responses={
            (200, "application/xml"): OpenApiResponse(OpenApiTypes.STR, description="Moodle XML (type=moodle)"),
            (200, "text/plain"): OpenApiResponse(OpenApiTypes.STR, description="GIFT (type=gift)"),
        },
    )
    def get(self, request, slug):
        query = ExportQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        document = access_exportable_document_by_slug(request.user, slug)
        questions = export_questions(document)
        if query.validated_data["type"] == "gift":
            content, content_type, ext = gift(category=document.title, questions=questions), "text/plain", "gift.txt"
        else:
            content, content_type, ext = (
                moodle_xml(category=document.title, questions=questions),
                "application/xml",
                "moodle.xml",
            )
        response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{document.slug}.{ext}"'
        return response


urlpatterns = [path("documents/<slug:slug>/export/", DocumentExportView.as_view(), name="api-document-export")]
