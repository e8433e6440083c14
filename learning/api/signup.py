"""REST API v1: a student signs up with a class join code; a teacher resets a student's password."""

from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.access import access_class_student_by_id, access_taught_classroom_by_id
from learning.api.throttling import AnonRateThrottle
from learning.roles import IsTeacher
from learning.services.signup import (
    DISPLAY_NAME_MAX,
    PASSWORD_MAX,
    USERNAME_MAX,
    student_password_reset,
    student_signup,
)


class SignupRateThrottle(AnonRateThrottle):
    """Sign-ups per client address: a class signs up from one room, a script does not sign up a thousand."""

    scope = "signup"
    rate = "60/hour"


class SignupIn(serializers.Serializer):
    code = serializers.CharField(max_length=32)
    display_name = serializers.CharField(max_length=DISPLAY_NAME_MAX)
    username = serializers.CharField(max_length=USERNAME_MAX)
    password = serializers.CharField(max_length=PASSWORD_MAX, trim_whitespace=False)
    # Checked by the service (an empty string means none); a plain string keeps the schema's default valid.
    email = serializers.CharField(required=False, allow_blank=True, default="", max_length=254)


class SignupOut(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    display_name = serializers.CharField()
    classroom = inline_serializer(
        "SignupClass", fields={"id": serializers.IntegerField(), "name": serializers.CharField()}
    )


class SignupView(APIView):
    """POST (no account yet): create a student account with a class join code; the student is in that class.

    400 names each wrong field (`code`: unknown or closed class; `username`: taken; `password`: too weak).
    At most 60 sign-ups an hour from one address (429 beyond). Then ask for a token at /api/v1/auth/token/.
    """

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [SignupRateThrottle]

    @extend_schema(request=SignupIn, responses={201: SignupOut}, auth=[])
    def post(self, request):
        data = SignupIn(data=request.data)
        data.is_valid(raise_exception=True)
        user, classroom = student_signup(**data.validated_data)
        return Response(
            {
                "id": user.pk,
                "username": user.username,
                "display_name": user.display_name,
                "classroom": {"id": classroom.pk, "name": classroom.name},
            },
            status=201,
        )


class StudentPasswordResetView(APIView):
    """POST (the class's teacher): give the student a one-time password; they choose their own at next sign-in."""

    permission_classes = [IsTeacher]

    @extend_schema(
        request=None,
        responses={200: inline_serializer("OneTimePassword", fields={"password": serializers.CharField()})},
    )
    def post(self, request, pk: int, student_id: int):
        classroom = access_taught_classroom_by_id(request.user, pk)
        student = access_class_student_by_id(classroom, student_id)
        return Response({"password": student_password_reset(classroom=classroom, student=student)})


urlpatterns = [
    path("auth/signup/", SignupView.as_view(), name="api-signup"),
    path(
        "classes/<id:pk>/students/<id:student_id>/password-reset/",
        StudentPasswordResetView.as_view(),
        name="api-class-student-password-reset",
    ),
]
