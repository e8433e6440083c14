"""Django forms of the study side's pages, one module per area (the simulator's are in simulator/forms.py)."""

from learning.forms.errors import form_add_service_errors

__all__ = ["form_add_service_errors"]
