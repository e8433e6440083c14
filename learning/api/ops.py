"""Operational endpoints for staff: check that a worker picks up tasks."""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAdminUser
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.models import WorkerHeartbeat
from learning.services.ops import heartbeat_send


class HeartbeatSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkerHeartbeat
        fields = ["id", "sent_at", "received_at", "hostname"]


class HeartbeatCreateView(APIView):
    permission_classes = [IsAdminUser]

    @extend_schema(request=None, responses={202: HeartbeatSerializer})
    def post(self, request):
        beat = heartbeat_send()
        return Response(HeartbeatSerializer(beat).data, status=status.HTTP_202_ACCEPTED)


class HeartbeatDetailView(APIView):
    permission_classes = [IsAdminUser]

    @extend_schema(responses={200: HeartbeatSerializer})
    def get(self, request, pk: int):
        return Response(HeartbeatSerializer(get_object_or_404(WorkerHeartbeat, pk=pk)).data)


urlpatterns = [
    path("ops/heartbeats/", HeartbeatCreateView.as_view(), name="api-heartbeat-create"),
    path("ops/heartbeats/<id:pk>/", HeartbeatDetailView.as_view(), name="api-heartbeat-detail"),
]
