"""The import service: one transaction, idempotent, keyed updates that keep students' reads."""

import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from learning.content.types import DocumentError
from learning.models import Difference, Document, GlossaryTerm, Lesson, LessonRead, Statement, StudyDay
from learning.services.documents import (
    MAX_BYTES,
    document_error_message,
    document_import,
    document_import_result,
    document_preview,
    lesson_mark_read,
)
from tests.conftest import FIXTURES, SEED_DOCUMENT, on_postgres

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def writes_in(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


def nothing_stored():
    return not any(model.objects.exists() for model in (Document, Lesson, GlossaryTerm, Difference, Statement))


def test_it_imports_the_seed_as_lessons_glossary_and_differences(alice, seed_text):
    result = document_import_result(text=seed_text.encode("utf-8"), user=alice, filename="seed.md")
    document = result.document
    assert result.status == "created"
    assert document.slug == "compare-peer-to-peer-client-server"
    assert document.language == "vi"
    assert document.source == seed_text  # byte for byte, never altered
    assert document.created_by == alice and document.published
    lessons = list(document.lessons.order_by("position"))
    assert [lesson.key for lesson in lessons] == [
        "dinh-nghia-client-server",
        "dinh-nghia-peer-to-peer",
        "su-khac-biet-giua-peer-to-peer-va-client-server",
    ]
    assert all(lesson.reading_minutes >= 1 for lesson in lessons)
    assert "<strong>node</strong>" in lessons[1].html
    assert document.differences.count() == 7
    assert Statement.objects.filter(difference__document=document).count() >= 7
    assert set(document.differences.values_list("lesson_id", flat=True)) == {lessons[2].pk}
    terms = {term.key: term for term in document.glossary.select_related("lesson")}
    assert {"client", "server", "peer", "node", "centralized-lookup-service", "broadcast"} <= set(terms)
    assert terms["peer"].lesson == lessons[1]
    assert [subject["key"] for subject in document.subjects] == ["a", "b"]
    assert all({"key", "name", "aliases"} <= set(subject) for subject in document.subjects)


def test_importing_the_same_file_again_changes_nothing(alice, seed_text):
    first = document_import(text=seed_text, user=alice)
    lessons_before = list(Lesson.objects.values_list("pk", "key", "html"))
    with CaptureQueriesContext(connection) as queries:
        again = document_import_result(text=seed_text, user=alice)
    assert again.document.pk == first.pk and again.status == "unchanged"
    assert writes_in(queries.captured_queries) == []
    assert list(Lesson.objects.values_list("pk", "key", "html")) == lessons_before
    assert Document.objects.get().updated_at == first.updated_at


def test_an_edited_reimport_updates_in_place_and_keeps_reads_of_sections_that_remain(alice, bob, seed_text):
    document = document_import(text=seed_text, user=alice)
    lessons = {lesson.key: lesson for lesson in document.lessons.all()}
    for key in ("dinh-nghia-client-server", "dinh-nghia-peer-to-peer"):
        lesson_mark_read(student=bob, lesson=lessons[key])
    edited = seed_text.replace("được sử dụng rộng rãi", "được dùng ở khắp nơi")
    # Drop the peer-to-peer section entirely, keep the other two.
    start = edited.index("### 2.Định nghĩa peer to peer")
    end = edited.index("### 3.Sự khác biệt")
    edited = edited[:start] + edited[end:]

    updated = document_import_result(text=edited, user=alice)

    assert updated.document.pk == document.pk and updated.status == "updated"
    kept = Lesson.objects.get(document=document, key="dinh-nghia-client-server")
    assert kept.pk == lessons["dinh-nghia-client-server"].pk
    assert "được dùng ở khắp nơi" in kept.html
    assert list(document.lessons.order_by("position").values_list("key", "position")) == [
        ("dinh-nghia-client-server", 0),
        ("su-khac-biet-giua-peer-to-peer-va-client-server", 1),
    ]
    # The removed section is retired, not deleted: bob's read of it is kept (hidden with the lesson).
    retired = Lesson.all_objects.get(document=document, key="dinh-nghia-peer-to-peer")
    assert retired.pk == lessons["dinh-nghia-peer-to-peer"].pk and retired.retired_at is not None
    assert sorted(LessonRead.objects.filter(student=bob).values_list("lesson__key", flat=True)) == [
        "dinh-nghia-client-server",
        "dinh-nghia-peer-to-peer",
    ]
    # Terms defined only in the removed section are retired; the others keep their rows.
    assert not GlossaryTerm.objects.filter(document=document, key="peer").exists()
    assert GlossaryTerm.all_objects.get(document=document, key="peer").retired_at is not None
    assert GlossaryTerm.objects.get(document=document, key="server").lesson == kept


def test_reordered_sections_keep_their_rows(alice, seed_text):
    document = document_import(text=seed_text, user=alice)
    ids = dict(document.lessons.values_list("key", "pk"))
    first = seed_text.index("### 1.")
    second = seed_text.index("### 2.")
    third = seed_text.index("### 3.")
    swapped = seed_text[:first] + seed_text[second:third] + seed_text[first:second] + seed_text[third:]
    document_import(text=swapped, user=alice)
    assert dict(document.lessons.values_list("key", "pk")) == ids
    assert document.lessons.get(key="dinh-nghia-peer-to-peer").position == 0


def test_differences_keep_their_rows_and_refresh_statements(alice, seed_text):
    document = document_import(text=seed_text, user=alice)
    before = dict(document.differences.values_list("key", "pk"))
    document_import(text=seed_text + "\n", user=alice)  # a different file, same differences
    assert dict(document.differences.values_list("key", "pk")) == before
    assert all(d.statements.count() >= 1 for d in document.differences.all())


@pytest.mark.parametrize(
    "payload, message",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("## Café vs thé\n### Différences\n- Café est plus fort que thé.\n".encode("latin-1"), "not UTF-8"),
        ("## Mô hình\n### Khác biệt\n- A nhanh hơn so với B.\n".encode("utf-16"), "not UTF-8"),
        (b"## Big\n### One\n- " + b"x" * MAX_BYTES, "larger than 1 MB"),
        ("Chỉ một đoạn văn, không có tiêu đề.".encode(), "no heading"),
        ("## A vs B\n### Định nghĩa A\n- A là một thứ.\n".encode(), "no list of differences"),
    ],
)
def test_bad_uploads_say_why_and_leave_nothing_behind(alice, payload, message):
    with pytest.raises(DocumentError) as error:
        document_import(text=payload, user=alice)
    with translation.override("en"):
        assert message.lower() in document_error_message(error.value).lower()
    assert nothing_stored()


