"""Health of the parts the service depends on."""

from django.conf import settings
from django.db import connection, transaction
from kombu import Connection

from learning.models import WorkerHeartbeat


def database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"
        return False, f"{type(exc).__name__}: {exc}"
    return True, ""


def broker_ok(timeout: float = 2.0) -> tuple[bool, str]:
    url = settings.CELERY_BROKER_URL
    try:
        with Connection(
            url, connect_timeout=timeout, transport_options=getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
        ) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=timeout)
            # Opening a channel touches the server for real (redis: PING on connect).
            channel = conn.channel()
            channel.close()
    except Exception as exc:
        return False, f"{type(exc).__name__}: {exc}"
    return True, ""


def heartbeat_send() -> WorkerHeartbeat:
    """Record a heartbeat and queue it for a worker once the row is committed."""
    from learning.tasks import heartbeat

    with transaction.atomic():
        beat = WorkerHeartbeat.objects.create()
        transaction.on_commit(lambda: heartbeat.delay(beat.pk))
    return beat
