"""Word and HTML files reach the import through the page, the API and the command alike: raw bytes to
document_decode (which knows the file by its name or its first bytes), the upload's size checked before
it is read, and the conversion's errors in the reader's language."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from learning.models import Document
from learning.services.documents import MAX_UPLOAD_BYTES
from tests.learning.test_corpus import _docx
from tests.learning.test_lessons_views import client_for

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# An HTML fragment as an editor saves it: no <!doctype>, no <html>; only its name says what it is.
FRAGMENT = b"""<h1>Hub vs Switch</h1>
<h2>What is a hub?</h2><p>A hub repeats every frame to all of its ports.</p>
<h2>What is a switch?</h2><p>A switch forwards each frame only to its destination.</p>
<h2>Comparison chart</h2>
<table><tr><td>Basis for comparison</td><td>Hub</td><td>Switch</td></tr>
<tr><td>Layer</td><td>Physical layer</td><td>Data link layer</td></tr>
<tr><td>Price</td><td>Cheaper</td><td>More expensive</td></tr></table>
"""


def test_a_teacher_previews_and_publishes_a_word_file_from_the_page(alice):
    client = client_for(alice, "en")
    upload = SimpleUploadedFile("hub-switch.docx", _docx(), content_type=DOCX)
    preview = client.post("/documents/import/", {"action": "preview", "file": upload, "publish": "on"})
    assert preview.status_code == 200, preview.content.decode()[:500]
    assert [s.name for s in preview.context["parsed"].subjects] == ["Hub", "Switch"]
    assert len(preview.context["difference_rows"]) == 4
    fields = {k: v for k, v in preview.context["publish_form"].initial.items() if v not in (None, False)}
    published = client.post("/documents/import/", {**fields, "publish": "on", "action": "publish"})
    assert published.status_code == 302
    document = Document.objects.get()
    assert document.source_name == "hub-switch.docx" and document.differences.count() == 4


def test_the_api_knows_an_html_fragment_by_its_name(api, alice):
    upload = SimpleUploadedFile("notes.html", FRAGMENT, content_type="text/html")
    response = api(alice).post("/api/v1/documents/", {"file": upload}, format="multipart")
    assert response.status_code == 201, response.content
    document = Document.objects.get()
    assert [s["name"] for s in document.subjects] == ["Hub", "Switch"]
    assert "<td>" not in document.source and "| Layer |" in document.source


def test_a_damaged_word_file_gets_a_clear_message_in_vietnamese(api, alice):
    upload = SimpleUploadedFile("bai.docx", b"PK\x03\x04 not really a zip", content_type=DOCX)
    response = api(alice).post("/api/v1/documents/", {"file": upload}, format="multipart", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    assert response.json() == {"file": ["Không đọc được tập tin Word (tập tin bị hỏng hoặc không phải tập tin .docx)."]}
    page = client_for(alice, "vi").post(
        "/documents/import/",
        {"action": "preview", "file": SimpleUploadedFile("bai.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)},
    )
    assert page.status_code == 400 and "được bảo vệ bằng mật khẩu" in page.content.decode()


def test_an_oversized_upload_is_refused_before_it_is_converted(api, alice):
    big = _docx() + b"\0" * MAX_UPLOAD_BYTES  # never opened: the size alone refuses it
    response = api(alice).post(
        "/api/v1/documents/",
        {"file": SimpleUploadedFile("big.docx", big, content_type=DOCX)},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400 and response.json() == {"file": ["The file is larger than 5 MB."]}
    page = client_for(alice, "en").post(
        "/documents/import/", {"action": "preview", "file": SimpleUploadedFile("big.docx", big, content_type=DOCX)}
    )
    assert page.status_code == 400 and "larger than 5 MB" in page.content.decode()
    assert not Document.objects.exists()


def test_the_command_imports_a_word_file(db, tmp_path):
    path = tmp_path / "hub-switch.docx"
    path.write_bytes(_docx())
    out = io.StringIO()
    call_command("import_document", str(path), stdout=out)
    document = Document.objects.get()
    assert document.created_by is None and document.differences.count() == 4


def test_the_command_refuses_an_oversized_file_before_reading_it(db, tmp_path):
    path = tmp_path / "big.docx"
    path.write_bytes(b"PK" + b"\0" * MAX_UPLOAD_BYTES)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_document", str(path), stdout=io.StringIO(), stderr=err)
    assert "5 MB" in err.getvalue() and not Document.objects.exists()  # the message in the site's language
