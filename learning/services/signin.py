"""Sign-in lock-out: a username tried from one address fails too often, and that pair is locked for a while.

Counted in the default cache (Redis in production, required there), so every web process sees the same
counts; one INCR per failed attempt, one GET per attempt. Every sign-in path goes through Django's
`authenticate()` and so through `learning.auth.LockoutModelBackend`, which calls these: the login page,
the admin's, and `POST /api/v1/auth/token/`.

Why not django-axes: it would add its own tables (and a database write per attempt), a middleware and an
authentication backend wired to its handler; the rule here is a counter with an expiry, which the cache
already does well.
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import ngettext
from rest_framework.throttling import BaseThrottle

from learning.api.throttling import window_hit


def client_ip(request) -> str:
    """The client's address as the API throttles see it (REST_FRAMEWORK NUM_PROXIES decides the proxy hops)."""
    return BaseThrottle().get_ident(request) or "unknown"


def _key(kind: str, username: str, ip: str) -> str:
    digest = hashlib.sha256(f"{username.strip().lower()}\x00{ip}".encode()).hexdigest()[:32]
    return f"signin:{kind}:{digest}"


def signin_lock_remaining(*, username: str, ip: str) -> int:
    """Seconds left on the lock of this username from this address (0: not locked)."""
    until = cache.get(_key("lock", username, ip))
    return max(0, math.ceil(until - time.time())) if until else 0


def signin_failure_record(*, username: str, ip: str) -> int:
    """Count one failed sign-in; at the limit, lock the pair. Returns the lock's seconds (0: not locked)."""
    # The window starts at the first failure (the counter's expiry is set once, when it is created).
    failures = window_hit(_key("fail", username, ip), settings.SIGNIN_LOCKOUT_WINDOW)
    if failures < settings.SIGNIN_LOCKOUT_FAILURES:
        return 0
    lock_for = settings.SIGNIN_LOCKOUT_DURATION
    cache.set(_key("lock", username, ip), time.time() + lock_for, timeout=lock_for)
    cache.delete(_key("fail", username, ip))  # after the lock, a fresh count
    return lock_for


def signin_success_record(*, username: str, ip: str) -> None:
    """A right password before the limit starts the count again."""
    cache.delete(_key("fail", username, ip))


def lockout_message(seconds: int) -> str:
    """What the sign-in page and the API say while the lock holds."""
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Too many failed sign-ins for this username from your network. Try again in %(n)d minute.",
        "Too many failed sign-ins for this username from your network. Try again in %(n)d minutes.",
        minutes,
    ) % {"n": minutes}