def test_error_messages_are_translated_with_their_values():
    with pytest.raises(DocumentError) as error:
        document_import(text="## T\n### Trống trơn\n### Khác\n- chữ\n")
    with translation.override("vi"):
        assert document_error_message(error.value) == "Mục “Trống trơn” không có nội dung."
    with translation.override("en"):
        assert document_error_message(error.value) == "The section “Trống trơn” has no text."


def test_a_failed_reimport_leaves_the_previous_version_untouched(alice, seed_text):
    document = document_import(text=seed_text, user=alice)
    broken = seed_text.split("### 3.")[0]  # the differences section is gone
    with pytest.raises(DocumentError):
        document_import(text=broken, user=alice)
    assert Document.objects.get().source == seed_text
    assert document.lessons.count() == 3 and document.differences.count() == 7


def test_the_preview_writes_nothing_and_tells_what_would_change(alice, seed_text):
    # The preview runs the import itself in a transaction that is rolled back: nothing stays.
    preview = document_preview(seed_text)
    assert nothing_stored()
    assert preview.existing is None and not preview.unchanged
    assert preview.added == [s.key for s in preview.parsed.sections]
    assert len(preview.parsed.differences) == 7

    document_import(text=seed_text, user=alice)
    assert document_preview(seed_text).unchanged
    edited = document_preview(seed_text.replace("rộng rãi", "phổ biến"))
    assert edited.updated == ["dinh-nghia-client-server"] and edited.added == [] and edited.removed == []
    assert edited.report.lessons.as_dict()["changed_names"] == ["Định nghĩa Client-Server"]
    assert edited.report.lessons.as_dict()["kept"] == 2


def test_a_draft_is_stored_unpublished(alice):
    text = (FIXTURES / "sql-vs-nosql.en.md").read_text(encoding="utf-8")
    document = document_import(text=text, user=alice, publish=False)
    assert not document.published and document.language == "en"


