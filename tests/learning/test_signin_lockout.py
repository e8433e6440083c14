"""Sign-in lock-out and API token lifetime.

Bob guesses nothing; Mallory, at one address, tries Bob's username again and again: after five failures in
15 minutes that username is locked from that address (even with the right password) for a while, with a
clear message, on the sign-in page, the admin's and the API token endpoint. Bob at home is not locked.
"""

import datetime as dt
import io
import time

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from rest_framework.authtoken.models import Token

from learning.services.accounts import user_password_set
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

MALLORY = "203.0.113.7"
HOME = "198.51.100.20"


def page_login(client, username, password, ip=MALLORY, lang="vi"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip, HTTP_ACCEPT_LANGUAGE=lang
    )


def api_login(api, username, password, ip=MALLORY, lang="vi"):
    return api(None).post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        format="json",
        REMOTE_ADDR=ip,
        HTTP_ACCEPT_LANGUAGE=lang,
    )


def test_it_locks_a_username_from_one_address_after_five_failures(client, bob, charlie):
    for _i in range(4):
        assert page_login(client, "bob", "wrong").status_code == 200
    fifth = page_login(client, "bob", "wrong", lang="en")
    assert fifth.status_code == 429 and int(fifth["Retry-After"]) > 14 * 60
    assert "Too many failed sign-ins" in fifth.text and 'id="signin-locked"' in fifth.text

    right = page_login(client, "bob", PASSWORD)
    assert right.status_code == 429 and "Quá nhiều lần đăng nhập sai" in right.text  # Vietnamese by default
    assert "_auth_user_id" not in client.session
    # Someone else's username from that address, and Bob from home, are not locked.
    assert page_login(client, "charlie", PASSWORD).status_code == 302
    client.logout()
    assert page_login(client, "bob", PASSWORD, ip=HOME).status_code == 302


def test_the_admin_sign_in_counts_and_refuses_too(client, bob):
    bob.is_staff = True
    bob.save()
    for _i in range(5):
        client.post("/admin/login/?next=/admin/", {"username": "bob", "password": "wrong"}, REMOTE_ADDR=MALLORY)
    client.post("/admin/login/?next=/admin/", {"username": "bob", "password": PASSWORD}, REMOTE_ADDR=MALLORY)
    assert "_auth_user_id" not in client.session


def test_a_success_before_the_limit_starts_the_count_again(client, bob):
    for _i in range(4):
        page_login(client, "bob", "wrong")
    assert page_login(client, "bob", PASSWORD).status_code == 302
    client.logout()
    for _i in range(4):
        assert page_login(client, "bob", "wrong").status_code == 200
    assert page_login(client, "bob", PASSWORD).status_code == 302


def test_the_lock_ends_after_its_duration(client, bob, settings):
    settings.SIGNIN_LOCKOUT_DURATION = 1
    for _i in range(5):
        page_login(client, "bob", "wrong")
    assert page_login(client, "bob", PASSWORD).status_code == 429
    time.sleep(1.2)
    assert page_login(client, "bob", PASSWORD).status_code == 302


def test_the_token_endpoint_locks_with_429_and_retry_after(api, bob):
    for _i in range(4):
        assert api_login(api, "bob", "wrong").status_code == 400
    locked = api_login(api, "bob", "wrong", lang="en")
    assert locked.status_code == 429 and int(locked["Retry-After"]) > 14 * 60
    assert "Too many failed sign-ins" in locked.json()["detail"]
    assert api_login(api, "bob", PASSWORD).status_code == 429
    assert api_login(api, "bob", PASSWORD, ip=HOME).status_code == 200
    # The page and the API share the count: the page is locked for Bob at Mallory's address as well.


def test_page_and_api_failures_add_up(client, api, bob):
    for _i in range(3):
        page_login(client, "bob", "wrong")
    for _i in range(2):
        api_login(api, "bob", "wrong")
    assert page_login(client, "bob", PASSWORD).status_code == 429


# --- tokens ------------------------------------------------------------------------------------------


def token_works(api, key) -> bool:
    client = api(None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/assignments/").status_code == 200


def test_a_password_change_revokes_the_token(api, bob):
    old = api_login(api, "bob", PASSWORD, ip=HOME).json()["token"]
    assert token_works(api, old)

    user_password_set(user=bob, password="new-pass-2026-x")

    assert not token_works(api, old)
    assert api_login(api, "bob", PASSWORD, ip=HOME).status_code == 400
    new = api_login(api, "bob", "new-pass-2026-x", ip=HOME).json()["token"]
    assert new != old and token_works(api, new)


def test_a_password_set_in_the_admin_or_by_command_revokes_the_token_too(client, api, bob, db):
    from learning.models import User

    admin = User.objects.create_superuser("root", "root@example.org", "root-pass-2026")
    old = Token.objects.create(user=bob).key
    client.force_login(admin)
    response = client.post(
        f"/admin/learning/user/{bob.pk}/password/",
        {"password1": "admin-set-2026-x", "password2": "admin-set-2026-x", "usable_password": "true"},
    )
    assert response.status_code == 302, response.content[:500]
    assert not token_works(api, old)

    old = Token.objects.create(user=bob).key
    call_command("create_account", "bob", "--role", "student", "--password", "cmd-set-2026-x", stdout=io.StringIO())
    assert not token_works(api, old)


def test_revoking_the_token_ends_it(api, bob):
    key = api_login(api, "bob", PASSWORD, ip=HOME).json()["token"]
    client = api(None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.delete("/api/v1/auth/token/").status_code == 204
    assert not token_works(api, key)


def test_a_token_expires_after_the_configured_days(api, bob, settings):
    settings.API_TOKEN_TTL_DAYS = 30
    key = api_login(api, "bob", PASSWORD, ip=HOME).json()["token"]
    assert token_works(api, key)  # and now cached (learning.api.auth): its age is still checked each request

    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        assert not token_works(api, key)
        fresh = api_login(api, "bob", PASSWORD, ip=HOME).json()["token"]
        assert fresh != key and token_works(api, fresh)
    settings.API_TOKEN_TTL_DAYS = 0
    Token.objects.filter(key=fresh).update(created=timezone.now() - dt.timedelta(days=3650))
    assert token_works(api, fresh)  # without a lifetime, a token lives until revoked or the password changes
