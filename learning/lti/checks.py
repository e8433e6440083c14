"""System check: LTI state must live in a cache every web process sees."""

from django.conf import settings
from django.core import checks
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache


def cache_shared_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Warn in production when the default cache is private to each process (or keeps nothing)."""
    if settings.DEBUG or not isinstance(caches["default"], LocMemCache | DummyCache):
        return []
    return [
        checks.Warning(
            f"The default cache ({settings.CACHES['default']['BACKEND']}) is private to each process.",
            hint=(
                "LTI login state, nonces and deep-linking launches, API throttles and cached lessons must be "
                "seen by every web process: a launch that reaches another worker than its login is refused. "
                "Set CACHE_URL to a shared cache (rediscache://host:6379/1)."
            ),
            id="learning.W001",
        )
    ]
