"""In Chromium: a teacher creates a class and assigns a lesson, a student joins with the code and reads it,
and the teacher sees it done in the gradebook."""

import pytest

from learning.models import Assignment, Classroom, LessonRead, Membership
from tests.e2e.conftest import login, screenshot
from tests.factories import StudentFactory, TeacherFactory
from tests.factories_classes import DifferenceFactory, DocumentFactory, LessonFactory

PASSWORD = "pass-2026-word"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_class_from_creation_to_the_gradebook(browser, page, live_server):
    TeacherFactory(username="co.lan", first_name="Lan", last_name="Nguyễn Thị")
    StudentFactory(username="an.tran", first_name="An", last_name="Trần Văn")
    other = StudentFactory(username="binh.le", first_name="Bình", last_name="Lê Thị")
    document = DocumentFactory(title="Mạng khách-chủ và ngang hàng")
    lesson = LessonFactory(document=document, title="Mô hình client-server", html="<p>Máy chủ phục vụ máy khách.</p>")
    LessonFactory(document=document, title="Mô hình peer-to-peer")
    DifferenceFactory(document=document, aspect="Dữ liệu được lưu ở đâu?")

    # The teacher creates a class and assigns the lesson.
    login(page, live_server, "co.lan", PASSWORD)
    page.goto(f"{live_server.url}/classes/")
    page.fill("#id_name", "Lớp 10A3")
    page.click("#class-create button[type=submit]")
    page.wait_for_url("**/classes/*/")
    classroom = Classroom.objects.get(name="Lớp 10A3")
    code = page.inner_text("#join-code").strip()
    assert code == classroom.join_code
    page.click("#assign summary")
    page.select_option("#id_target", f"lesson:{lesson.pk}")
    page.fill("#id_due_at", "2027-06-01T23:59")
    page.click("#assignment-form button[type=submit]")
    page.wait_for_url(f"**/classes/{classroom.pk}/")
    assert Assignment.objects.filter(classroom=classroom, target_id=lesson.pk).exists()
    screenshot(page, "class-detail")

    # A student joins with the code (typed in lower case) and reads the lesson from their class page.
    student_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    student = student_context.new_page()
    student.set_default_timeout(15000)
    login(student, live_server, "an.tran", PASSWORD)
    student.goto(f"{live_server.url}/classes/join/")
    student.fill("#id_code", code.lower())
    student.click("#join-form button[type=submit]")
    student.wait_for_url(f"**/classes/{classroom.pk}/")
    assert Membership.objects.filter(classroom=classroom, student__username="an.tran").exists()
    student.click(f"a[href='/lessons/{lesson.pk}/']")
    student.wait_for_url(f"**/lessons/{lesson.pk}/")
    student.click("button.mark-read")
    student.wait_for_selector("#read-status .badge.ok")
    assert LessonRead.objects.filter(lesson=lesson, student__username="an.tran").exists()
    student_context.close()

    # A second student is in the class but has not read it.
    Membership.objects.create(classroom=classroom, student=other)

    page.goto(f"{live_server.url}/classes/{classroom.pk}/gradebook/")
    row = page.locator("#gradebook tbody tr", has_text="Trần Văn An")
    assert "cell-done" in row.locator("td").first.get_attribute("class")
    assert "100%" in row.inner_text()
    other_row = page.locator("#gradebook tbody tr", has_text="Lê Thị Bình")
    assert "cell-not_started" in other_row.locator("td").first.get_attribute("class")
    screenshot(page, "gradebook")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_heat_map_and_the_dashboard_show_mastery(browser, page, live_server):
    """Screenshots with data: mastery per difference for a few students, and one student's dashboard."""
    import datetime as dt

    from django.utils import timezone

    from tests.factories import ClassroomFactory, MembershipFactory
    from tests.factories_classes import (
        AnswerFactory,
        AssignmentFactory,
        AttemptFactory,
        CardStateFactory,
        FlashcardFactory,
        QuestionFactory,
        QuizFactory,
    )

    teacher = TeacherFactory(username="co.lan", first_name="Lan", last_name="Nguyễn Thị")
    classroom = ClassroomFactory(teacher=teacher, name="Lớp 10A3")
    document = DocumentFactory(title="Mạng khách-chủ và ngang hàng")
    aspects = ["Dữ liệu được lưu ở đâu?", "Ai cung cấp dịch vụ?", "Chi phí", "Khả năng mở rộng", "Độ tin cậy"]
    differences = [DifferenceFactory(document=document, aspect=a) for a in aspects]
    cards = [FlashcardFactory(document=document, kind="difference", difference=d) for d in differences]
    quiz = QuizFactory(document=document, title="Kiểm tra 15 phút")
    names = [("An", "Trần Văn"), ("Bình", "Lê Thị"), ("Cường", "Phạm"), ("Dung", "Hoàng Thị")]
    now = timezone.now()
    students = []
    for i, (first, last) in enumerate(names):
        student = StudentFactory(username=f"hs{i}", first_name=first, last_name=last)
        MembershipFactory(classroom=classroom, student=student)
        students.append(student)
        attempt = AttemptFactory(quiz=quiz, student=student, submitted_at=now, score=i + 1, max_score=5)
        for j, difference in enumerate(differences):
            for k in range(3):
                question = QuestionFactory(document=document, difference=difference)
                correct = (i + j + k) % (i + 2) != 0
                AnswerFactory(attempt=attempt, question=question, correct=correct, answered_at=now)
            if (i + j) % 3 != 2:
                CardStateFactory(card=cards[j], student=student, stability=40.0, last_review=now)
    AssignmentFactory(
        classroom=classroom,
        target_type="quiz",
        target_id=quiz.pk,
        title=quiz.title,
        due_at=now,
        document=document,
        lesson=LessonFactory(document=document),
    )
    AssignmentFactory(classroom=classroom, lesson=LessonFactory(document=document), due_at=now + dt.timedelta(days=2))
    login(page, live_server, "co.lan", PASSWORD)
    page.goto(f"{live_server.url}/classes/{classroom.pk}/mastery/")
    assert page.locator("#heatmap td.heat-mastered").count() > 0
    screenshot(page, "mastery")
    student_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    student = student_context.new_page()
    login(student, live_server, "hs2", PASSWORD)
    student.goto(f"{live_server.url}/dashboard/")
    assert student.locator(".mastery-chart li").count() == 5
    student.wait_for_selector("#activity .quiz-progress")  # loaded by htmx after the page
    screenshot(student, "dashboard")
    student_context.close()
