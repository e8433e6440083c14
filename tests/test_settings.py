"""Settings come from the environment; production mode passes Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROD_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x7!k2m-9q" * 8,
    "DJANGO_ALLOWED_HOSTS": "learn.example.edu",
    "DATABASE_URL": "postgres://u:p@db.example.edu:5432/learning",
    "CELERY_BROKER_URL": "redis://redis.example.edu:6379/0",
    "CACHE_URL": "rediscache://redis.example.edu:6379/1",
}
SETUP = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup()"


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
    assert lines[0] == "config.postgresql db.example.edu 60"
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
    # Made when Django starts in development (settings themselves create nothing).
    assert (tmp_path / "broker" / "queue").is_dir()


def test_its_default_cache_is_one_every_process_of_the_machine_sees(tmp_path):
    code = SETUP + ";from django.conf import settings as s; c = s.CACHES['default']; print(c['BACKEND'], c['LOCATION'])"
    out = run_python(code, {"VAR_DIR": str(tmp_path)})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["django.core.cache.backends.filebased.FileBasedCache", str(tmp_path / "cache")]


@pytest.mark.parametrize("debug", ["1", "0"])
def test_importing_the_settings_creates_no_folder(tmp_path, debug):
    var_dir = tmp_path / "var"
    env = dict(PROD_ENV, DJANGO_DEBUG=debug, VAR_DIR=str(var_dir))
    out = run_python("import config.settings", env)
    assert out.returncode == 0, out.stderr
    assert not var_dir.exists()


def test_starting_in_production_creates_no_folder(tmp_path):
    var_dir = tmp_path / "var"
    out = run_python(SETUP, dict(PROD_ENV, VAR_DIR=str(var_dir)))
    assert out.returncode == 0, out.stderr
    assert not var_dir.exists()


@pytest.mark.parametrize(
    "name", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL"]
)
def test_it_refuses_to_start_production_without_each_required_variable(name):
    env = {k: v for k, v in PROD_ENV.items() if k != name}
    out = run_python(SETUP, env)
    assert out.returncode != 0
    assert "ImproperlyConfigured" in out.stderr
    assert f"not set: {name}." in out.stderr


def test_it_names_every_missing_variable_in_one_message():
    out = run_python(SETUP, {"DJANGO_DEBUG": "0"})
    assert out.returncode != 0
    assert "not set: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL, CELERY_BROKER_URL, CACHE_URL." in out.stderr


def test_an_empty_variable_counts_as_missing():
    out = run_python(SETUP, dict(PROD_ENV, CACHE_URL="  "))
    assert out.returncode != 0
    assert "not set: CACHE_URL." in out.stderr


def test_seed_demo_refuses_to_create_known_password_accounts_in_production(tmp_path):
    database = tmp_path / "prod.sqlite3"
    env = dict(PROD_ENV, DATABASE_URL=f"sqlite:///{database}")
    out = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"],
        cwd=ROOT,
        env=clean_env(env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode != 0
    assert "only runs with DJANGO_DEBUG=1" in out.stderr
    assert "demo-pass" not in out.stdout + out.stderr
    assert not database.exists() or database.stat().st_size == 0


def test_check_warns_when_production_uses_a_per_process_cache():
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean_env(dict(PROD_ENV, CACHE_URL="locmemcache://")),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode != 0
    assert "learning.W001" in out.stderr
    assert "CACHE_URL" in out.stderr


def clean_env(env: dict) -> dict:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "CACHE_URL"))
    }
    clean.update(env)
    return clean


def test_it_refuses_production_with_a_short_secret_key():
    out = run_python(SETUP, dict(PROD_ENV, DJANGO_SECRET_KEY="short"))
    assert out.returncode != 0
    assert "DJANGO_SECRET_KEY must be 50+ characters" in out.stderr


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
