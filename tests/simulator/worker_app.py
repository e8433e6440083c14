"""Celery app for worker subprocesses in the tests: the project's app plus the test simulation kind.

Run as `celery -A tests.simulator.worker_app worker -Q simulations -P solo`.
"""

import django

from config.celery import app

django.setup()

from tests.simulator.kinds import register_test_kinds  # noqa: E402

register_test_kinds()

__all__ = ["app"]
