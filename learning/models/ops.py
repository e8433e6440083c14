"""Operational records: worker heartbeats written by a Celery task."""

from django.db import models

__all__ = ["WorkerHeartbeat"]


class WorkerHeartbeat(models.Model):
    """Sent by the web process, stamped by whichever worker runs it: proves the queue works end to end."""

    sent_at = models.DateTimeField(auto_now_add=True)
    received_at = models.DateTimeField(null=True, blank=True)
    hostname = models.CharField(max_length=200, blank=True)
