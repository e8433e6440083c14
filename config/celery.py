"""Celery application: configuration comes from Django settings (CELERY_*)."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("learning_service")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["learning.lti"])  # learning/lti/tasks.py (AGS scores, NRPS roster)


@task_prerun.connect
@task_postrun.connect
def _tasks_keep_connections_as_requests_do(sender=None, **kwargs) -> None:
    """Each task begins and ends as a Django request does: a connection older than CONN_MAX_AGE, or broken, is
    closed, and the next query runs the health check first (settings: CELERY_DB_REUSE_MAX). Not for a task run
    in the caller's process (eager), whose connection is the caller's."""
    from django.db import close_old_connections

    if not getattr(getattr(sender, "request", None), "is_eager", False):
        close_old_connections()
