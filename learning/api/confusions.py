"""REST API v1: the confusions a class holds on a document (its teacher only)."""

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.access import access_document_by_slug, access_taught_classroom_by_id
from learning.api.classes import require_teacher
from learning.selectors.confusions import class_confusions
from learning.selectors.gradebook import class_students


class ConfusionOut(serializers.Serializer):
    statement = serializers.CharField(help_text="The document's statement the students get wrong.")
    subject = serializers.CharField(help_text="The subject they attribute it to instead.")
    picked = serializers.IntegerField()
    offered = serializers.IntegerField(help_text="Answers that offered this wrong attribution.")
    percent = serializers.IntegerField()
    difference = serializers.IntegerField(allow_null=True)
    difference_label = serializers.CharField(allow_blank=True)
    lesson_url = serializers.CharField(allow_null=True, help_text="The lesson scrolled to the sentence to re-teach.")


class ConfusionsView(APIView):
    """GET (the class's teacher): the most common wrong attributions in the class's answers on a document."""

    @extend_schema(
        parameters=[OpenApiParameter("document", str, required=True, description="The document's slug.")],
        responses={200: ConfusionOut(many=True)},
    )
    def get(self, request, pk: int):
        require_teacher(request.user)
        classroom = access_taught_classroom_by_id(request.user, pk)
        slug = request.query_params.get("document", "")
        if not slug or len(slug) > 200:
            raise serializers.ValidationError({"document": ["Name a document by its slug."]})
        document = access_document_by_slug(request.user, slug)
        students = [s.pk for s in class_students(classroom=classroom)]
        return Response(ConfusionOut(class_confusions(student_ids=students, document=document), many=True).data)


urlpatterns = [path("classes/<id:pk>/confusions/", ConfusionsView.as_view(), name="api-class-confusions")]
