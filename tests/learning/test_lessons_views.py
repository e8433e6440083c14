"""Browser pages: document list and overview, lesson, "mark as read" (htmx), teacher import with preview."""

from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from learning.models import Document, Lesson, LessonRead, StudyDay
from learning.services.documents import MAX_BYTES, document_import
from tests.conftest import FIXTURES, PASSWORD
from tests.factories import document_assign
from tests.learning.test_markdown import tags_of

pytestmark = pytest.mark.django_db


def client_for(user, language: str = "vi") -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def seed_document(alice, bob, seed_text):
    document = document_import(text=seed_text, user=alice)
    document_assign(document, alice, bob)  # alice's document: her class's students see it
    return document


@pytest.fixture
def lessons(seed_document):
    return list(seed_document.lessons.order_by("position"))


def outside_fetches(html: str) -> list[str]:
    """What a browser would load from another host: src/srcset on any tag, stylesheets, CSS url()."""
    found = []
    for tag, attrs in tags_of(html):
        candidates = [attrs.get("src", ""), attrs.get("srcset", ""), attrs.get("data", "")]
        if tag == "link":
            candidates.append(attrs.get("href", ""))
        if "url(" in attrs.get("style", ""):
            candidates.append(attrs["style"])
        for value in candidates:
            host = urlparse(value.strip()).netloc if value else ""
            if host or value.strip().startswith("//") or "url(http" in value:
                found.append(f"<{tag}> {value}")
    return found


