"""A roster import creates accounts only: an existing account is never changed, nor enrolled from elsewhere.

Alice teaches 10A1 (Bob) and imports lists; Charlie is a student of nobody's class; Erin is Dave's student;
the admin was made with createsuperuser (role defaults to student) and must never be touched by a teacher.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation

from learning.models import Membership, User
from learning.services.classes import students_import_csv
from tests.conftest import PASSWORD
from tests.factories import ClassroomFactory, MembershipFactory, StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db

TAKEOVER = "take-over-2026"


def upload(text: str):
    return SimpleUploadedFile("lop.csv", text.encode("utf-8"), content_type="text/csv")


def snapshot(user: User) -> tuple:
    user.refresh_from_db()
    return (user.password, user.first_name, user.last_name, user.email, user.role, user.is_staff, user.is_superuser)


@pytest.fixture
def admin_user(db):
    call_command("createsuperuser", "--noinput", "--username", "admin", "--email", "admin@example.org")
    user = User.objects.get(username="admin")
    user.set_password("admin-pass-2026")
    user.save()
    assert user.is_student  # the role defaults to student: the old import matched it
    return user


@pytest.fixture
def erin(dave):
    erin = StudentFactory(username="erin", first_name="Erin", email="erin@example.org")
    MembershipFactory(classroom=ClassroomFactory(teacher=dave, name="Dave's"), student=erin)
    return erin


def test_it_never_changes_or_enrols_a_student_of_another_teacher(api, alice, classroom, erin, charlie):
    before = {u.username: snapshot(u) for u in (erin, charlie)}
    text = f"erin,Hacked,Name,{TAKEOVER}\nCharlie,X,Y,{TAKEOVER}\nnew.kid,New,Kid\n"

    response = api(alice).post(f"/api/v1/classes/{classroom.pk}/students/import/", {"file": upload(text)})

    assert response.status_code == 200, response.json()
    body = response.json()
    assert {r["username"] for r in body["students"]} == {"new.kid"}
    skipped = {r["username"]: r for r in body["skipped"]}
    assert set(skipped) == {"erin", "charlie"} and skipped["erin"]["line"] == 1
    assert classroom.join_code in skipped["charlie"]["reason"] and body["join_code"] == classroom.join_code
    assert {u.username: snapshot(u) for u in (erin, charlie)} == before
    assert not erin.check_password(TAKEOVER) and erin.check_password(PASSWORD)
    assert not Membership.objects.filter(classroom=classroom, student__in=[erin, charlie]).exists()
    # Alice cannot sign in as them.
    assert api(None).post("/api/v1/auth/token/", {"username": "erin", "password": TAKEOVER}).status_code == 400


def test_it_never_touches_a_superuser_or_staff_account(client, api, alice, classroom, admin_user):
    staff = StudentFactory(username="helpdesk", is_staff=True)
    before = {u.username: snapshot(u) for u in (admin_user, staff)}
    text = f"admin,Evil,Teacher,{TAKEOVER}\nhelpdesk,Evil,Teacher,{TAKEOVER}\n"

    response = api(alice).post(f"/api/v1/classes/{classroom.pk}/students/import/", {"file": upload(text)})

    assert response.status_code == 200, response.json()
    assert {r["username"] for r in response.json()["skipped"]} == {"admin", "helpdesk"}
    assert {u.username: snapshot(u) for u in (admin_user, staff)} == before
    assert not Membership.objects.filter(student__in=[admin_user, staff]).exists()
    assert not client.login(username="admin", password=TAKEOVER)
    assert client.get("/admin/").status_code == 302  # still not signed in


def test_even_a_superuser_in_the_teachers_class_is_not_matched(alice, classroom, admin_user):
    MembershipFactory(classroom=classroom, student=admin_user)
    other = ClassroomFactory(teacher=alice, name="10A2")
    before = snapshot(admin_user)

    result = students_import_csv(classroom=other, data=f"admin,A,B,{TAKEOVER}\n".encode())

    assert result.ok and [r.username for r in result.skipped] == ["admin"]
    assert snapshot(admin_user) == before
    assert not Membership.objects.filter(classroom=other, student=admin_user).exists()


def test_a_student_of_the_teacher_is_added_to_another_class_unchanged(api, alice, bob, classroom):
    other = ClassroomFactory(teacher=alice, name="10A2")
    before = snapshot(bob)

    response = api(alice).post(
        f"/api/v1/classes/{other.pk}/students/import/", {"file": upload(f"BOB,Robert,Renamed,{TAKEOVER}\n")}
    )

    assert response.status_code == 200, response.json()
    [row] = response.json()["students"]
    assert (row["username"], row["created"], row["outcome"], row["password"]) == ("bob", False, "enrolled", None)
    assert snapshot(bob) == before and bob.check_password(PASSWORD)
    assert Membership.objects.filter(classroom=other, student=bob).exists()


def test_a_teachers_account_is_skipped_not_an_error(alice, classroom):
    lan = TeacherFactory(username="co.lan")
    before = snapshot(lan)

    result = students_import_csv(classroom=classroom, data=b"co.lan,Lan,Nguyen\nhoa.pham,Hoa,Pham\n")

    assert result.ok and [r.username for r in result.skipped] == ["co.lan"]
    assert [r.username for r in result.rows] == ["hoa.pham"]
    assert snapshot(lan) == before and not Membership.objects.filter(student=lan).exists()


def test_the_class_page_lists_skipped_rows_with_the_join_code(client, alice, classroom, erin):
    client.force_login(alice)
    with translation.override("en"):
        page = client.post(
            f"/classes/{classroom.pk}/import/",
            {"file": upload(f"erin,E,F,{TAKEOVER}\nmai.ho,Mai,Hồ\n")},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert page.status_code == 200
    html = page.text
    assert 'id="import-skipped"' in html and "line 1: erin" in html and classroom.join_code in html
    assert "mai.ho" in html
    assert snapshot(erin)[0] == erin.password and not erin.check_password(TAKEOVER)
    assert not Membership.objects.filter(classroom=classroom, student=erin).exists()


def test_an_invalid_row_writes_nothing_even_next_to_existing_accounts(alice, classroom, erin):
    with translation.override("en"):
        result = students_import_csv(classroom=classroom, data=b"erin,E,F\nfresh.one,F,O\nbad name!,X,Y\n")
    assert not result.ok and result.errors[0].startswith("line 3:")
    assert not User.objects.filter(username="fresh.one").exists()
    assert not Membership.objects.filter(classroom=classroom, student=erin).exists()


def test_seed_demo_never_resets_an_existing_account(db):
    """It runs again on a database where "student" is a real account: that account keeps its password."""
    StudentFactory(username="student", first_name="Real")
    call_command("seed_demo", stdout=io.StringIO())
    real = User.objects.get(username="student")
    assert real.first_name == "Real" and real.check_password(PASSWORD)
