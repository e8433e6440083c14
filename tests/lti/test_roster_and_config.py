"""NRPS roster sync, the tool's JWKS and configuration, and platform registration by command."""

import io
import json

import jwt
import pytest
from django.core.management import CommandError, call_command
from jwt.algorithms import RSAAlgorithm

from learning.lti.tasks import lti_roster_sync
from learning.models import LtiContext, LtiDeployment, LtiPlatform, LtiToolKey, LtiUser
from tests.celery_worker import running_worker
from tests.lti.platform import ROLE_INSTRUCTOR, ROLE_LEARNER, new_sub
from tests.lti.test_grades import wait_for


def test_it_adds_the_active_learners_of_the_roster_to_the_class(client, registered, lesson, db):
    custom = {"target_type": "lesson", "target_id": str(lesson.pk)}
    registered.members = [
        {"user_id": "m-1", "roles": [ROLE_LEARNER], "status": "Active", "given_name": "An", "family_name": "Lê"},
        {"user_id": "m-2", "roles": [ROLE_LEARNER], "status": "Inactive"},
        {"user_id": "m-3", "roles": [ROLE_INSTRUCTOR], "status": "Active"},
        {"user_id": "m-4", "roles": ["Learner"]},
    ]
    registered.launch(client, sub=new_sub(), roles=[ROLE_INSTRUCTOR], custom=custom)
    context = LtiContext.objects.get()
    assert context.memberships_url == registered.memberships_url

    added = lti_roster_sync.apply(args=[context.pk]).get()  # the task body; the queued path is tested below

    assert added == 2
    students = set(context.classroom.students.values_list("lti_links__sub", flat=True))
    assert students == {"m-1", "m-4"}
    assert LtiUser.objects.get(sub="m-1").user.first_name == "An"
    assert lti_roster_sync.apply(args=[context.pk]).get() == 0  # idempotent


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_it_queues_a_roster_sync_when_an_instructor_launches(client, registered, lesson, django_db_blocker):
    registered.members = [{"user_id": "m-9", "roles": [ROLE_LEARNER], "status": "Active"}]
    with running_worker(django_db_blocker):
        registered.launch(
            client,
            sub=new_sub(),
            roles=[ROLE_INSTRUCTOR],
            custom={"target_type": "lesson", "target_id": str(lesson.pk)},
        )
        assert wait_for(lambda: LtiUser.objects.filter(sub="m-9").exists())
    assert LtiContext.objects.get().classroom.students.filter(lti_links__sub="m-9").exists()


def test_it_publishes_a_jwks_whose_key_signs_the_tools_tokens(client, db):
    jwks = client.get("/lti/jwks/").json()
    [key] = jwks["keys"]
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig"
    assert "d" not in key and "p" not in key  # public part only
    stored = LtiToolKey.objects.get()
    token = jwt.encode({"x": 1}, stored.private_pem, algorithm="RS256", headers={"kid": stored.kid})
    assert jwt.decode(token, RSAAlgorithm.from_jwk(json.dumps(key)), algorithms=["RS256"]) == {"x": 1}
    assert key["kid"] == stored.kid


def test_it_keeps_old_public_keys_published_after_a_rotation(client, db):
    out = io.StringIO()
    call_command("lti_keys", stdout=out)
    old = LtiToolKey.objects.get()
    call_command("lti_keys", "--rotate", stdout=out)
    kids = [k["kid"] for k in client.get("/lti/jwks/").json()["keys"]]
    assert old.kid in kids and len(kids) == 2
    assert LtiToolKey.objects.get(active=True).kid != old.kid


def test_it_gives_the_admin_every_url_to_paste(client, db):
    config = client.get("/lti/config/").json()
    assert config["oidc_initiation_url"].endswith("/lti/login/")
    assert config["launch_url"].endswith("/lti/launch/")
    assert config["redirect_uris"] == [config["launch_url"]]
    assert config["jwks_url"].endswith("/lti/jwks/")
    assert config["deep_linking_url"].endswith("/lti/launch/")
    assert "https://purl.imsglobal.org/spec/lti-ags/scope/score" in config["scopes"]
    [canvas] = config["extensions"]
    placements = {p["placement"]: p for p in canvas["settings"]["placements"]}
    assert placements["assignment_selection"]["message_type"] == "LtiDeepLinkingRequest"
    assert config["public_jwk_url"] == config["jwks_url"]


def test_it_registers_a_platform_idempotently(lms, db):
    out = io.StringIO()
    call_command("lti_add_platform", *lms.register_command_args(), stdout=out)
    call_command("lti_add_platform", *lms.register_command_args(), stdout=out)
    args = lms.register_command_args()
    args[args.index("--deployment-id") + 1] = "deployment-2"
    call_command("lti_add_platform", *args, stdout=out)

    platform = LtiPlatform.objects.get()
    assert platform.key_set_url == lms.keyset_url
    assert sorted(LtiDeployment.objects.values_list("deployment_id", flat=True)) == ["deployment-1", "deployment-2"]
    assert "Created platform" in out.getvalue() and "Updated platform" in out.getvalue()
    assert "/lti/login/" in out.getvalue()


def test_it_refuses_to_register_a_platform_with_a_bad_url(lms, db):
    args = lms.register_command_args()
    args[args.index("--auth-login-url") + 1] = "not a url"
    with pytest.raises(CommandError, match="auth_login_url"):
        call_command("lti_add_platform", *args, stdout=io.StringIO())
    assert not LtiPlatform.objects.exists()
