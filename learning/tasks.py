"""Small operational tasks of the study side."""

from celery import shared_task
from django.utils import timezone

from learning.models import WorkerHeartbeat
from learning.services import attempts as attempt_services
from learning.services import digests as digest_services


@shared_task(bind=True, acks_late=True, soft_time_limit=10, time_limit=20)
def heartbeat(self, heartbeat_id: int) -> None:
    """Stamp the heartbeat with the worker's name; running twice stamps the same row."""
    WorkerHeartbeat.objects.filter(pk=heartbeat_id).update(
        received_at=timezone.now(), hostname=self.request.hostname or ""
    )


@shared_task(acks_late=True, soft_time_limit=50, time_limit=60)
def attempts_close_overdue() -> int:
    """Periodic: grade the open attempts whose time ran out, from their saved answers. Idempotent (each
    attempt is graded under its row lock, once), so an overlapping or re-delivered run changes nothing."""
    return attempt_services.attempts_close_overdue()


@shared_task(acks_late=True, soft_time_limit=50, time_limit=60)
def assignment_digests_send() -> int:
    """Periodic (each morning): queue one digest per student who wants it. Returns how many were queued."""
    today = timezone.localdate()
    student_ids = digest_services.digest_recipients(today=today)
    for student_id in student_ids:
        assignment_digest_send.delay(student_id)
    return len(student_ids)


@shared_task(acks_late=True, soft_time_limit=30, time_limit=40)
def assignment_digest_send(student_id: int) -> bool:
    """One student's digest; sending twice on one day is prevented by digest_send's row lock and stamp."""
    return digest_services.digest_send(student_id=student_id)
