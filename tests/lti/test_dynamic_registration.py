"""LTI Dynamic Registration: an LMS registers the tool from one single-use URL, then launches it."""

import io
import json

import pytest
import responses
from django.core.management import call_command

from learning.models import LtiDeployment, LtiPlatform, LtiRegistrationInvite, LtiUser
from tests.lti.platform import ROLE_LEARNER, new_sub

pytestmark = pytest.mark.django_db


@pytest.fixture
def invite_path():
    out = io.StringIO()
    call_command("lti_registration_url", stdout=out, stderr=io.StringIO())
    url = out.getvalue().strip()
    assert url.startswith("http://127.0.0.1:8000/lti/register/")
    return url.removeprefix("http://127.0.0.1:8000")


@pytest.fixture
def lms_registration(lms):
    """The platform's OpenID configuration and registration endpoint (IMS LTI-DR 1.0, Moodle-like)."""
    received = []

    def register(request):
        received.append({"auth": request.headers.get("Authorization"), "body": json.loads(request.body)})
        body = json.loads(request.body)
        body["client_id"] = lms.client_id
        body["https://purl.imsglobal.org/spec/lti-tool-configuration"]["deployment_id"] = lms.deployment_id
        return 200, {}, json.dumps(body)

    lms.rsps.add(
        responses.GET,
        f"{lms.issuer}/openid-configuration",
        json={
            "issuer": lms.issuer,
            "authorization_endpoint": lms.auth_login_url,
            "token_endpoint": lms.token_url,
            "jwks_uri": lms.keyset_url,
            "registration_endpoint": f"{lms.issuer}/register",
            "https://purl.imsglobal.org/spec/lti-platform-configuration": {"product_family_code": "moodle"},
        },
    )
    lms.rsps.add_callback(responses.POST, f"{lms.issuer}/register", callback=register)
    lms.registrations = received
    return lms


def test_it_registers_with_the_lms_and_then_accepts_its_launches(client, lms_registration, invite_path, lesson):
    lms = lms_registration
    response = client.get(
        invite_path,
        {"openid_configuration": f"{lms.issuer}/openid-configuration", "registration_token": "reg-token-1"},
    )

    assert response.status_code == 200
    assert b"org.imsglobal.lti.close" in response.content
    assert response["Content-Security-Policy"] == f"frame-ancestors 'self' {lms.issuer}"
    [sent] = lms.registrations
    assert sent["auth"] == "Bearer reg-token-1"
    assert sent["body"]["initiate_login_uri"] == "http://127.0.0.1:8000/lti/login/"
    assert sent["body"]["jwks_uri"] == "http://127.0.0.1:8000/lti/jwks/"
    assert sent["body"]["redirect_uris"] == ["http://127.0.0.1:8000/lti/launch/"]
    assert "https://purl.imsglobal.org/spec/lti-ags/scope/score" in sent["body"]["scope"]
    platform = LtiPlatform.objects.get()
    assert (platform.issuer, platform.client_id, platform.name) == (lms.issuer, lms.client_id, "moodle")
    assert LtiDeployment.objects.get().deployment_id == lms.deployment_id
    assert LtiRegistrationInvite.objects.get().platform == platform

    sub = new_sub()
    launch = lms.launch(
        client, sub=sub, roles=[ROLE_LEARNER], custom={"target_type": "lesson", "target_id": str(lesson.pk)}
    )
    assert launch.status_code == 302 and LtiUser.objects.filter(sub=sub).exists()


def test_it_uses_a_registration_url_only_once(client, lms_registration, invite_path):
    params = {"openid_configuration": f"{lms_registration.issuer}/openid-configuration", "registration_token": "t"}
    assert client.get(invite_path, params).status_code == 200
    assert client.get(invite_path, params).status_code == 404
    assert len(lms_registration.registrations) == 1


def test_it_refuses_an_unknown_registration_url(client, lms_registration):
    params = {"openid_configuration": f"{lms_registration.issuer}/openid-configuration"}
    assert client.get("/lti/register/made-up/", params).status_code == 404
    assert not LtiPlatform.objects.exists()
    assert lms_registration.registrations == []


def test_it_reports_a_refused_registration_and_keeps_the_url_usable(client, lms_registration, invite_path):
    lms_registration.rsps.replace(responses.POST, f"{lms_registration.issuer}/register", status=400, json={})
    params = {"openid_configuration": f"{lms_registration.issuer}/openid-configuration", "registration_token": "t"}

    assert client.get(invite_path, params).status_code == 400
    assert not LtiPlatform.objects.exists()
    assert LtiRegistrationInvite.objects.get().used_at is None
