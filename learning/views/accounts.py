"""Browser pages: home, sign-up with a class join code, password change and reset, account settings."""

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from learning.access import documents_visible_to
from learning.forms import form_add_service_errors
from learning.forms.accounts import AccountSettingsForm, SignupForm
from learning.models import Document
from learning.services.signup import (
    account_password_set,
    account_settings_update,
    student_signup,
)

# Sign-ups per client address and hour, on the page and in the API alike (a class signs up from one room).
SIGNUP_PER_HOUR = 60


def home(request):
    # Signed in: what the user may open (learning.access); a visitor: the site's published documents.
    visible = documents_visible_to(request.user) if request.user.is_authenticated else None
    if visible is None:
        visible = Document.objects.filter(published=True, created_by__isnull=True)
    documents = visible.filter(published=True).only("slug", "title", "language")
    return render(request, "home.html", {"documents": documents})


def signup_rate_exceeded(request) -> bool:
    """Count this sign-up try for the client's address; True once it is over the hourly limit."""
    key = f"signup-rate:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > SIGNUP_PER_HOUR


@require_http_methods(["GET", "POST"])
def signup(request):
    """A student creates their account with the join code their teacher gave, and lands in that class."""
    if request.user.is_authenticated:
        return redirect("class-join")
    form = SignupForm(request.POST or None, initial={"code": request.GET.get("code", "")[:32]})
    if request.method == "POST" and form.is_valid():
        if signup_rate_exceeded(request):
            form.add_error(None, _("Too many sign-ups from this network. Try again in an hour."))
            return render(request, "registration/signup.html", {"form": form}, status=429)
        data = form.cleaned_data
        try:
            user, classroom = student_signup(
                username=data["username"],
                display_name=data["display_name"],
                password=data["password"],
                code=data["code"],
                email=data["email"],
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            login(request, user, backend="learning.auth.LockoutModelBackend")
            messages.success(request, _("Welcome! You are in %(name)s.") % {"name": classroom.name})
            return redirect("class-detail", pk=classroom.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "registration/signup.html", {"form": form}, status=status)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page; the new password is stored by the account service (tokens rotate, pending change cleared)."""

    success_url = reverse_lazy("home")

    def form_valid(self, form):
        account_password_set(user=form.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Your password was changed."))
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's page behind the emailed link; the password goes through the account service."""

    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        account_password_set(user=form.user, password=form.cleaned_data["new_password1"])
        self.request.session.pop(INTERNAL_RESET_SESSION_TOKEN, None)
        return HttpResponseRedirect(self.get_success_url())


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request):
    user = request.user
    form = AccountSettingsForm(request.POST or None, initial={"email": user.email, "email_digest": user.email_digest})
    if request.method == "POST" and form.is_valid():
        try:
            account_settings_update(
                user=user, email=form.cleaned_data["email"], email_digest=form.cleaned_data["email_digest"]
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Your settings were saved."))
            return redirect("account-settings")
    return render(request, "registration/settings.html", {"form": form})


class PasswordChangeRequiredMiddleware:
    """After a teacher's reset, every page but the password change (and sign-out) asks for a new password."""

    ALLOWED_PREFIXES = ("/static/", "/i18n/", "/api/", "/healthz", "/lti/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = (reverse("password_change"), reverse("logout"))
            if request.path not in allowed and not request.path.startswith(self.ALLOWED_PREFIXES):
                messages.info(request, _("Choose your own password to continue."))
                return redirect("password_change")
        return self.get_response(request)
