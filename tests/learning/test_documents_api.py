"""REST API v1 rows of documents and lessons."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from learning.models import Document, LessonRead
from learning.services.documents import MAX_BYTES, document_import
from tests.conftest import FIXTURES
from tests.factories import document_assign

pytestmark = pytest.mark.django_db

HTTP_FTP = (FIXTURES / "http-vs-ftp.vi.md").read_text(encoding="utf-8")
SQL_NOSQL = (FIXTURES / "sql-vs-nosql.en.md").read_text(encoding="utf-8")


@pytest.fixture
def seed_document(alice, bob, charlie, seed_text):
    document = document_import(text=seed_text, user=alice)
    document_assign(document, alice, bob, charlie)  # alice's document: her class's students see it
    return document


@pytest.fixture
def lessons(seed_document):
    return list(seed_document.lessons.order_by("position"))


# ---------------------------------------------------------------- GET /documents/


def test_it_lists_documents_paginated_with_their_lessons(api, bob, seed_document, lessons):
    response = api(bob).get("/api/v1/documents/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"} and body["count"] == 1
    document = body["results"][0]
    assert document["slug"] == seed_document.slug and document["language"] == "vi"
    assert document["lesson_count"] == 3
    assert document["reading_minutes"] == sum(lesson.reading_minutes for lesson in lessons)
    assert [lesson["id"] for lesson in document["lessons"]] == [lesson.pk for lesson in lessons]
    assert document["lessons"][0] == {
        "id": lessons[0].pk,
        "key": "dinh-nghia-client-server",
        "position": 0,
        "title": "Định nghĩa Client-Server",
        "reading_minutes": lessons[0].reading_minutes,
        "read": False,
    }


def test_the_list_costs_the_same_queries_for_one_or_three_documents(
    api, alice, bob, seed_document, django_assert_num_queries, django_assert_max_num_queries
):
    client = api(bob)
    client.get("/api/v1/documents/")  # the token, once: it may be cached from then on
    with django_assert_max_num_queries(4) as one:  # (token), count, page, lessons prefetch
        client.get("/api/v1/documents/")
    document_assign(document_import(text=HTTP_FTP, user=alice), alice, bob)
    document_assign(document_import(text=SQL_NOSQL, user=alice), alice, bob)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get("/api/v1/documents/")
    assert response.json()["count"] == 3


def test_anonymous_callers_get_401(api, seed_document):
    assert api(None).get("/api/v1/documents/").status_code == 401


def test_students_do_not_see_drafts_their_author_does(api, alice, bob, dave):
    document_import(text=SQL_NOSQL, user=alice, publish=False)
    assert api(bob).get("/api/v1/documents/").json()["count"] == 0
    assert api(dave).get("/api/v1/documents/").json()["count"] == 0
    assert api(alice).get("/api/v1/documents/").json()["results"][0]["published"] is False


# ---------------------------------------------------------------- GET /documents/{slug}/


def test_it_shows_one_document_with_lessons_subjects_and_glossary(api, bob, seed_document, lessons):
    LessonRead.objects.create(student=bob, lesson=lessons[0], read_at="2026-01-01T00:00:00Z")
    response = api(bob).get(f"/api/v1/documents/{seed_document.slug}/")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Compare peer to peer client-server"
    assert [lesson["read"] for lesson in body["lessons"]] == [True, False, False]
    assert [subject["key"] for subject in body["subjects"]] == ["a", "b"]
    glossary = {term["key"]: term for term in body["glossary"]}
    assert glossary["peer"]["definition"] == "Một node được gọi là một peer."
    assert glossary["peer"]["lesson"] == lessons[1].pk


def test_an_unknown_or_draft_document_is_404(api, alice, charlie):
    draft = document_import(text=SQL_NOSQL, user=alice, publish=False)
    assert api(charlie).get("/api/v1/documents/nope/").status_code == 404
    assert api(charlie).get(f"/api/v1/documents/{draft.slug}/").status_code == 404


# ---------------------------------------------------------------- POST /documents/


def test_a_teacher_imports_text_as_json(api, alice, seed_text):
    response = api(alice).post("/api/v1/documents/", {"text": seed_text}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["slug"] == "compare-peer-to-peer-client-server" and len(body["lessons"]) == 3
    assert Document.objects.get().created_by == alice


def test_a_teacher_imports_a_file_and_a_repeat_is_200_and_changes_nothing(api, alice, seed_text):
    client = api(alice)
    upload = SimpleUploadedFile("p2p.md", seed_text.encode("utf-8"), content_type="text/markdown")
    first = client.post("/api/v1/documents/", {"file": upload}, format="multipart")
    assert first.status_code == 201
    updated_at = Document.objects.get().updated_at
    again = client.post("/api/v1/documents/", {"file": SimpleUploadedFile("p2p.md", seed_text.encode())})
    assert again.status_code == 200 and again.json()["slug"] == first.json()["slug"]
    assert Document.objects.get().updated_at == updated_at


def test_another_teacher_cannot_overwrite_a_document_and_changes_nothing(api, alice, dave, seed_document):
    edited = seed_document.source.replace("Client-Server thì mô hình đắt hơn", "Client-Server thì mô hình rẻ hơn")
    response = api(dave).post("/api/v1/documents/", {"text": edited}, format="json")
    assert response.status_code == 400
    assert "người khác" in str(response.json())
    seed_document.refresh_from_db()
    assert "đắt hơn" in seed_document.source and seed_document.created_by == alice
    # Its author may still update it.
    assert api(alice).post("/api/v1/documents/", {"text": edited}, format="json").status_code == 200


def test_a_teacher_can_import_a_draft(api, alice):
    response = api(alice).post("/api/v1/documents/", {"text": HTTP_FTP, "publish": False}, format="json")
    assert response.status_code == 201 and response.json()["published"] is False


def test_a_student_cannot_import(api, bob, seed_text):
    response = api(bob).post("/api/v1/documents/", {"text": seed_text}, format="json")
    assert response.status_code == 403 and "detail" in response.json()
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "payload, field, message",
    [
        ({"text": ""}, "text", "Send a Markdown file"),
        ({}, "file", "Send a Markdown file"),
        ({"text": "   \n"}, "text", "Send a Markdown file"),
        ({"text": "no heading at all"}, "text", "no heading"),
        ({"text": "## A vs B\n### Định nghĩa A\n- A là một thứ.\n"}, "text", "no list of differences"),
        ({"text": "## T\n### A\n- a", "file": "x"}, "file", ""),
    ],
)
def test_bad_json_input_is_400_naming_the_field(api, alice, payload, field, message):
    response = api(alice).post("/api/v1/documents/", payload, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    body = response.json()
    assert field in body, body
    assert message.lower() in " ".join(body[field]).lower()
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "payload, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("## Café\n### Thé\n- Un texte en été.\n".encode("latin-1"), "UTF-8"),
        (b"## Big\n### A\n- " + b"x" * MAX_BYTES, "1 MB"),
        (b"  \n\n ", "empty"),
    ],
)
def test_bad_files_are_400_saying_why_and_leave_nothing(api, alice, payload, message):
    upload = SimpleUploadedFile("doc.md", payload, content_type="text/markdown")
    response = api(alice).post("/api/v1/documents/", {"file": upload}, format="multipart", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert message.lower() in " ".join(response.json()["file"]).lower()
    assert not Document.objects.exists()


def test_error_messages_speak_vietnamese_by_default(api, alice):
    response = api(alice).post("/api/v1/documents/", {"text": "không có tiêu đề"}, format="json")
    assert response.status_code == 400
    assert "tiêu đề" in " ".join(response.json()["text"])


# ---------------------------------------------------------------- GET /lessons/{id}/


def test_it_shows_a_lesson_with_html_reading_time_and_neighbours(api, bob, lessons):
    response = api(bob).get(f"/api/v1/lessons/{lessons[1].pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Định nghĩa peer to peer" and body["language"] == "vi"
    assert "<strong>node</strong>" in body["html"] and "<img" not in body["html"]
    assert body["reading_minutes"] == lessons[1].reading_minutes
    assert (body["previous"], body["next"]) == (lessons[0].pk, lessons[2].pk)
    assert body["read"] is False
    first = api(bob).get(f"/api/v1/lessons/{lessons[0].pk}/").json()
    last = api(bob).get(f"/api/v1/lessons/{lessons[2].pk}/").json()
    assert first["previous"] is None and last["next"] is None


def test_the_served_lesson_is_what_its_documented_serializer_says(api, bob, lessons):
    """The view returns the cached payload as it is: it must keep LessonSerializer's shape (the schema's)."""
    from learning.api.documents import LessonSerializer

    lesson = lessons[1]
    body = api(bob).get(f"/api/v1/lessons/{lesson.pk}/").json()
    lesson.is_read = False
    lesson.previous, lesson.next = lessons[0].pk, lessons[2].pk

    assert body == LessonSerializer(lesson).data


def test_a_cached_lesson_keeps_each_readers_own_read_flag_and_follows_a_reimport(
    api, alice, bob, charlie, seed_document, lessons, django_assert_num_queries
):
    url = f"/api/v1/lessons/{lessons[0].pk}/"
    assert api(bob).post(f"{url}complete/").status_code == 200
    bob_client, charlie_client = api(bob), api(charlie)
    assert bob_client.get(url).json()["read"] is True
    # Served from the cache now: the token, then the lesson with the reader's flag (no neighbours query).
    with django_assert_num_queries(2):
        assert charlie_client.get(url).json()["read"] is False
    assert "rất phổ biến" not in bob_client.get(url).json()["html"]
    edited = seed_document.source.replace("được sử dụng rộng rãi", "rất phổ biến")
    document_import(text=edited, user=alice)
    assert "rất phổ biến" in bob_client.get(url).json()["html"]


def test_an_unknown_or_draft_lesson_is_404(api, alice, charlie):
    draft = document_import(text=SQL_NOSQL, user=alice, publish=False)
    assert api(charlie).get(f"/api/v1/lessons/{draft.lessons.first().pk}/").status_code == 404
    assert api(charlie).get("/api/v1/lessons/999999/").status_code == 404


# ---------------------------------------------------------------- POST /lessons/{id}/complete/


def test_a_student_completes_a_lesson_once(api, bob, lessons):
    client = api(bob)
    first = client.post(f"/api/v1/lessons/{lessons[0].pk}/complete/")
    again = client.post(f"/api/v1/lessons/{lessons[0].pk}/complete/")
    assert first.status_code == 200 and again.status_code == 200
    assert first.json()["read"] is True and first.json()["read_at"] == again.json()["read_at"]
    assert LessonRead.objects.filter(student=bob).count() == 1
    assert client.get(f"/api/v1/lessons/{lessons[0].pk}/").json()["read"] is True


def test_a_teacher_cannot_complete_a_lesson(api, alice, lessons):
    assert api(alice).post(f"/api/v1/lessons/{lessons[0].pk}/complete/").status_code == 403
    assert not LessonRead.objects.exists()


def test_completing_an_unknown_lesson_is_404(api, charlie):
    assert api(charlie).post("/api/v1/lessons/999999/complete/").status_code == 404
