"""CSV import of a class list: accounts created or updated, every wrong row named, nothing half-written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from learning.models import Membership, User
from learning.services.classes import students_import_csv
from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def upload(text: str, encoding="utf-8-sig"):
    return SimpleUploadedFile("lop.csv", text.encode(encoding), content_type="text/csv")


def test_it_creates_accounts_and_adds_them_to_the_class(api, alice, classroom):
    text = (
        "username,first name,last name,password\n"
        "nguyen.an,An,Nguyễn Văn,mat-khau-2026\n"
        "le.duc,Đức,Lê\n"
    )
    response = api(alice).post(f"/api/v1/classes/{classroom.pk}/students/import/", {"file": upload(text)})
    assert response.status_code == 200, response.json()
    rows = {r["username"]: r for r in response.json()["students"]}
    assert rows["nguyen.an"]["created"] and rows["nguyen.an"]["password"] is None
    assert rows["le.duc"]["created"] and len(rows["le.duc"]["password"]) == 14  # drawn, shown once
    assert response.json()["skipped"] == []
    an = User.objects.get(username="nguyen.an")
    assert an.is_student and an.last_name == "Nguyễn Văn" and an.check_password("mat-khau-2026")
    assert User.objects.get(username="le.duc").check_password(rows["le.duc"]["password"])
    assert set(Membership.objects.filter(classroom=classroom).values_list("student__username", flat=True)) == {
        "bob",
        "nguyen.an",
        "le.duc",
    }


def test_a_wrong_row_writes_nothing_and_every_wrong_row_is_named(classroom):
    TeacherFactory(username="co.lan")
    text = (
        "hoa.pham,Hoa,Phạm\n"  # fine
        "bad name!,X,Y\n"  # line 2: invalid username
        "only.two,Cols\n"  # line 3: too few columns
        "hoa.pham,Hoa,Phạm\n"  # line 4: duplicate
        "lti-1-abc,Lan,Nguyễn\n"  # line 5: a name kept for LMS accounts
        "short.pw,A,B,123\n"  # line 6: weak password
        "co.lan,Lan,Nguyễn\n"  # a teacher's account: not an error, skipped (tests/learning/test_roster_existing.py)
    )
    with translation.override("en"):
        result = students_import_csv(classroom=classroom, data=text.encode())
    assert not result.ok
    joined = "\n".join(result.errors)
    for line in (2, 3, 4, 5, 6):
        assert f"line {line}:" in joined
    assert "line 1:" not in joined
    assert not User.objects.filter(username__in=["hoa.pham", "short.pw"]).exists()
    assert User.objects.get(username="co.lan").is_teacher
    assert Membership.objects.filter(classroom=classroom).count() == 1


def test_it_reads_semicolons_and_refuses_non_utf8(classroom):
    result = students_import_csv(classroom=classroom, data="minh.vu;Minh;Vũ\n".encode())
    assert result.ok and result.rows[0].last_name == "Vũ"
    with translation.override("en"):
        latin = students_import_csv(classroom=classroom, data="x,Ä,\xff\n".encode("latin-1"))
    assert not latin.ok and "UTF-8" in latin.errors[0]
    assert not students_import_csv(classroom=classroom, data=b"").ok


def test_the_api_names_the_file_field_and_guards_access(api, alice, bob, dave, classroom):
    url = f"/api/v1/classes/{classroom.pk}/students/import/"
    bad = api(alice).post(url, {"file": upload("a,b\n")})
    assert bad.status_code == 400 and "dòng 1" in bad.json()["file"][0]  # Vietnamese by default
    assert api(alice).post(url, {}).status_code == 400
    assert api(dave).post(url, {"file": upload("x.y,X,Y\n")}).status_code == 404
    assert api(bob).post(url, {"file": upload("x.y,X,Y\n")}).status_code == 403
    assert not User.objects.filter(username="x.y").exists()


def test_the_class_page_imports_and_shows_drawn_passwords(client, alice, classroom):
    client.force_login(alice)
    page = client.post(f"/classes/{classroom.pk}/import/", {"file": upload("mai.ho,Mai,Hồ Thị\n")})
    assert page.status_code == 200 and "mai.ho" in page.text and "Hồ Thị" in page.text
    assert Membership.objects.filter(classroom=classroom, student__username="mai.ho").exists()
    wrong = client.post(f"/classes/{classroom.pk}/import/", {"file": upload("!!,A,B\n")})
    assert wrong.status_code == 400 and "dòng 1" in wrong.text
