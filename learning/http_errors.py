"""Errors that are not the client's fault nor a bug to show as 500: a busy SQLite database (503, retry) and a
number too big for the database (400). One short page, or the API's error shape under /api/.
"""

import json
import logging

from django.db import DataError, OperationalError
from django.http import HttpResponse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Seconds a client should wait after a 503 for a busy database (SQLite's writer lock is held for milliseconds).
BUSY_RETRY_AFTER = 2


def error_response(request, *, status: int, title: str, message: str) -> HttpResponse:
    """`{"detail": message}` under /api/, else a minimal page that needs no session, user or template."""
    if request.path_info.startswith("/api/"):
        return HttpResponse(json.dumps({"detail": message}), status=status, content_type="application/json")
    language = translation.get_language() or "vi"
    page = (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"</head><body><h1>{escape(title)}</h1><p>{escape(message)}</p></body></html>"
    )
    return HttpResponse(page, status=status, content_type="text/html; charset=utf-8")


def database_locked(exc: BaseException) -> bool:
    return isinstance(exc, OperationalError) and "locked" in str(exc).lower()


class DatabaseTroubleMiddleware:
    """Turns what a view raised from the database into an answer: locked -> 503 + Retry-After; a value the
    column cannot hold (a huge number) -> 400. Anything else stays a 500, to be fixed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if database_locked(exception):
            logger.warning("database locked: %s %s", request.method, request.path)
            response = error_response(
                request,
                status=503,
                title=_("Busy, try again"),
                message=_("The service is busy saving other work. Try again in a few seconds; nothing was lost."),
            )
            response["Retry-After"] = str(BUSY_RETRY_AFTER)
            return response
        if isinstance(exception, (OverflowError, DataError)):
            logger.warning("value out of range: %s %s: %s", request.method, request.path, exception)
            return error_response(
                request, status=400, title=_("Bad request"), message=_("A number in the request is out of range.")
            )
        return None
