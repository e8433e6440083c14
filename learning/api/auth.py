"""API authentication: the one place a token key is turned into a user."""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from learning.services.accounts import api_token_expired


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's `Authorization: Token KEY`, refusing a token older than API_TOKEN_TTL_DAYS (when set)."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if api_token_expired(token):
            raise exceptions.AuthenticationFailed(_("This token has expired. Ask for a new one."))
        return user, token
