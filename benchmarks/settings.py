"""Settings of the benchmark run: the production settings, plus the two anchor endpoints.

Everything else (database, broker, cache) still comes from the environment, set by benchmarks/run.sh.
"""

from config.settings import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "benchmarks.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# Plain HTTP on the loopback: no redirect to https, no secure-only cookies (the load generators speak HTTP).
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_SAMESITE = "Lax"
