"""API authentication: the one place a token key is turned into a user.

A token is looked up in the database once, then kept in the shared cache for `API_TOKEN_CACHE_SECONDS`
(60 s by default; 0 turns the cache off), so a student's next requests cost no query for it. The entry
is dropped as soon as the token is deleted (revoked, rotated on a password change, expired and replaced)
and whenever the account is saved (deactivated, role or password changed): see `token_cache_forget_*`,
connected in `learning.apps`. A bulk `QuerySet.update()` of accounts sends no signal; the TTL bounds it.
The token's age (`API_TOKEN_TTL_DAYS`) is checked on every request, cached or not.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from learning.api.throttling import token_window, window_hit_and_get
from learning.services.accounts import api_token_expired


def _ttl() -> int:
    return settings.API_TOKEN_CACHE_SECONDS


def _digest(key: str) -> str:
    # The key itself is a credential: never a cache key in clear (a Redis MONITOR or dump would show it).
    return hashlib.sha256(key.encode()).hexdigest()


def _cache_key(key: str) -> str:
    return "apitoken:v1:" + _digest(key)


def token_cache_forget(key: str) -> None:
    cache.delete(_cache_key(key))


def token_cache_forget_token(sender, instance, **kwargs) -> None:
    """post_save / post_delete of a Token."""
    token_cache_forget(instance.key)


def _user_key(user_id) -> str:
    return f"apitoken:v1:user:{user_id}"


def token_cache_forget_user(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    """post_save of a User: its token's cached account is stale (active flag, role, password, name).
    The cache remembers which entry is the user's, so this costs a cache round trip, no query."""
    if created or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return  # a new account has no cached token; a sign-in changes nothing the API reads
    entry = cache.get(_user_key(instance.pk))
    if entry is not None:
        cache.delete_many([entry, _user_key(instance.pk)])


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's `Authorization: Token KEY`, refusing a token older than API_TOKEN_TTL_DAYS (when set).

    The cached account is read in the same cache round trip that counts the request against the token's
    rate limit (learning.api.throttling); the count is left on the request for the throttle."""

    def authenticate(self, request):
        self.request = request  # DRF makes an authenticator per request
        return super().authenticate(request)

    def _cached(self, key: str, digest: str):
        window = token_window(digest)
        if window is None:
            return cache.get(_cache_key(key))
        counter, counter_ttl = window
        count, cached = window_hit_and_get(counter, counter_ttl, _cache_key(key))
        self.request.window_hits = {counter: count}
        return cached

    def authenticate_credentials(self, key):
        ttl, digest = _ttl(), _digest(key)
        self.request.token_digest = digest
        cached = self._cached(key, digest) if ttl > 0 else None
        if cached is not None:
            user, token = cached
            if not user.is_active:
                raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        else:
            user, token = super().authenticate_credentials(key)
            if ttl > 0:
                cache.set_many({_cache_key(key): (user, token), _user_key(user.pk): _cache_key(key)}, ttl)
        if api_token_expired(token):
            raise exceptions.AuthenticationFailed(_("This token has expired. Ask for a new one."))
        return user, token
