"""Who may do what by role: one rule for pages and the API.

A student asking for a teacher-only action gets 403 with the same message from the page (Django's
PermissionDenied, shown by the 403 page) and from the API (`{"detail": ...}` through `api/errors.py`).
Whose object it is stays with `learning/access/` (missing and forbidden are both 404).
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

TEACHER = "teacher"
STUDENT = "student"

_MESSAGES = {TEACHER: _("Only teachers can do this."), STUDENT: _("Only students can do this.")}


def has_role(user, role: str) -> bool:
    return bool(user and user.is_authenticated and getattr(user, "role", None) == role)


def role_check(user, role: str, message=None) -> None:
    """Raise PermissionDenied (403 on a page and in the API) unless `user` has `role`."""
    if not has_role(user, role):
        raise PermissionDenied(message or _MESSAGES[role])


def role_required(role: str, message=None):
    """Page decorator: sign-in first (redirect to the login page), then the role (403)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            role_check(request.user, role, message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def require_teacher(user) -> None:
    role_check(user, TEACHER)


def require_student(user) -> None:
    role_check(user, STUDENT)


class _HasRole(BasePermission):
    role: str

    def has_permission(self, request, view) -> bool:
        return has_role(request.user, self.role)

    @property
    def message(self):
        return _MESSAGES[self.role]


class IsTeacher(_HasRole):
    """DRF permission: teachers only (403 with the same message as the page)."""

    role = TEACHER


class IsStudent(_HasRole):
    """DRF permission: students only (403 with the same message as the page)."""

    role = STUDENT
