"""Settings come from the environment; production mode passes Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROD_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x7!k2m-9q" * 8,
    "DJANGO_ALLOWED_HOSTS": "learn.example.edu",
    "DATABASE_URL": "postgres://u:p@db.example.edu:5432/learning",
    "CELERY_BROKER_URL": "redis://redis.example.edu:6379/0",
}


def run_python(code: str, env: dict) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "CACHE_URL"))
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_it_reads_database_broker_and_hosts_from_the_environment():
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','config.settings'); django.setup();"
        "from django.conf import settings as s;"
        "db = s.DATABASES['default']; print(db['ENGINE'], db['HOST'], db['CONN_MAX_AGE']);"
        "print(s.CELERY_BROKER_URL); print(s.ALLOWED_HOSTS); print(s.DEBUG)"
    )
    out = run_python(code, PROD_ENV)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "django.db.backends.postgresql db.example.edu 60"
    assert lines[1] == "redis://redis.example.edu:6379/0"
    assert lines[2] == "['learn.example.edu']"
    assert lines[3] == "False"


def test_it_defaults_to_sqlite_and_the_filesystem_broker(tmp_path):
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','config.settings'); django.setup();"
        "from django.conf import settings as s; db = s.DATABASES['default']; print(db['ENGINE']); print(db['NAME']);"
        "print(s.CELERY_BROKER_URL)"
    )
    out = run_python(code, {"VAR_DIR": str(tmp_path)})
    assert out.returncode == 0, out.stderr
    engine, name, broker = out.stdout.splitlines()
    assert engine == "django.db.backends.sqlite3"
    assert name == str(tmp_path / "db.sqlite3")
    assert broker == "filesystem://"
    assert (tmp_path / "broker" / "queue").is_dir()


def test_it_refuses_production_without_a_secret_key():
    env = dict(PROD_ENV, DJANGO_SECRET_KEY="")
    out = run_python("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup()", env)
    assert out.returncode != 0
    assert "DJANGO_SECRET_KEY" in out.stderr


def test_check_deploy_passes_in_production_mode():
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "CACHE_URL"))
    }
    clean.update(PROD_ENV)
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stdout + out.stderr
