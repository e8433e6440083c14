"""Small operational tasks of the study side."""

from celery import shared_task
from django.utils import timezone

from learning.models import WorkerHeartbeat


@shared_task(bind=True, acks_late=True, soft_time_limit=10, time_limit=20)
def heartbeat(self, heartbeat_id: int) -> None:
    """Stamp the heartbeat with the worker's name; running twice stamps the same row."""
    WorkerHeartbeat.objects.filter(pk=heartbeat_id).update(
        received_at=timezone.now(), hostname=self.request.hostname or ""
    )
