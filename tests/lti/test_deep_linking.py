"""Deep Linking 2.0: an instructor picks a quiz; the platform gets a signed response it can verify and launch."""

import json
import re
from html import unescape

import jwt
import pytest
from jwt.algorithms import RSAAlgorithm

from learning.models import LtiUser
from tests.lti.platform import LTI, ROLE_INSTRUCTOR, ROLE_LEARNER, new_sub

pytestmark = pytest.mark.django_db
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"


def deep_link_launch(client, platform, sub, roles=(ROLE_INSTRUCTOR,)):
    return platform.launch(client, sub=sub, roles=list(roles), message_type="LtiDeepLinkingRequest", nrps=False)


def launch_id_of(response) -> str:
    return re.search(rb'name="launch_id" value="([^"]+)"', response.content).group(1).decode()


def verify_with_tool_jwks(client, token, platform):
    header = jwt.get_unverified_header(token)
    key = next(k for k in client.get("/lti/jwks/").json()["keys"] if k["kid"] == header["kid"])
    return jwt.decode(token, RSAAlgorithm.from_jwk(json.dumps(key)), algorithms=["RS256"], audience=platform.issuer)


def test_it_returns_a_signed_content_item_that_the_platform_then_launches(client, registered, quiz, lesson):
    picker = deep_link_launch(client, registered, new_sub())
    assert picker.status_code == 200
    assert quiz.title.encode() in picker.content and lesson.title.encode() in picker.content
    assert picker["Content-Security-Policy"] == "frame-ancestors 'self' https://lms.example.edu"

    response = client.post("/lti/deep-link/", {"launch_id": launch_id_of(picker), "target": f"quiz:{quiz.pk}"})

    assert response.status_code == 200
    action = re.search(rb'action="([^"]+)"', response.content.split(b'id="lti-deep-link-return"')[1]).group(1)
    assert unescape(action.decode()) == f"{registered.issuer}/deep-link-return"
    token = re.search(rb'name="JWT" value="([^"]+)"', response.content).group(1).decode()
    claims = verify_with_tool_jwks(client, token, registered)
    assert claims["iss"] == registered.client_id
    assert claims[LTI + "message_type"] == "LtiDeepLinkingResponse"
    assert claims[LTI + "deployment_id"] == registered.deployment_id
    assert claims[DL + "data"] == "opaque-platform-data"
    [item] = claims[DL + "content_items"]
    assert item["type"] == "ltiResourceLink"
    assert item["url"] == "http://testserver/lti/launch/"
    assert item["custom"] == {"target_type": "quiz", "target_id": str(quiz.pk)}
    assert item["lineItem"]["scoreMaximum"] == 100

    # The platform stores the link; a learner opens it and lands on the quiz.
    client.logout()
    student = registered.launch(
        client, sub=new_sub(), roles=[ROLE_LEARNER], custom=item["custom"], resource_link_id="dl-1"
    )
    assert student.status_code == 302
    assert student["Location"] == f"/quizzes/{quiz.pk}/"


def test_it_refuses_deep_linking_to_a_learner(client, registered, quiz):
    response = deep_link_launch(client, registered, new_sub(), roles=[ROLE_LEARNER])
    assert response.status_code == 403


def test_it_refuses_a_pick_without_the_launch_of_this_session(client, registered, quiz):
    picker = deep_link_launch(client, registered, new_sub())
    launch_id = launch_id_of(picker)
    client.logout()  # a new session: the launch id alone is not enough

    response = client.post("/lti/deep-link/", {"launch_id": launch_id, "target": f"quiz:{quiz.pk}"})

    assert response.status_code == 400
    assert b"JWT" not in response.content


def test_it_asks_again_for_an_unknown_target(client, registered, quiz):
    picker = deep_link_launch(client, registered, new_sub())
    for target in ("quiz:999999", "flashcards:1", "quiz:abc", ""):
        response = client.post("/lti/deep-link/", {"launch_id": launch_id_of(picker), "target": target})
        assert response.status_code == 400, target


def test_it_makes_the_instructor_a_teacher(client, registered, quiz):
    sub = new_sub()
    deep_link_launch(client, registered, sub)
    assert LtiUser.objects.get(sub=sub).user.is_teacher


def test_it_offers_published_simulation_exercises_and_launches_them(client, registered):
    from tests.factories_simulator import ExerciseFactory

    exercise = ExerciseFactory(title="Phân phối tệp: dự đoán")
    hidden = ExerciseFactory(title="Bản nháp", published=False)
    picker = deep_link_launch(client, registered, new_sub())
    assert "Phân phối tệp: dự đoán" in picker.content.decode()
    assert "Bản nháp" not in picker.content.decode() and hidden.pk

    response = client.post("/lti/deep-link/", {"launch_id": launch_id_of(picker), "target": f"exercise:{exercise.pk}"})
    token = re.search(rb'name="JWT" value="([^"]+)"', response.content).group(1).decode()
    [item] = verify_with_tool_jwks(client, token, registered)[DL + "content_items"]
    assert item["custom"] == {"target_type": "exercise", "target_id": str(exercise.pk)}
    assert "lineItem" in item  # graded: the LMS makes a grade column

    client.logout()
    student = registered.launch(client, sub=new_sub(), roles=[ROLE_LEARNER], custom=item["custom"])
    assert student["Location"] == f"/simulations/exercises/{exercise.pk}/"
