"""An LMS link added without content selection (only target_link_uri) opens the course's class, never an error."""

import pytest

from learning.models import Classroom, LtiGradeLink, LtiResourceLink, LtiUser
from tests.lti.platform import ROLE_INSTRUCTOR, ROLE_LEARNER, new_sub

pytestmark = pytest.mark.django_db


def plain_launch(client, platform, sub, role, **kwargs):
    """A resource link launch with no custom parameters, as Moodle sends for a tool added without content."""
    kwargs.setdefault("resource_link_id", "plain-link-1")
    return platform.launch(client, sub=sub, roles=[role], custom=None, nrps=False, **kwargs)


def test_it_lands_a_learner_on_the_courses_class(client, registered):
    teacher_sub, student_sub = new_sub(), new_sub()
    plain_launch(client, registered, teacher_sub, ROLE_INSTRUCTOR)  # the course's class exists from now on
    client.logout()

    response = plain_launch(client, registered, student_sub, ROLE_LEARNER)

    classroom = Classroom.objects.get(teacher=LtiUser.objects.get(sub=teacher_sub).user)
    assert response.status_code == 302
    assert response["Location"] == f"/classes/{classroom.pk}/"
    student = LtiUser.objects.get(sub=student_sub).user
    assert classroom.memberships.filter(student=student).exists()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert registered.context_title in page.content.decode()
    assert not LtiResourceLink.objects.exists()
    assert not LtiGradeLink.objects.exists()


def test_it_lands_a_learner_on_the_dashboard_when_no_instructor_opened_the_course_yet(client, registered):
    response = plain_launch(client, registered, new_sub(), ROLE_LEARNER)

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200


def test_it_shows_an_instructor_the_class_and_a_list_to_pick_what_the_link_opens(client, registered, quiz, lesson):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = plain_launch(client, registered, new_sub(), ROLE_INSTRUCTOR)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose what this LMS link opens" in html
    assert f'value="quiz:{quiz.pk}"' in html and f'value="lesson:{lesson.pk}"' in html
    classroom = Classroom.objects.get(name=registered.context_title)
    assert f'href="/classes/{classroom.pk}/"' in html
    assert client.get(f"/classes/{classroom.pk}/").status_code == 200


def test_the_picked_target_is_what_the_link_opens_from_then_on_with_its_grade_line(client, registered, quiz):
    plain_launch(client, registered, new_sub(), ROLE_INSTRUCTOR)

    picked = client.post("/lti/link/", {"target": f"quiz:{quiz.pk}"})

    assert picked.status_code == 302
    assert picked["Location"] == f"/quizzes/{quiz.pk}/"
    link = LtiResourceLink.objects.get(resource_link_id="plain-link-1")
    assert (link.target_type, link.target_id) == ("quiz", quiz.pk)
    assert link.lineitem_url == registered.lineitem_url
    assert client.post("/lti/link/", {"target": f"quiz:{quiz.pk}"}).status_code == 400  # chosen once per launch

    client.logout()
    student_sub = new_sub()
    student = plain_launch(client, registered, student_sub, ROLE_LEARNER)
    assert student["Location"] == f"/quizzes/{quiz.pk}/"
    assert LtiGradeLink.objects.filter(user__lti_links__sub=student_sub, target_type="quiz").exists()


@pytest.mark.parametrize("target", ["quiz:999999", "quiz:" + "9" * 40, "flashcards:1", "quiz:abc", ""])
def test_it_asks_again_for_a_target_it_cannot_open(client, registered, quiz, target):
    plain_launch(client, registered, new_sub(), ROLE_INSTRUCTOR)

    response = client.post("/lti/link/", {"target": target})

    assert response.status_code == 400
    assert not LtiResourceLink.objects.exists()


def test_a_learner_cannot_choose_what_a_link_opens(client, registered, quiz):
    plain_launch(client, registered, new_sub(), ROLE_LEARNER)

    response = client.post("/lti/link/", {"target": f"quiz:{quiz.pk}"})

    assert response.status_code == 400
    assert not LtiResourceLink.objects.exists()


def test_the_pick_is_protected_against_cross_site_posts(registered, quiz):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    plain_launch(strict, registered, new_sub(), ROLE_INSTRUCTOR)

    assert strict.post("/lti/link/", {"target": f"quiz:{quiz.pk}"}).status_code == 403
    assert not LtiResourceLink.objects.exists()
