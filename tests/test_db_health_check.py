"""The per-request database health check: free on a quiet connection, a real check once the server hung up."""

import time

import psycopg
import pytest
from django.db import connection, connections

from tests.conftest import on_postgres

pytestmark = [
    pytest.mark.skipif(not on_postgres(), reason="the PostgreSQL backend's health check"),
    pytest.mark.django_db(transaction=True),
]


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _new_request():
    """What Django does when a request starts (request_started -> close_old_connections)."""
    connection.close_if_unusable_or_obsolete()


@pytest.fixture
def full_checks(monkeypatch):
    """Records each full check (Django's `SELECT 1`), still running it."""
    calls = []
    wrapper = type(connections["default"])
    full = wrapper.is_usable

    def is_usable(self):
        calls.append(self.connection)
        return full(self)

    monkeypatch.setattr(wrapper, "is_usable", is_usable)
    return calls


def test_a_quiet_connection_is_reused_without_a_round_trip(full_checks):
    assert connection.health_check_enabled
    pid = _backend_pid()
    for _ in range(3):
        _new_request()
        assert _backend_pid() == pid
    assert full_checks == []


def test_a_connection_the_server_closed_is_replaced_before_the_request_uses_it(full_checks):
    pid = _backend_pid()
    settings = connection.settings_dict
    dsn = f"host={settings['HOST']} port={settings['PORT'] or 5432} user={settings['USER']} dbname=postgres"
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        for _ in range(100):
            if not admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
                break
            time.sleep(0.05)

    _new_request()
    new_pid = _backend_pid()  # no OperationalError: the dead connection was dropped first

    assert new_pid != pid
    assert len(full_checks) == 1
