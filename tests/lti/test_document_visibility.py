"""An LMS course that links a teacher's own document opens it to that course's class, and only what the
instructor may open can be linked (learning.access)."""

import pytest

from learning.models import LtiResourceLink, LtiUser
from learning.services.documents import document_import
from tests.conftest import FIXTURES
from tests.lti.platform import ROLE_INSTRUCTOR, ROLE_LEARNER, new_sub

pytestmark = pytest.mark.django_db

SQL_NOSQL = (FIXTURES / "sql-vs-nosql.en.md").read_text(encoding="utf-8")


def plain_launch(client, platform, sub, role):
    return platform.launch(client, sub=sub, roles=[role], custom=None, nrps=False, resource_link_id="plain-link-2")


def test_a_linked_document_of_the_instructor_opens_to_the_courses_learners(client, registered, dave):
    teacher_sub = new_sub()
    plain_launch(client, registered, teacher_sub, ROLE_INSTRUCTOR)
    teacher = LtiUser.objects.get(sub=teacher_sub).user
    own = document_import(text=SQL_NOSQL, user=teacher)
    quiz = own.quizzes.order_by("pk").first()
    elsewhere = document_import(text=SQL_NOSQL.replace("# SQL", "# Other SQL", 1), user=dave)
    others = elsewhere.quizzes.order_by("pk").first()
    picker = client.get("/documents/").content.decode()  # the instructor's own document is listed for them
    assert own.title in picker

    assert client.post("/lti/link/", {"target": f"quiz:{others.pk}"}).status_code == 400  # not theirs to link
    picked = client.post("/lti/link/", {"target": f"quiz:{quiz.pk}"})
    assert picked.status_code == 302
    assert LtiResourceLink.objects.get(resource_link_id="plain-link-2").document == own
    client.logout()

    student = plain_launch(client, registered, new_sub(), ROLE_LEARNER)
    assert student["Location"] == f"/quizzes/{quiz.pk}/"
    assert client.get(student["Location"]).status_code == 200
    assert client.get(f"/documents/{own.slug}/").status_code == 200
    assert client.get(f"/documents/{elsewhere.slug}/").status_code == 404
