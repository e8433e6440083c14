"""Folders the development defaults write to, made when Django starts rather than when settings are imported.

Production (DJANGO_DEBUG=0) gets nothing from here: its database, broker and cache are servers named in the
environment, and a missing folder there is the operator's to create, not something to paper over.
"""

from pathlib import Path

from django.conf import settings

SQLITE = "django.db.backends.sqlite3"
BROKER_FOLDERS = ("data_folder_in", "data_folder_out", "processed_folder", "control_folder")


def local_dirs() -> list[Path]:
    """The folders the configured SQLite file, filesystem broker and static root need."""
    dirs: list[Path] = []
    database = settings.DATABASES["default"]
    name = str(database.get("NAME") or "")
    if database["ENGINE"] == SQLITE and name and name != ":memory:" and not name.startswith("file:"):
        dirs.append(Path(name).parent)
    if str(getattr(settings, "CELERY_BROKER_URL", "")).startswith("filesystem://"):
        options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
        dirs += [Path(options[key]) for key in BROKER_FOLDERS if options.get(key)]
    # Whitenoise warns about a missing STATIC_ROOT when DEBUG is off (as in tests) until collectstatic has run.
    dirs.append(Path(settings.STATIC_ROOT))
    return dirs


def local_dirs_create() -> None:
    for path in local_dirs():
        path.mkdir(parents=True, exist_ok=True)
