"""Request size limits: an oversized body is refused with 413 before anything reads it, and every uploaded
file passes one size check before it is read.

Limits (settings, from the environment):
- REQUEST_BODY_MAX_BYTES: any body that is not a file upload (JSON, forms); Django's
  DATA_UPLOAD_MAX_MEMORY_SIZE bounds the form fields it parses by the same number.
- UPLOAD_MAX_BYTES: a multipart body sent to one of the upload endpoints (UPLOAD_URL_NAMES); the file
  inside then has its own, smaller limit, checked by `upload_check_size`.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import defaults

from learning.http_errors import error_response

# The views that accept a file. Any other URL gets the small body limit, multipart or not.
UPLOAD_URL_NAMES = frozenset({"document-import", "api-documents", "class-import", "api-class-roster-import"})


def size_label(n: int) -> str:
    """1048576 -> "1 MB", 262144 -> "256 kB" (limits are set in whole kB or MB)."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MB"
    return f"{max(1, n // 1024)} kB"


def upload_check_size(upload, *, max_bytes: int) -> None:
    """Refuse an uploaded file larger than `max_bytes` before reading it (ValidationError, the file's message).

    `upload.size` is counted by Django while it stores the upload, not taken from the client.
    """
    if upload.size is None or upload.size > max_bytes:
        raise ValidationError(_("The file is larger than %(size)s.") % {"size": size_label(max_bytes)}, code="size")


def body_limit_for(request) -> int:
    limit = settings.REQUEST_BODY_MAX_BYTES
    if request.META.get("CONTENT_TYPE", "").startswith("multipart/form-data"):
        try:
            if resolve(request.path_info).url_name in UPLOAD_URL_NAMES:
                return settings.UPLOAD_MAX_BYTES
        except Resolver404:
            pass
    return limit


def _content_length(request) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0  # Django reads no body for a length it cannot parse


def request_too_large(request, limit: int) -> HttpResponse:
    """413 in the API's error shape under /api/, else a short page; in the client's language."""
    # This middleware runs before LocaleMiddleware: pick the language here.
    with translation.override(translation.get_language_from_request(request)):
        return error_response(
            request,
            status=413,
            title=_("Request too large"),
            message=_("The request is too large: at most %(size)s may be sent here.") % {"size": size_label(limit)},
        )


class RequestBodyLimitMiddleware:
    """First in MIDDLEWARE: nothing before it reads the body, so a refused one is never read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = _content_length(request)
        if length > settings.REQUEST_BODY_MAX_BYTES:
            limit = body_limit_for(request)
            if length > limit:
                return request_too_large(request, limit)
        return self.get_response(request)


def bad_request(request, exception=None):
    """handler400: form fields over DATA_UPLOAD_MAX_MEMORY_SIZE are a body too large (413), not a bad request."""
    if isinstance(exception, RequestDataTooBig):
        return request_too_large(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return defaults.bad_request(request, exception)
