"""API throttles that cost one cache round trip per request.

DRF's own throttles keep each client's request history as a pickled list that is read and written back
on every request (two Redis round trips and a pickle of up to `num_requests` floats). These count
requests in a fixed window instead: one `INCR` with an `EXPIRE` in the same pipeline. The price is the
usual fixed-window edge: a client may send up to twice its rate across the boundary of two windows,
which is harmless for limits meant to stop runaway scripts and guessing.
"""

import math

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from rest_framework import throttling


def window_hit(key: str, ttl: int) -> int:
    """Count one request under `key` (kept for `ttl` seconds) and return the count so far."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        full_key = backend.make_and_validate_key(key)
        client = backend._cache.get_client(full_key, write=True)
        pipe = client.pipeline(transaction=False)
        pipe.incr(full_key)
        pipe.expire(full_key, ttl, nx=True)
        count, _ = pipe.execute()
        return int(count)
    # Other backends (the database or file cache of a laptop, local memory in a test) have no atomic
    # "increment or create": add() creates the counter once, incr() is atomic where the backend is.
    backend.add(key, 0, ttl)
    try:
        return backend.incr(key)
    except ValueError:  # expired between add() and incr()
        backend.add(key, 1, ttl)
        return 1


class FixedWindowMixin:
    """Replaces SimpleRateThrottle's history list with a counter per window."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_end = (window + 1) * self.duration
        return window_hit(f"{self.key}:{window}", self.duration + 1) <= self.num_requests

    def wait(self):
        return max(1, math.ceil(self.window_end - self.now))


class AnonRateThrottle(FixedWindowMixin, throttling.AnonRateThrottle):
    """Anonymous clients, by address."""


class UserRateThrottle(FixedWindowMixin, throttling.UserRateThrottle):
    """Signed-in clients, by user."""
