"""One error shape for the whole API.

400: {"field": ["message"]}; 401/403/404/405/409/429: {"detail": "..."}.
Django's own Http404, PermissionDenied (with its message) and ValidationError are translated here, and only
here: views let a service's ValidationError propagate instead of building a 400 themselves.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(exceptions.APIException):
    """409: the request is valid but the object's state refuses it (already submitted, no attempt left...)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the current state.")
    default_code = "conflict"


def validation_error(exc: DjangoValidationError, field: str = "non_field_errors") -> serializers.ValidationError:
    """A Django ValidationError as DRF's: field errors kept, anything else under `field`."""
    if hasattr(exc, "error_dict"):
        return serializers.ValidationError(exc.message_dict)
    return serializers.ValidationError({field: exc.messages})


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = validation_error(exc)
    elif isinstance(exc, DjangoPermissionDenied) and exc.args:
        exc = exceptions.PermissionDenied(exc.args[0])  # keep the reason (DRF would say "no permission")
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError) and isinstance(response.data, list):
        response.data = {"non_field_errors": response.data}
    return response
