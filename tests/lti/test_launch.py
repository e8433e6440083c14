"""Login -> launch over HTTP against the test platform: users, classes, links; and every rejection."""

import pytest

from learning.models import LtiGradeLink, LtiNonce, LtiResourceLink, LtiUser, Membership, User
from tests.lti.platform import ROLE_INSTRUCTOR, ROLE_LEARNER, new_key, new_sub

pytestmark = pytest.mark.django_db


def quiz_link(quiz):
    return {"target_type": "quiz", "target_id": str(quiz.pk)}


def test_it_opens_the_linked_quiz_for_a_new_learner_and_remembers_the_line_item(client, registered, quiz):
    sub = new_sub()
    response = registered.launch(client, sub=sub, roles=[ROLE_LEARNER], custom=quiz_link(quiz))

    assert response.status_code == 302
    assert response["Location"] == f"/quizzes/{quiz.pk}/"
    link = LtiUser.objects.get(sub=sub)
    assert link.user.role == User.Role.STUDENT
    assert link.user.first_name == "Bình"
    assert not link.user.has_usable_password()
    assert int(client.session["_auth_user_id"]) == link.user.pk
    resource_link = LtiResourceLink.objects.get()
    assert (resource_link.target_type, resource_link.target_id) == ("quiz", quiz.pk)
    assert resource_link.lineitem_url == registered.lineitem_url
    assert LtiGradeLink.objects.filter(user=link.user, target_type="quiz", target_id=quiz.pk).exists()


def test_it_matches_the_same_user_on_the_next_launch(client, registered, quiz):
    sub = new_sub()
    registered.launch(client, sub=sub, roles=[ROLE_LEARNER], custom=quiz_link(quiz))
    registered.launch(client, sub=sub, roles=[ROLE_LEARNER], custom=quiz_link(quiz))

    assert LtiUser.objects.filter(sub=sub).count() == 1
    assert User.objects.filter(lti_links__sub=sub).count() == 1


def test_it_maps_the_course_to_a_class_taught_by_the_instructor_and_joined_by_learners(client, registered, lesson):
    teacher_sub, student_sub = new_sub(), new_sub()
    custom = {"target_type": "lesson", "target_id": str(lesson.pk)}
    registered.launch(client, sub=teacher_sub, roles=[ROLE_INSTRUCTOR], custom=custom, nrps=False)
    client.logout()
    response = registered.launch(client, sub=student_sub, roles=[ROLE_LEARNER], custom=custom, nrps=False)

    assert response["Location"] == f"/lessons/{lesson.pk}/"
    teacher = LtiUser.objects.get(sub=teacher_sub).user
    student = LtiUser.objects.get(sub=student_sub).user
    assert teacher.role == User.Role.TEACHER
    membership = Membership.objects.get(student=student)
    assert membership.classroom.teacher == teacher
    assert membership.classroom.name == registered.context_title
    # A lesson has no grade to send: no grade link.
    assert not LtiGradeLink.objects.exists()


def test_it_lets_only_registered_platforms_frame_the_pages_after_a_launch(client, registered, quiz):
    response = registered.launch(client, sub=new_sub(), roles=[ROLE_LEARNER], custom=quiz_link(quiz))
    assert response["Content-Security-Policy"] == "frame-ancestors 'self' https://lms.example.edu"
    assert "X-Frame-Options" not in response

    outside = client.get("/lti/config/")  # any page of the launched session
    assert outside["Content-Security-Policy"] == "frame-ancestors 'self' https://lms.example.edu"

    anonymous = type(client)().get("/healthz")
    assert anonymous["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" not in anonymous


def test_it_accepts_login_and_launch_without_a_csrf_token(registered, quiz):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = registered.launch(strict, sub=new_sub(), roles=[ROLE_LEARNER], custom=quiz_link(quiz))
    assert response.status_code == 302


def assert_nothing_created():
    assert not User.objects.filter(username__startswith="lti-").exists()
    assert not LtiUser.objects.exists()
    assert not LtiResourceLink.objects.exists()
    assert not LtiNonce.objects.exists()


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param({"key": "other"}, id="wrong-signature"),
        pytest.param({"exp_in": -60}, id="expired"),
        pytest.param({"aud": "someone-else"}, id="wrong-audience"),
        pytest.param({"aud": ["someone-else", "tool-client-1"]}, id="audience-list-without-azp"),
        pytest.param({"deployment_id": "unknown-deployment"}, id="unknown-deployment"),
    ],
)
def test_it_rejects_a_bad_token_and_creates_nothing(client, registered, quiz, tamper):
    if tamper.get("key") == "other":
        tamper = {"key": new_key()}
    response = registered.launch(client, sub=new_sub(), roles=[ROLE_LEARNER], custom=quiz_link(quiz), **tamper)

    assert 400 <= response.status_code < 500
    assert "_auth_user_id" not in client.session
    assert_nothing_created()


def test_it_rejects_a_replayed_id_token(client, registered, quiz):
    sub = new_sub()
    first = registered.launch(client, sub=sub, roles=[ROLE_LEARNER], custom=quiz_link(quiz))
    assert first.status_code == 302
    client.logout()

    replay = client.post("/lti/launch/", {"id_token": first.id_token, "state": first.state}, HTTP_ACCEPT_LANGUAGE="en")

    assert replay.status_code == 403
    assert b"replayed" in replay.content
    assert "_auth_user_id" not in client.session
    assert LtiNonce.objects.count() == 1


def test_it_rejects_an_id_token_without_the_login_state(client, registered, quiz):
    auth = registered.login(client)
    token = registered.id_token(nonce=auth["nonce"], sub=new_sub(), roles=[ROLE_LEARNER], custom=quiz_link(quiz))

    response = client.post("/lti/launch/", {"id_token": token, "state": "state-forged"})

    assert response.status_code == 403
    assert_nothing_created()


def test_it_rejects_a_nonce_it_never_issued(client, registered, quiz):
    auth = registered.login(client)
    token = registered.id_token(nonce="made-up-nonce", sub=new_sub(), roles=[ROLE_LEARNER], custom=quiz_link(quiz))

    response = client.post("/lti/launch/", {"id_token": token, "state": auth["state"]})

    assert response.status_code == 403
    assert_nothing_created()


def test_it_refuses_a_login_from_an_unregistered_issuer(client, registered):
    response = client.post("/lti/login/", {"iss": "https://evil.example", "login_hint": "x", "client_id": "c"})
    assert response.status_code == 400
    assert "Không thể mở công cụ từ LMS của bạn" in response.content.decode()  # Vietnamese by default
    assert "LMS này chưa được đăng ký với công cụ." in response.content.decode()


def test_it_rejects_a_link_that_points_at_nothing(client, registered):
    response = registered.launch(client, sub=new_sub(), roles=[ROLE_LEARNER], custom={"target_type": "quiz"})
    assert response.status_code == 403
    assert_nothing_created()


def test_it_answers_a_get_on_the_launch_url_with_405(client, registered):
    assert client.get("/lti/launch/").status_code == 405