def test_marking_a_lesson_read_is_idempotent_and_counts_the_study_day(alice, bob, seed_text):
    lesson = document_import(text=seed_text, user=alice).lessons.first()
    read, created = lesson_mark_read(student=bob, lesson=lesson)
    again, created_again = lesson_mark_read(student=bob, lesson=lesson)
    assert created and not created_again and again.pk == read.pk and again.read_at == read.read_at
    assert LessonRead.objects.count() == 1
    assert StudyDay.objects.filter(student=bob).count() == 1


def test_the_command_imports_quietly_the_second_time(tmp_path):
    paths = [str(SEED_DOCUMENT), str(FIXTURES / "http-vs-ftp.vi.md"), str(FIXTURES / "sql-vs-nosql.en.md")]
    out = io.StringIO()
    call_command("import_document", *paths, stdout=out)
    assert out.getvalue().count("created") == 3
    assert Document.objects.count() == 3
    again = io.StringIO()
    call_command("import_document", *paths, stdout=again)
    assert again.getvalue() == ""


def test_the_command_updates_a_retitled_file_and_says_what_it_kept_and_retired(tmp_path, bob):
    source = tmp_path / "p2p.md"
    text = SEED_DOCUMENT.read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    call_command("import_document", str(source), stdout=io.StringIO())
    document = Document.objects.get()
    lesson_mark_read(student=bob, lesson=document.lessons.first())
    # Same file name, new title and one difference fewer: the same document, matched by the file.
    edited = text.replace("## Compare peer to peer client-server ##", "## So sánh peer to peer và client-server ##")
    source.write_text(edited.replace("- Client-Server thì mô hình đắt hơn so với ngang hàng.\n", ""), "utf-8")
    out = io.StringIO()
    call_command("import_document", str(source), stdout=out)
    assert Document.objects.get().pk == document.pk and Document.objects.get().slug == document.slug
    assert "updated “So sánh peer to peer và client-server”" in out.getvalue()
    assert "0 added, 1 retired (Client-Server thì mô hình đắt hơn so với ngang hàng.)" in out.getvalue()
    assert "lessons: 2 kept, 1 changed, 0 added, 0 retired" in out.getvalue()
    assert LessonRead.objects.filter(student=bob).count() == 1
    # Another file name still updates it when the document is named.
    renamed = tmp_path / "renamed.md"
    renamed.write_text(edited.replace("So sánh", "Đối chiếu"), encoding="utf-8")
    call_command("import_document", str(renamed), "--document", document.slug, stdout=io.StringIO())
    assert Document.objects.count() == 1 and Document.objects.get().title.startswith("Đối chiếu")


def test_the_command_fails_loudly_on_a_bad_file(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\xff\xfe not utf-8")
    err = io.StringIO()
    with pytest.raises(Exception, match="1 of 1"):
        call_command("import_document", str(bad), stderr=err)
    assert "UTF-8" in err.getvalue()
    assert nothing_stored()


def _import_at_once(users, text):
    barrier = threading.Barrier(len(users))
    results, errors = [], []

    def run(user):
        try:
            barrier.wait(timeout=10)
            results.append(document_import(text=text, user=user).pk)
        except Exception as exc:  # collected and asserted by the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_submitted_import_of_a_new_document_gives_one_document(alice, seed_text):
    if not on_postgres():
        pytest.skip("needs PostgreSQL (SQLite serialises writers)")
    results, errors = _import_at_once([alice, alice], seed_text)
    assert errors == []
    assert len(results) == 2 and len(set(results)) == 1 and Document.objects.count() == 1
    assert Lesson.objects.count() == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_teachers_importing_the_same_new_document_at_once_get_one_document_and_a_clear_error(
    alice, dave, seed_text
):
    if not on_postgres():
        pytest.skip("needs PostgreSQL (SQLite serialises writers)")
    results, errors = _import_at_once([alice, dave], seed_text)
    # The unique-slug race never surfaces as an IntegrityError: one wins, the other is told why.
    assert len(results) == 1 and len(errors) == 1
    assert isinstance(errors[0], DocumentError) and "someone else" in str(errors[0])
    assert Document.objects.count() == 1 and Lesson.objects.count() == 3
