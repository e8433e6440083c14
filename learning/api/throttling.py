"""API throttles that cost at most one cache round trip per request, shared with token authentication.

DRF's own throttles keep each client's request history as a pickled list that is read and written back
on every request (two Redis round trips and a pickle of up to `num_requests` floats). These count
requests in a fixed window instead: one `INCR` with an `EXPIRE` in the same pipeline. The price is the
usual fixed-window edge: a client may send up to twice its rate across the boundary of two windows,
which is harmless for limits meant to stop runaway scripts and guessing.

A token-authenticated request is counted by `learning.api.auth` in the same pipeline that reads the token's
cached account (`token_window`), under a key made from the token: the user throttle then finds the count
on the request (`request.window_hits`) and sends nothing. Every other throttle (another scope, an anonymous
client, a session) counts its own hit here.
"""

import math

from django.core.cache import caches
from rest_framework import throttling


def window_hit(key: str, ttl: int) -> int:
    """Count one request under `key` (kept for `ttl` seconds) and return the count so far."""
    return window_hit_and_get(key, ttl, None)[0]


def window_hit_and_get(key: str, ttl: int, other: str | None) -> tuple[int, object]:
    """`window_hit`, and the value cached under `other` (None if none): one round trip on Redis."""
    backend = caches["default"]
    if hasattr(backend, "window_hit"):  # config.cache.RedisCache: one pipeline
        return backend.window_hit(key, ttl, also_get=other)
    count = _window_hit_portable(backend, key, ttl)
    return count, backend.get(other) if other is not None else None


def _window_hit_portable(backend, key: str, ttl: int) -> int:
    # Other backends (the file cache of a laptop, local memory in a test) have no atomic "increment or
    # create": add() creates the counter once, incr() is atomic where the backend is.
    backend.add(key, 0, ttl)
    try:
        return backend.incr(key)
    except ValueError:  # expired between add() and incr()
        backend.add(key, 1, ttl)
        return 1


class FixedWindowMixin:
    """Replaces SimpleRateThrottle's history list with a counter per window."""

    def window(self, ident_key: str, now: float) -> tuple[str, int, float]:
        """(counter key, its ttl, end of the window) for the window `now` falls in."""
        window = int(now // self.duration)
        return f"{ident_key}:{window}", self.duration + 1, (window + 1) * self.duration

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        key, ttl, self.window_end = self.window(self.key, self.now)
        counted = getattr(request, "window_hits", {}).get(key)
        return (counted if counted is not None else window_hit(key, ttl)) <= self.num_requests

    def wait(self):
        return max(1, math.ceil(self.window_end - self.now))


class AnonRateThrottle(FixedWindowMixin, throttling.AnonRateThrottle):
    """Anonymous clients, by address."""


class UserRateThrottle(FixedWindowMixin, throttling.UserRateThrottle):
    """Signed-in clients: by token when the request carries one (one token per account), else by account."""

    def token_key(self, digest: str) -> str:
        return self.cache_format % {"scope": f"{self.scope}_token", "ident": digest[:32]}

    def get_cache_key(self, request, view):
        digest = getattr(request, "token_digest", None)
        if digest is not None:
            return self.token_key(digest)
        return super().get_cache_key(request, view)


def token_window(digest: str) -> tuple[str, int] | None:
    """The user throttle's counter key and ttl for a request with this token now, or None when unthrottled."""
    throttle = UserRateThrottle()
    if throttle.rate is None:
        return None
    key, ttl, _end = throttle.window(throttle.token_key(digest), throttle.timer())
    return key, ttl
