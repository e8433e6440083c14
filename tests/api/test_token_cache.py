"""Token authentication through the cache: no query for a known token, never a stale one (issue 16)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from learning.models import User
from learning.services.accounts import account_update, api_token_issue, api_token_revoke, user_password_set

ME = "/api/v1/flashcards/settings/"


def _client(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _auth_queries(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        status = client.get(ME).status_code
    return status, sum("authtoken_token" in q["sql"] for q in captured.captured_queries)


@pytest.fixture
def bob_key(bob):
    return api_token_issue(user=bob).key


def test_a_known_token_costs_no_query_after_the_first_request(db, bob_key):
    client = _client(bob_key)
    assert _auth_queries(client) == (200, 1)
    assert _auth_queries(client) == (200, 0)


@pytest.mark.parametrize(
    "change",
    [
        lambda user: api_token_revoke(user=user),
        lambda user: user_password_set(user=user, password="a new long passphrase 42"),
        lambda user: Token.objects.filter(user=user).delete(),  # the admin's delete action
    ],
    ids=["revoked", "password", "deleted"],
)
def test_a_revoked_or_rotated_token_is_refused_at_once(db, bob, bob_key, change):
    client = _client(bob_key)
    assert client.get(ME).status_code == 200
    change(User.objects.get(pk=bob.pk))
    assert client.get(ME).status_code == 401


def test_a_password_changed_through_set_password_and_save_refuses_the_old_token(db, bob, bob_key):
    client = _client(bob_key)
    assert client.get(ME).status_code == 200
    user = get_user_model().objects.get(pk=bob.pk)
    user.set_password("another long passphrase 7")
    user.save()
    assert client.get(ME).status_code == 401


def test_a_deactivated_account_is_refused_at_once_and_a_role_change_is_seen(db, bob, bob_key):
    client = _client(bob_key)
    create = lambda: client.post("/api/v1/classes/", {"name": "6A"}, format="json").status_code  # noqa: E731
    assert create() == 403  # a student may not create a class
    account_update(user=User.objects.get(pk=bob.pk), role="teacher")
    assert create() == 201
    user = User.objects.get(pk=bob.pk)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get(ME).status_code == 401


def test_the_cache_keeps_no_token_key_in_clear_and_can_be_turned_off(db, bob_key, settings):
    from django.core.cache import cache

    client = _client(bob_key)
    client.get(ME)
    assert cache.get(f"apitoken:v1:{bob_key}") is None
    settings.API_TOKEN_CACHE_SECONDS = 0
    assert _auth_queries(client) == (200, 1)
    assert _auth_queries(client) == (200, 1)


def test_an_expired_token_is_refused_even_when_cached(db, bob_key, settings):
    import datetime as dt

    import time_machine

    settings.API_TOKEN_TTL_DAYS = 1
    client = _client(bob_key)
    assert client.get(ME).status_code == 200
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=2)):
        assert client.get(ME).status_code == 401
