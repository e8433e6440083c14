"""Two real web processes (gunicorn, one worker each) on the test database: the login reaches one, the launch
the other, as with `gunicorn -w 2` behind a load balancer. With the shipped default cache (CACHE_URL unset)
both succeed; with a per-process cache the same flow is refused, which is what the system check warns about.
"""

import os
import re
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from learning.lti.services import platform_register
from learning.lti.tool import tool_conf
from learning.models import LtiUser
from tests.conftest import on_postgres
from tests.lti.platform import ROLE_INSTRUCTOR, ROLE_LEARNER, Platform, new_sub
from tests.simulator.faults import _database_url, free_port, stop_process

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not on_postgres(), reason="the web processes share the test database: PostgreSQL only"),
]
ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def web_process(var_dir: Path, log_path: Path, cache_url: str | None):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "CACHE_URL"}
    env.update(DATABASE_URL=_database_url(), VAR_DIR=str(var_dir), DJANGO_DEBUG="1", DJANGO_CONN_MAX_AGE="0")
    if cache_url:
        env["CACHE_URL"] = cache_url
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(base + "/lti/jwks/", timeout=10)
                break
            except (requests.ConnectionError, requests.Timeout):
                assert proc.poll() is None and time.monotonic() < deadline, log_path.read_text()[-2000:]
                time.sleep(0.2)
        yield base
    finally:
        stop_process(proc)


@pytest.fixture
def platform(db):
    platform = Platform()
    platform_register(
        issuer=platform.issuer,
        client_id=platform.client_id,
        deployment_id=platform.deployment_id,
        auth_login_url=platform.auth_login_url,
        auth_token_url=platform.token_url,
        key_set=platform.jwks(),  # inline: the web processes cannot reach the test platform's JWKS URL
    )
    tool_conf()  # the tool's signing key exists before two processes could race to create it
    return platform


def login(session: requests.Session, base: str, platform: Platform) -> dict:
    response = session.post(
        base + "/lti/login/",
        data={
            "iss": platform.issuer,
            "login_hint": "hint",
            "target_link_uri": base + "/lti/launch/",
            "client_id": platform.client_id,
        },
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    return {k: v[0] for k, v in parse_qs(urlsplit(response.headers["Location"]).query).items()}


def launch(session, base, platform, auth, **token_kwargs):
    token = platform.id_token(nonce=auth["nonce"], nrps=False, **token_kwargs)
    return session.post(base + "/lti/launch/", data={"id_token": token, "state": auth["state"]}, allow_redirects=False)


@pytest.fixture
def two_processes(tmp_path, request):
    """Two web processes sharing VAR_DIR (and so the default file cache), or with `request.param` as CACHE_URL."""
    cache_url = getattr(request, "param", None)
    var_dir = tmp_path / "var"
    with (
        web_process(var_dir, tmp_path / "a.log", cache_url) as a,
        web_process(var_dir, tmp_path / "b.log", cache_url) as b,
    ):
        yield a, b


def test_a_launch_on_another_process_than_its_login_succeeds_with_the_shipped_default(two_processes, platform, quiz):
    a, b = two_processes
    session = requests.Session()
    sub = new_sub()

    response = launch(
        session, b, platform, login(session, a, platform), sub=sub, roles=[ROLE_LEARNER],
        custom={"target_type": "quiz", "target_id": str(quiz.pk)},
    )  # fmt: skip

    assert response.status_code == 302, response.text[:500]
    assert response.headers["Location"] == f"/quizzes/{quiz.pk}/"
    assert LtiUser.objects.filter(sub=sub).exists()


def test_a_deep_link_flow_spread_over_two_processes_succeeds(two_processes, platform, quiz):
    a, b = two_processes
    session = requests.Session()
    picker = launch(
        session, b, platform, login(session, a, platform), sub=new_sub(), roles=[ROLE_INSTRUCTOR],
        message_type="LtiDeepLinkingRequest",
    )  # fmt: skip
    assert picker.status_code == 200, picker.text[:500]
    launch_id = re.search(r'name="launch_id" value="([^"]+)"', picker.text).group(1)

    response = session.post(a + "/lti/deep-link/", data={"launch_id": launch_id, "target": f"quiz:{quiz.pk}"})

    assert response.status_code == 200, response.text[:500]
    assert 'name="JWT"' in response.text


@pytest.mark.parametrize("two_processes", ["locmemcache://"], indirect=True)
def test_with_a_per_process_cache_the_same_launch_is_refused(two_processes, platform, quiz):
    a, b = two_processes
    session = requests.Session()

    response = launch(
        session, b, platform, login(session, a, platform), sub=new_sub(), roles=[ROLE_LEARNER],
        custom={"target_type": "quiz", "target_id": str(quiz.pk)},
    )  # fmt: skip

    assert response.status_code == 403
    assert not LtiUser.objects.exists()
