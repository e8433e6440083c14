"""Settings, all read from the environment (django-environ).

Development defaults need nothing installed: SQLite under var/, kombu's
filesystem broker and a file cache. Production sets DJANGO_DEBUG=0 and must give
DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL, CELERY_BROKER_URL and
CACHE_URL; a missing one stops start-up, nothing falls back silently.
Importing this module creates nothing on disk: the development folders are made
by `config.localdirs` when Django starts (DEBUG only).
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DJANGO_DEBUG", default=True)

# Production has no defaults for these: a web process on SQLite, a worker on a folder broker or LTI state in
# one process's memory would each half-work. Every missing one is named in one message.
REQUIRED_IN_PRODUCTION = ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL")
if not DEBUG:
    _missing = [name for name in REQUIRED_IN_PRODUCTION if not env.str(name, default="").strip()]
    if _missing:
        raise ImproperlyConfigured(
            "DJANGO_DEBUG=0 (production) requires these environment variables, which are not set: "
            + ", ".join(_missing)
            + ". See README, Configuration."
        )

if DEBUG:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me-for-anything-real-0123456789")
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be 50+ characters when DJANGO_DEBUG=0")

# `seed_demo` creates accounts whose password is published: development only. (Its own setting because the
# test runner turns DEBUG off while the tests still seed the demo.)
DEMO_ACCOUNTS_ALLOWED = DEBUG

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Public base URL of the service (LTI configuration, absolute links in exports).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "learning",
    "simulator",
]

MIDDLEWARE = [
    # First: an oversized body is answered 413 before anything reads it (learning/http_limits.py).
    "learning.http_limits.RequestBodyLimitMiddleware",
    # A locked SQLite database: 503 with Retry-After; a number too big for a column: 400 (learning/http_errors.py).
    "learning.http_errors.DatabaseTroubleMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A student whose teacher reset their password chooses their own before anything else.
    "learning.views.accounts.PasswordChangeRequiredMiddleware",
    # After an LTI launch, the session's pages may be framed by the registered LMSs only (CSP frame-ancestors).
    "learning.lti.frames.LtiFrameMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "learning.User"
# Django's model backend behind the sign-in lock-out (learning/services/signin.py).
AUTHENTICATION_BACKENDS = ["learning.auth.LockoutModelBackend"]
# Lock-out: SIGNIN_LOCKOUT_FAILURES failed sign-ins of one username from one address within
# SIGNIN_LOCKOUT_WINDOW seconds lock that pair for SIGNIN_LOCKOUT_DURATION seconds (counted in the cache).
SIGNIN_LOCKOUT_FAILURES = env.int("SIGNIN_LOCKOUT_FAILURES", default=5)
SIGNIN_LOCKOUT_WINDOW = env.int("SIGNIN_LOCKOUT_WINDOW", default=15 * 60)
SIGNIN_LOCKOUT_DURATION = env.int("SIGNIN_LOCKOUT_DURATION", default=15 * 60)
# API tokens live until revoked (DELETE /api/v1/auth/token/) or the password changes; with a number of days
# here they also expire that long after they were issued (the next POST /api/v1/auth/token/ gives a new one).
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=0)
# A token is kept this long in the shared cache (no query per request); dropped at once when revoked or rotated.
API_TOKEN_CACHE_SECONDS = env.int("API_TOKEN_CACHE_SECONDS", default=60)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
# Persistent connections: without them a one-row read on PostgreSQL is ~10x slower.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
# A health check before the first query of each request: a connection dropped by a database restart fails
# over quietly instead of answering one 500 per worker. On PostgreSQL (config/postgresql) it costs a poll of
# the socket, and a `SELECT 1` only when the server has sent something; DJANGO_CONN_HEALTH_CHECKS=0 turns it off.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DJANGO_CONN_HEALTH_CHECKS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "config.postgresql"  # the health check without a round trip when it can
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web, the worker and beat write one file. WAL lets readers go on while one process writes; IMMEDIATE
    # transactions take the write lock when they begin (a deferred one that must upgrade its lock fails at once
    # instead of waiting); a writer waits up to 20 s for the lock, and only then is "database is locked" (a 503).
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
    # Tests use a file as well, not the in-memory database, so they meet the locking a laptop meets.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# LTI login state, nonces and deep-linking launches, API throttles and lesson payloads live in the default cache,
# so every web process and worker must see the same one. Development default: files under VAR_DIR (shared by the
# processes of one machine, no server, no table; ~0.6 ms a write, 16 us a read here, and no writes on SQLite's
# single writer lock as a database cache would add). Production: CACHE_URL (Redis), required above.
DEVELOPMENT_CACHE_URL = f"filecache://{VAR_DIR / 'cache'}"
CACHES = {"default": env.cache("CACHE_URL", default=DEVELOPMENT_CACHE_URL)}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "config.cache.RedisCache"  # one client per pool (config/cache.py)

# --- Email (password reset links, the daily digest of what is due) ---
# EMAIL_URL in django-environ's form: consolemail:// (default in development: printed by the web process),
# filemail:///path/to/dir, smtp+tls://user:password@host:587 (production). Without EMAIL_URL, production
# sends through an SMTP server on localhost:25 (Django's default). EMAIL_BACKEND overrides the backend alone.
vars().update(env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"))
if env.str("EMAIL_BACKEND", default=""):
    EMAIL_BACKEND = env.str("EMAIL_BACKEND")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="no-reply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 24 * 3600)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    # Not a rule: its password_changed() hook revokes the API token on every password change (admin included).
    {"NAME": "learning.services.accounts.RotateTokensOnPasswordChange"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# One catalog for the whole site (locale/vi/LC_MESSAGES/django.po, English message ids): `make messages`.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Request bodies (learning/http_limits.py): a multipart upload to an upload endpoint up to UPLOAD_MAX_BYTES,
# any other body up to REQUEST_BODY_MAX_BYTES; bigger ones get 413 before they are read.
REQUEST_BODY_MAX_BYTES = env.int("REQUEST_BODY_MAX_BYTES", default=2 * 1024 * 1024)
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Security (manage.py check --deploy is clean with DJANGO_DEBUG=0) ---
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # LTI launches are cross-site POSTs from the LMS: the session cookie must travel with them.
    SESSION_COOKIE_SAMESITE = "None"
    # Forms inside the LMS iframe (quiz submit) are cross-site too: the CSRF cookie must travel as well
    # (the token check itself still applies).
    CSRF_COOKIE_SAMESITE = "None"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- REST framework ---
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous request then gets 401 with WWW-Authenticate, not 403.
        "learning.api.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "learning.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "learning.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "learning.api.throttling.AnonRateThrottle",
        "learning.api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/min"),
        "user": env.str("API_THROTTLE_USER", default="100000/hour"),
    },
}
SPECTACULAR_SETTINGS = {
    # `<id:...>` path parameters (learning/ids.py) are integers.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 0, "maximum": 2**63 - 1}},
    "TITLE": "Learning service API",
    "DESCRIPTION": "Lessons, quizzes, flashcards, simulations, classes and progress.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and Redoc are served from the project's static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation documents the error shape of learning.api.errors (400 field errors, 401/403/404/429 detail).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "learning.api.schema.add_error_responses",
    ],
    # Two models have a `status` field with different choices: name their enums.
    "ENUM_NAME_OVERRIDES": {
        "SimulationRunStatusEnum": "simulator.models.SimulationRun.Status",
        "ExerciseSubmissionStatusEnum": "simulator.models.ExerciseSubmission.Status",
        # The three quiz review options share one set of choices.
        "ReviewWhenEnum": "learning.api.quiz_serializers.REVIEW_CHOICES",
    },
}

# --- Celery ---
# Default: kombu's filesystem transport, so a worker runs on a laptop with no server.
# Production/CI: CELERY_BROKER_URL=redis://...
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
SIMULATION_SOFT_TIME_LIMIT = env.int("SIMULATION_SOFT_TIME_LIMIT", default=60)
SIMULATION_HARD_TIME_LIMIT = env.int("SIMULATION_HARD_TIME_LIMIT", default=90)
# Fair use: runs one user may have queued or running at once (more answer 429), and how many of them may sit in
# the broker at a time (the rest wait in the database and go out as that user's earlier runs finish).
SIMULATION_MAX_ACTIVE_PER_USER = env.int("SIMULATION_MAX_ACTIVE_PER_USER", default=3)
SIMULATION_DISPATCHED_PER_USER = env.int("SIMULATION_DISPATCHED_PER_USER", default=1)
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The folders are created by config.localdirs when Django starts, not here.
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
        "polling_interval": 0.05,
    }
else:
    # Re-delivery after a worker dies happens after the visibility timeout:
    # keep it just above the hard time limit, not Redis's default hour.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=SIMULATION_HARD_TIME_LIMIT + 30),
        # kombu scans for expired unacked messages every interval x throttle seconds (default 10 x 10 = 100 s):
        # scan every 10 s so a dead worker's run comes back soon after the visibility timeout.
        "unacked_restore_interval": 5,
        "unacked_restore_throttle": 2,
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ROUTES = {"simulator.tasks.*": {"queue": "simulations"}}
CELERY_TASK_SOFT_TIME_LIMIT = SIMULATION_SOFT_TIME_LIMIT
CELERY_TASK_TIME_LIMIT = SIMULATION_HARD_TIME_LIMIT
CELERY_TIMEZONE = TIME_ZONE
# Publishing must fail fast when the broker is down (the run stays queued and is re-sent later).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY = False
# Celery's Django fixup closes every database connection before and after each task unless this is set
# (celery 5.5), whatever CONN_MAX_AGE says: a new PostgreSQL connection per task cost the cheapest simulation
# more CPU than its engine. Set, the fixup closes them every 2 x N tasks; between, each task starts and ends as a
# request does (config/celery.py): CONN_MAX_AGE and the health check decide.
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=500)
CELERY_BEAT_SCHEDULE = {
    "simulations-redispatch": {"task": "simulator.tasks.redispatch_stale_runs", "schedule": 30.0},
    # Timed quiz attempts left open are graded from their saved answers within a minute of their deadline.
    "quiz-attempts-close-overdue": {"task": "learning.tasks.attempts_close_overdue", "schedule": 30.0},
    # Each morning (CELERY_TIMEZONE), students who did not opt out get an email of the work due in two days.
    "assignment-digests": {
        "task": "learning.tasks.assignment_digests_send",
        "schedule": crontab(hour=env.int("DIGEST_HOUR", default=6), minute=30),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
