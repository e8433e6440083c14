"""LTI state (login state, nonces, deep-linking launches) is seen by every web process; lost state is a 4xx page.

A second web process shares nothing of the first one's Python objects: not its cache clients, not the
module-level dictionaries of Django's local-memory cache. `as_if_another_process()` throws exactly that
away between two requests. What survives is what another process would see: the database and a cache
kept outside the process (files under VAR_DIR by default, Redis in production).
"""

import logging
import re

import environ
import pytest
from asgiref.local import Local
from django.core.cache import caches
from django.core.cache.backends import locmem
from django.core.cache.backends.filebased import FileBasedCache

from learning.models import LtiUser
from tests.lti.platform import ROLE_INSTRUCTOR, ROLE_LEARNER, new_sub

pytestmark = pytest.mark.django_db
EXPIRED_VI = "Phiên chọn nội dung đã hết hạn"


def as_if_another_process():
    """Forget every in-process cache object, as a request served by another gunicorn worker would."""
    caches.close_all()
    caches._connections = Local()
    locmem._caches.clear()
    locmem._expire_info.clear()
    locmem._locks.clear()


@pytest.fixture
def shipped_default_cache(settings, tmp_path):
    """The cache the settings give when CACHE_URL is not set (in a folder of this test's own)."""
    shipped = environ.Env.cache_url_config(settings.DEVELOPMENT_CACHE_URL)
    shipped["LOCATION"] = str(tmp_path / "cache")
    settings.CACHES = {"default": shipped}
    assert isinstance(caches["default"], FileBasedCache)
    return caches["default"]


@pytest.fixture
def per_process_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def quiz_link(quiz):
    return {"target_type": "quiz", "target_id": str(quiz.pk)}


def launch_split(client, platform, **token_kwargs):
    """Login on one process, launch on another."""
    auth = platform.login(client)
    as_if_another_process()
    token = platform.id_token(nonce=auth["nonce"], **token_kwargs)
    return client.post(auth["redirect_uri"], {"id_token": token, "state": auth["state"]})


def test_it_launches_when_login_and_launch_reach_different_processes(shipped_default_cache, client, registered, quiz):
    sub = new_sub()
    response = launch_split(client, registered, sub=sub, roles=[ROLE_LEARNER], custom=quiz_link(quiz))

    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] == f"/quizzes/{quiz.pk}/"
    assert LtiUser.objects.filter(sub=sub).exists()


def test_the_stand_in_for_another_process_is_real_a_per_process_cache_fails_it(
    per_process_cache, client, registered, quiz
):
    """The same flow with local memory (the old default) is refused: the test above would catch a regression."""
    response = launch_split(client, registered, sub=new_sub(), roles=[ROLE_LEARNER], custom=quiz_link(quiz))

    assert response.status_code == 403
    assert not LtiUser.objects.exists()


def test_it_deep_links_when_the_pick_reaches_another_process(shipped_default_cache, client, registered, quiz):
    picker = registered.launch(
        client, sub=new_sub(), roles=[ROLE_INSTRUCTOR], message_type="LtiDeepLinkingRequest", nrps=False
    )
    launch_id = re.search(rb'name="launch_id" value="([^"]+)"', picker.content).group(1).decode()
    as_if_another_process()

    response = client.post("/lti/deep-link/", {"launch_id": launch_id, "target": f"quiz:{quiz.pk}"})

    assert response.status_code == 200
    assert b'name="JWT"' in response.content


def deep_link_picker(client, platform):
    picker = platform.launch(
        client, sub=new_sub(), roles=[ROLE_INSTRUCTOR], message_type="LtiDeepLinkingRequest", nrps=False
    )
    assert picker.status_code == 200
    return re.search(rb'name="launch_id" value="([^"]+)"', picker.content).group(1).decode()


