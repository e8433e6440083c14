"""A link added in the LMS without choosing content opens the class, and its instructor chooses what it opens."""

import pytest

from learning.models import LtiResourceLink
from learning.services.documents import document_import
from tests.e2e.conftest import screenshot
from tests.e2e.test_lti import lms, tool_frame  # noqa: F401 (the loopback LMS fixture)
from tests.lti.platform import ROLE_INSTRUCTOR, ROLE_LEARNER


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_plain_lms_link_opens_the_class_until_its_instructor_chooses_a_quiz(live_server, page, lms, seed_text):  # noqa: F811
    document = document_import(text=seed_text)
    quiz = document.quizzes.order_by("id").first()

    lms.launch = {"sub": "student-0", "roles": [ROLE_LEARNER], "resource_link_id": "plain-1", "nrps": False}
    page.goto(f"{lms.platform.issuer}/course")
    # No instructor opened the course yet, so there is no class: the student's dashboard, not an error page.
    for _ in range(100):
        if page.frames[1].url.endswith("/dashboard/"):
            break
        page.wait_for_timeout(100)
    assert page.frames[1].url.endswith("/dashboard/")

    lms.launch = {"sub": "teacher-1", "roles": [ROLE_INSTRUCTOR], "resource_link_id": "plain-1", "nrps": False}
    page.context.clear_cookies()
    page.goto(f"{lms.platform.issuer}/course")
    frame = tool_frame(page)
    frame.get_by_role("heading", name="Chọn nội dung mà liên kết LMS này mở").wait_for()
    screenshot(page, "lti-plain-link-instructor-picks")
    frame.get_by_label(quiz.title).first.check()
    frame.get_by_role("button", name="Mở nội dung này từ liên kết").click()
    frame.get_by_role("heading", name=quiz.title).wait_for()
    link = LtiResourceLink.objects.get(resource_link_id="plain-1")
    assert (link.target_type, link.target_id) == ("quiz", quiz.pk)

    lms.launch = {"sub": "student-1", "roles": [ROLE_LEARNER], "resource_link_id": "plain-1", "nrps": False}
    page.context.clear_cookies()
    page.goto(f"{lms.platform.issuer}/course")
    tool_frame(page).get_by_role("heading", name=quiz.title).wait_for()

    lms.launch = {"sub": "student-1", "roles": [ROLE_LEARNER], "resource_link_id": "plain-2", "nrps": False}
    page.goto(f"{lms.platform.issuer}/course")
    frame = tool_frame(page)
    frame.get_by_role("heading", name=lms.platform.context_title).wait_for()
    screenshot(page, "lti-plain-link-student-class")
