"""Writes on accounts and their API tokens.

An account is changed only by its owner, staff or an operator on the command line: nothing here
updates an account on behalf of somebody else. A roster import creates accounts (`account_create`);
it never alters an existing one.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from learning.models import User


def account_username_taken(username: str) -> bool:
    """Usernames are unique ignoring case here: "Bob" and "bob" must never be two people."""
    return User.objects.filter(username__iexact=username).exists()


@transaction.atomic
def account_create(
    *, username: str, role: str, password: str | None = None, first_name: str = "", last_name: str = "", email: str = ""
) -> User:
    """Create a new account. A username already taken (in any case) is a ValidationError on `username`."""
    if role not in User.Role.values:
        raise ValueError(f"role must be one of {', '.join(User.Role.values)}")
    if account_username_taken(username):
        raise ValidationError({"username": [_("The username “%(u)s” is already taken.") % {"u": username}]})
    user = User(username=username, role=role, first_name=first_name, last_name=last_name, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def account_update(
    *,
    user: User,
    role: str | None = None,
    password: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    email: str | None = None,
) -> User:
    """Change an account (its owner, staff or an operator). A new password rotates the API token."""
    fields = []
    if role is not None:
        if role not in User.Role.values:
            raise ValueError(f"role must be one of {', '.join(User.Role.values)}")
        user.role = role
        fields.append("role")
    for name, value in (("first_name", first_name), ("last_name", last_name), ("email", email)):
        if value is not None:
            setattr(user, name, value)
            fields.append(name)
    if fields:
        user.save(update_fields=fields)
    if password:
        user_password_set(user=user, password=password)
    return user


@transaction.atomic
def user_password_set(*, user: User, password: str) -> User:
    """Set a new password: every API token of the account stops working (a new one is issued at next sign-in).

    Views that change the signed-in user's own password should also call
    `django.contrib.auth.update_session_auth_hash` so that session stays signed in; other sessions end.
    """
    user.set_password(password)
    user.save(update_fields=["password"])
    api_token_revoke(user=user)  # already done by the password_changed hook; explicit so the rule reads here
    return user


# --- API tokens --------------------------------------------------------------------------------------


def api_token_ttl() -> dt.timedelta | None:
    """How long a token lives after it was issued (`API_TOKEN_TTL_DAYS`; 0 = until revoked or password change)."""
    days = getattr(settings, "API_TOKEN_TTL_DAYS", 0)
    return dt.timedelta(days=days) if days else None


def api_token_expired(token: Token, *, now: dt.datetime | None = None) -> bool:
    ttl = api_token_ttl()
    return ttl is not None and token.created + ttl <= (now or timezone.now())


@transaction.atomic
def api_token_issue(*, user: User) -> Token:
    """The account's token: the current one while it is valid, else a new key (an expired key never comes back)."""
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and not api_token_expired(token):
        return token
    if token is not None:
        token.delete()
    return Token.objects.create(user=user)


def api_token_revoke(*, user: User) -> int:
    """Revoke the account's API token(s); returns how many were revoked."""
    deleted, _rows = Token.objects.filter(user=user).delete()
    return deleted


class RotateTokensOnPasswordChange:
    """Not a rule on passwords: Django calls `password_changed` of every configured validator after any
    `set_password()` + `save()` (admin, Django's password views, `createsuperuser`, services). That is the one
    place every password change passes through, so the API token is revoked there as well."""

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is not None and user.pk is not None:
            api_token_revoke(user=user)

    def get_help_text(self):
        return _("Changing the password revokes the account's API token.")
