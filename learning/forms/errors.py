"""A service's ValidationError shown on the form that sent the request."""

from django import forms
from django.core.exceptions import ValidationError


def form_add_service_errors(form: forms.BaseForm, exc: ValidationError, *, fallback: str | None = None) -> None:
    """Put each message of `exc` on the form's field of the same name, else on `fallback` (None: the form)."""
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {fallback: exc.messages}
    for field, messages in by_field.items():
        target = field if field in form.fields else fallback
        for message in messages:
            form.add_error(target, message)
