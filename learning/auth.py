"""The authentication backend: Django's model backend behind the sign-in lock-out (learning/services/signin.py)."""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from learning.services.signin import (
    client_ip,
    signin_failure_record,
    signin_lock_remaining,
    signin_success_record,
)


class LockoutModelBackend(ModelBackend):
    """Every `authenticate()` with a request (login page, admin, API token) counts here.

    A locked username+address is refused even with the right password (PermissionDenied stops Django from
    asking any other backend). Calls without a request (management commands, tests' `client.login`) are
    not counted: they do not come from the network.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        if request is None or not username:
            return super().authenticate(request, username=username, password=password, **kwargs)
        ip = client_ip(request)
        if signin_lock_remaining(username=username, ip=ip):
            raise PermissionDenied
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            signin_failure_record(username=username, ip=ip)
        else:
            signin_success_record(username=username, ip=ip)
        return user

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD
