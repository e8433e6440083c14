from urllib.parse import urlparse

import pytest

from learning.models import LessonRead
from learning.services.documents import document_import
from tests.e2e.conftest import login, screenshot
from tests.factories import StudentFactory, TeacherFactory, document_assign


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_student_reads_the_first_lesson_sees_the_diagrams_and_marks_it_read(live_server, page, seed_text):
    teacher = TeacherFactory(username="lan")
    student = StudentFactory(username="an", first_name="An")
    document = document_import(text=seed_text, user=teacher)
    document_assign(document, teacher, student)  # a teacher's document: her class sees it
    first, second, _third = document.lessons.order_by("position")
    server_host = urlparse(live_server.url).netloc
    requested_hosts = set()
    page.on("request", lambda request: requested_hosts.add(urlparse(request.url).netloc))

    login(page, live_server, "an", "pass-2026-word")
    page.goto(f"{live_server.url}/documents/{document.slug}/")
    page.get_by_role("link", name="Bắt đầu đọc").click()
    page.wait_for_load_state("networkidle")

    assert page.url.endswith(f"/lessons/{first.pk}/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", level=1).inner_text() == "Định nghĩa Client-Server"
    body = page.locator(".lesson-body")
    assert "Mô hình mạng Client-Server là một mô hình mạng được sử dụng rộng rãi." in body.inner_text()
    client_server = page.locator('.diagram[data-diagram="client_server"] svg')
    assert client_server.is_visible()
    assert client_server.bounding_box()["width"] > 200
    assert page.get_by_role("link", name="techdifferences.com").get_attribute("href").endswith("Client-Server.jpg")
    assert page.locator(".glossary").get_by_text("Server la một hệ thống mạng mẽ").is_visible()

    page.get_by_role("button", name="Đánh dấu đã đọc").click()
    page.locator("#read-status .badge.ok").wait_for()
    assert "Đã đọc" in page.locator("#read-status").inner_text()
    assert LessonRead.objects.filter(student=student, lesson=first).exists()
    screenshot(page, "lesson")

    page.locator("a[rel=next]").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/lessons/{second.pk}/")
    p2p = page.locator('.diagram[data-diagram="peer_to_peer"] svg')
    assert p2p.is_visible() and p2p.locator("rect").count() == 6
    assert page.locator(".lesson-body strong", has_text="node").count() == 3
    assert page.locator(".lesson-body li > ul > li").count() == 2  # the "- -" bullets, nested
    screenshot(page, "lesson-p2p")

    page.locator("a[rel=next]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".lesson-body > ul > li").count() == 7  # one bullet per difference
    assert page.locator("a[rel=next]").count() == 0
    screenshot(page, "lesson-differences")

    page.goto(f"{live_server.url}/documents/{document.slug}/")
    assert "Đã đọc 1/3 bài học" in page.locator(".document-overview").inner_text()
    assert requested_hosts == {server_host}, requested_hosts  # nothing loaded from elsewhere


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_teacher_uploads_a_document_previews_it_and_publishes_it(live_server, page, tmp_path):
    from tests.conftest import FIXTURES

    TeacherFactory(username="lan")
    login(page, live_server, "lan", "pass-2026-word")
    page.goto(f"{live_server.url}/documents/import/")
    bad = tmp_path / "bad.md"
    bad.write_bytes("## Café\n### Thé\n- été\n".encode("latin-1"))
    page.set_input_files("input[type=file]", str(bad))
    page.get_by_role("button", name="Xem trước").click()
    page.wait_for_load_state("networkidle")
    assert "không phải văn bản UTF-8" in page.locator("#file-errors").inner_text()

    page.set_input_files("input[type=file]", str(FIXTURES / "http-vs-ftp.vi.md"))
    page.get_by_role("button", name="Xem trước").click()
    page.wait_for_load_state("networkidle")
    assert "So sánh HTTP và FTP" in page.get_by_role("heading", level=1).inner_text()
    assert page.locator(".preview-lesson").count() == 3
    assert page.locator(".preview-differences > li").count() == 7
    screenshot(page, "lesson-import-preview")
    page.get_by_role("button", name="Nhập", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/documents/so-sanh-http-va-ftp/")
    assert page.locator(".lesson-list li").count() == 3
    screenshot(page, "lesson-overview")