def test_a_pick_after_the_launch_data_is_gone_is_the_expired_page_not_a_500(client, registered, quiz, caplog):
    launch_id = deep_link_picker(client, registered)
    caches["default"].clear()  # expired, evicted, or kept by a process this one cannot see

    with caplog.at_level(logging.INFO, logger="learning.lti.views"):
        response = client.post("/lti/deep-link/", {"launch_id": launch_id, "target": f"quiz:{quiz.pk}"})

    assert response.status_code == 400
    assert EXPIRED_VI in response.content.decode()
    assert b'name="JWT"' not in response.content
    [record] = [r for r in caplog.records if r.name == "learning.lti.views"]
    assert "Could not find LTI launch data" in record.getMessage()
    assert record.exc_info is None


def test_the_expired_page_speaks_english_on_request(client, registered, quiz):
    launch_id = deep_link_picker(client, registered)
    caches["default"].clear()

    response = client.post(
        "/lti/deep-link/", {"launch_id": launch_id, "target": f"quiz:{quiz.pk}"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert "This deep-linking session has expired" in response.content.decode()


def test_a_second_pick_of_the_same_deep_linking_request_is_refused(client, registered, quiz):
    launch_id = deep_link_picker(client, registered)
    first = client.post("/lti/deep-link/", {"launch_id": launch_id, "target": f"quiz:{quiz.pk}"})
    assert first.status_code == 200

    replay = client.post("/lti/deep-link/", {"launch_id": launch_id, "target": f"quiz:{quiz.pk}"})

    assert replay.status_code == 400
    assert b'name="JWT"' not in replay.content


def test_a_launch_whose_login_state_is_gone_says_so_without_a_traceback(client, registered, quiz, caplog):
    auth = registered.login(client)
    caches["default"].clear()
    token = registered.id_token(nonce=auth["nonce"], sub=new_sub(), roles=[ROLE_LEARNER], custom=quiz_link(quiz))

    with caplog.at_level(logging.INFO, logger="learning.lti.views"):
        response = client.post(
            auth["redirect_uri"], {"id_token": token, "state": auth["state"]}, HTTP_ACCEPT_LANGUAGE="en"
        )

    assert response.status_code == 403
    assert "This launch has expired or its sign-in step was lost" in response.content.decode()
    assert all(r.exc_info is None for r in caplog.records)
    assert not LtiUser.objects.exists()


@pytest.mark.parametrize(
    ("path", "data", "status"),
    [
        pytest.param("/lti/login/", {}, 400, id="login-without-issuer"),
        pytest.param("/lti/login/", {"iss": "https://lms.example.edu"}, 400, id="login-without-login-hint"),
        pytest.param("/lti/launch/", {}, 403, id="launch-without-anything"),
        pytest.param("/lti/launch/", {"id_token": "a.b.c", "state": "forged"}, 403, id="launch-forged-state"),
        pytest.param("/lti/launch/", {"id_token": "not-a-jwt"}, 403, id="launch-without-state"),
        pytest.param("/lti/deep-link/", {}, 400, id="pick-without-launch"),
        pytest.param("/lti/deep-link/", {"launch_id": "forged", "target": "quiz:1"}, 400, id="pick-forged-launch"),
        pytest.param("/lti/link/", {"target": "quiz:1"}, 400, id="link-pick-without-launch"),
    ],
)
def test_each_lti_view_answers_a_forged_or_missing_state_with_a_4xx_page(client, registered, path, data, status):
    response = client.post(path, data)

    assert response.status_code == status
    assert "Không thể mở công cụ từ LMS của bạn" in response.content.decode()  # the LTI error page, in Vietnamese


def test_a_launch_without_the_login_cookie_is_a_4xx_not_a_500(client, registered, quiz):
    auth = registered.login(client)
    token = registered.id_token(nonce=auth["nonce"], sub=new_sub(), roles=[ROLE_LEARNER], custom=quiz_link(quiz))
    client.cookies.clear()  # a browser that dropped the tool's cookies (third-party cookies blocked)

    response = client.post(auth["redirect_uri"], {"id_token": token, "state": auth["state"]})

    assert response.status_code == 403
    assert not LtiUser.objects.exists()