def test_anonymous_visitors_are_sent_to_log_in(lessons):
    response = Client().get(f"/lessons/{lessons[0].pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_document_list_shows_each_document_with_its_lessons_and_reading_time(bob, seed_document):
    response = client_for(bob).get("/documents/")
    assert response.status_code == 200
    page = response.content.decode()
    assert seed_document.title in page and f"/documents/{seed_document.slug}/" in page
    assert "/documents/import/" not in page  # the import button is for teachers


def test_the_overview_lists_lessons_with_reading_time_read_state_and_the_glossary(bob, seed_document, lessons):
    LessonRead.objects.create(student=bob, lesson=lessons[0], read_at="2026-01-01T00:00:00Z")
    response = client_for(bob).get(f"/documents/{seed_document.slug}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in page
    for lesson in lessons:
        assert f'href="/lessons/{lesson.pk}/"' in page
    assert response.context["read_count"] == 1
    assert [lesson.is_read for lesson in response.context["lessons"]] == [True, False, False]
    assert response.context["next_lesson"] == lessons[1]
    assert "Một node được gọi là một peer." in page  # the glossary


def test_the_overview_leads_to_quizzes_cards_and_for_teachers_the_bank_and_exports(alice, bob, seed_document):
    slug = seed_document.slug
    student_page = client_for(bob).get(f"/documents/{slug}/").content.decode()
    assert f'href="/quizzes/?document={slug}"' in student_page
    assert f'href="/flashcards/?document={slug}"' in student_page
    assert "/questions/" not in student_page and "/export/" not in student_page
    teacher_page = client_for(alice).get(f"/documents/{slug}/").content.decode()
    assert f'href="/documents/{slug}/questions/"' in teacher_page
    assert f"/api/v1/documents/{slug}/export/?type=gift" in teacher_page
    assert client_for(alice).get(f"/api/v1/documents/{slug}/export/?type=gift").status_code == 200


def test_a_lesson_page_has_its_text_diagram_glossary_and_neighbours(bob, lessons, django_assert_max_num_queries):
    client = client_for(bob)
    # session, user, lesson (+ read flag), neighbours, glossary, "has differences", and the simulator's
    # exercise links (the lesson's difference keys, the exercises)
    with django_assert_max_num_queries(8):
        response = client.get(f"/lessons/{lessons[1].pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in page
    assert "<strong>node</strong>" in page
    assert page.count('data-diagram="peer_to_peer"') == 1
    assert 'href="https://techdifferences.com/wp-content/uploads/2017/01/Peer-to-Peer.jpg"' in page
    assert f'rel="prev" href="/lessons/{lessons[0].pk}/"' in page
    assert f'rel="next" href="/lessons/{lessons[2].pk}/"' in page
    assert 'class="glossary"' in page and "Dịch vụ tra cứu tập trung" in page
    assert "Mark as read" in page or "Đánh dấu đã đọc" in page
    assert outside_fetches(page) == []


def test_an_english_document_sets_lang_en(alice, bob):
    document = document_import(text=(FIXTURES / "sql-vs-nosql.en.md").read_text(encoding="utf-8"))
    lesson = document.lessons.order_by("position").first()
    page = client_for(bob).get(f"/lessons/{lesson.pk}/").content.decode()
    assert '<html lang="en">' in page


def test_no_page_loads_anything_from_another_host(alice, bob, lessons, seed_document):
    student, teacher = client_for(bob), client_for(alice)
    pages = [
        student.get("/documents/"),
        student.get(f"/documents/{seed_document.slug}/"),
        *[student.get(f"/lessons/{lesson.pk}/") for lesson in lessons],
        teacher.get("/documents/import/"),
        teacher.post("/documents/import/", {"action": "preview", "text": seed_document.source}),
    ]
    for response in pages:
        assert response.status_code == 200
        assert outside_fetches(response.content.decode()) == []


def test_a_student_marks_a_lesson_read_with_htmx(bob, lessons):
    response = client_for(bob).post(f"/lessons/{lessons[0].pk}/read/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="read-status"' in response.content.decode() and "<form" not in response.content.decode()
    assert LessonRead.objects.filter(student=bob, lesson=lessons[0]).count() == 1
    assert StudyDay.objects.filter(student=bob).exists()
    again = client_for(bob).post(f"/lessons/{lessons[0].pk}/read/")
    assert again.status_code == 302 and LessonRead.objects.count() == 1


def test_a_teacher_cannot_mark_lessons_read(alice, lessons):
    assert client_for(alice).post(f"/lessons/{lessons[0].pk}/read/").status_code == 403
    assert not LessonRead.objects.exists()


def test_missing_and_unpublished_lessons_are_404_for_students(alice, bob, charlie):
    draft = document_import(
        text=(FIXTURES / "http-vs-ftp.vi.md").read_text(encoding="utf-8"), user=alice, publish=False
    )
    lesson = draft.lessons.first()
    assert client_for(charlie).get(f"/lessons/{lesson.pk}/").status_code == 404
    assert client_for(charlie).get(f"/documents/{draft.slug}/").status_code == 404
    assert client_for(charlie).post(f"/lessons/{lesson.pk}/read/").status_code == 404
    assert client_for(charlie).get("/lessons/999999/").status_code == 404
    assert client_for(alice).get(f"/lessons/{lesson.pk}/").status_code == 200  # its teacher previews it


# ---------------------------------------------------------------- import with preview


def test_students_cannot_open_the_import_page(bob):
    assert client_for(bob).get("/documents/import/").status_code == 403
    assert client_for(bob).post("/documents/import/", {"action": "preview", "text": "## x"}).status_code == 403


def test_a_teacher_uploads_previews_then_publishes(alice, seed_text):
    client = client_for(alice)
    upload = SimpleUploadedFile("p2p.md", seed_text.encode("utf-8"), content_type="text/markdown")
    preview = client.post("/documents/import/", {"action": "preview", "file": upload, "publish": "on"})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Compare peer to peer client-server" in page and 'data-diagram="client_server"' in page
    assert not Document.objects.exists()  # nothing written by the preview
    source = preview.context["publish_form"].initial["source"]
    published = client.post("/documents/import/", {"action": "publish", "source": source, "publish": "on"})
    document = Document.objects.get()
    assert published.status_code == 302 and published["Location"] == f"/documents/{document.slug}/"
    assert document.source == seed_text and document.published and document.created_by == alice
    assert Lesson.objects.filter(document=document).count() == 3


@pytest.mark.parametrize(
    "name, payload, field, message",
    [
        ("empty.md", b"", "file", "empty"),  # Django drops empty files: the form asks for a file
        ("blank.md", b"  \n \n", "file", "empty"),
        ("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "file", "binary"),
        ("latin.md", "## Café\n### Thé\n- Un texte en été.\n".encode("latin-1"), "file", "UTF-8"),
        ("big.md", b"## Big\n### A\n- " + b"x" * MAX_BYTES, "file", "1 MB"),
        ("notes.pdf", b"## T\n### A\n- a", "file", ".md"),
        ("plain.md", "Không có tiêu đề nào.".encode(), "file", "heading"),
    ],
)
def test_bad_uploads_get_a_form_error_that_says_why(alice, name, payload, field, message):
    upload = SimpleUploadedFile(name, payload, content_type="text/markdown")
    response = client_for(alice, "en").post("/documents/import/", {"action": "preview", "file": upload})
    assert response.status_code == 400
    errors = " ".join(str(e) for e in response.context["form"].errors.values())
    assert message.lower() in errors.lower()
    assert message.lower() in response.content.decode().lower()  # shown on the page
    assert not Document.objects.exists()


def test_pasted_text_without_differences_is_refused_with_a_reason(alice):
    text = "## A vs B\n### Định nghĩa A\n- A là một thứ.\n"
    response = client_for(alice, "en").post("/documents/import/", {"action": "preview", "text": text})
    assert response.status_code == 400
    assert "no list of differences" in str(response.context["form"].errors["text"]).lower()
    assert not Document.objects.exists()


def test_publishing_a_tampered_source_still_validates(alice):
    response = client_for(alice).post("/documents/import/", {"action": "publish", "source": "no heading here"})
    assert response.status_code == 400
    assert not Document.objects.exists()
