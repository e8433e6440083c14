"""The sign-in page: Django's, with the lock-out's own message (and a 429) when too many attempts failed."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm

from learning.services.signin import client_ip, lockout_message, signin_lock_remaining


class LockoutAuthenticationForm(AuthenticationForm):
    """Says "locked, come back in N minutes" instead of "wrong password" while the lock holds."""

    lock_seconds = 0
    lock_message = ""

    def get_invalid_login_error(self):
        username = self.cleaned_data.get("username") or ""
        if username and self.request is not None:
            self.lock_seconds = signin_lock_remaining(username=username, ip=client_ip(self.request))
        if self.lock_seconds:
            self.lock_message = lockout_message(self.lock_seconds)
        return super().get_invalid_login_error()


class LoginView(auth_views.LoginView):
    authentication_form = LockoutAuthenticationForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.lock_seconds:
            response.status_code = 429
            response["Retry-After"] = str(form.lock_seconds)
        return response
