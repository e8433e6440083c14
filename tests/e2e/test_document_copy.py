"""Browser: a teacher uses a copy of the site document; a re-import's preview says what it keeps and retires."""

import pytest

from learning.models import Document, LessonRead
from learning.services.documents import document_import, lesson_mark_read
from tests.e2e.conftest import login, screenshot
from tests.factories import StudentFactory, TeacherFactory, document_assign

PASSWORD = "pass-2026-word"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_teacher_uses_a_copy_of_the_site_document_and_edits_its_quiz(live_server, page, seed_text):
    site = document_import(text=seed_text)
    TeacherFactory(username="minh", first_name="Minh")
    login(page, live_server, "minh", PASSWORD)
    quiz = site.quizzes.order_by("pk").first()
    page.goto(f"{live_server.url}/quizzes/{quiz.pk}/")
    assert page.locator("input[name=attempts_allowed]").count() == 0
    screenshot(page, "document-copy-offer-on-quiz")
    page.get_by_role("button", name="Dùng một bản sao").click()
    page.wait_for_load_state("networkidle")
    copy = Document.objects.get(copied_from=site)
    assert page.url.endswith(f"/documents/{copy.slug}/")
    assert "Bản sao của riêng bạn" in page.locator(".document-overview").inner_text()
    screenshot(page, "document-copy-made")
    page.get_by_role("link", name="Ngân hàng câu hỏi").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/documents/{copy.slug}/questions/")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_retitled_reimport_is_previewed_as_an_update_and_keeps_the_students_read(live_server, page, seed_text):
    teacher = TeacherFactory(username="lan")
    student = StudentFactory(username="an")
    document = document_import(text=seed_text, user=teacher)
    document_assign(document, teacher, student)
    lesson_mark_read(student=student, lesson=document.lessons.order_by("position").first())
    edited = seed_text.replace(
        "## Compare peer to peer client-server ##", "## So sánh peer to peer và client-server ##"
    )
    edited = edited.replace("### 1.Định nghĩa Client-Server ###", "### 1.Khái niệm Client-Server ###")
    edited = edited.replace("- Client-Server thì mô hình đắt hơn so với ngang hàng.\n", "")

    login(page, live_server, "lan", PASSWORD)
    page.goto(f"{live_server.url}/documents/import/")
    page.fill("textarea[name=text]", edited)
    page.select_option("select[name=document]", document.slug)
    page.get_by_role("button", name="Xem trước").click()
    page.wait_for_load_state("networkidle")
    report = page.locator("table.import-report")
    assert report.is_visible()
    assert "Bài học" in report.inner_text()
    screenshot(page, "document-reimport-preview")
    page.get_by_role("button", name="Nhập", exact=True).first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/documents/{document.slug}/")
    document.refresh_from_db()
    assert document.title == "So sánh peer to peer và client-server"
    assert LessonRead.objects.filter(student=student, lesson__document=document).count() == 1
