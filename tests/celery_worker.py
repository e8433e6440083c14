"""A real Celery worker for tests: consumes from the configured broker (Redis in CI) in a thread.

Tests that use it must be `django_db(transaction=True)`, or the worker cannot see their rows.
"""

import contextlib

from celery.contrib.testing.worker import start_worker

from config.celery import app


@contextlib.contextmanager
def running_worker(django_db_blocker, queues=("celery", "simulations")):
    with (
        django_db_blocker.unblock(),
        start_worker(app, pool="solo", perform_ping_check=False, queues=list(queues), shutdown_timeout=20),
    ):
        yield
