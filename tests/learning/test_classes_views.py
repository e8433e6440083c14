"""Browser pages of classes and the dashboard: who sees what, forms, and the gradebook CSV."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from learning.models import Assignment, Classroom, Membership
from tests.factories import ClassroomFactory, MembershipFactory, StudentFactory
from tests.factories_classes import AssignmentFactory, AttemptFactory, LessonFactory, LessonReadFactory, QuizFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pass-2026-word"


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


TEACHER_PAGES = [
    "/classes/{c}/gradebook/",
    "/classes/{c}/gradebook.csv",
    "/classes/{c}/mastery/",
]
TEACHER_POSTS = [
    ("/classes/{c}/code/", {"action": "regenerate"}),
    ("/classes/{c}/students/{bob}/remove/", {}),
    ("/classes/{c}/assignments/", {"target": "lesson:1", "due_at": "2026-12-01T10:00"}),
    ("/classes/{c}/assignments/{a}/delete/", {}),
    ("/classes/{c}/import/", {}),
]


@pytest.mark.parametrize("url", ["/classes/{c}/", "/classes/{c}/students/{bob}/", *TEACHER_PAGES])
def test_the_teacher_sees_every_page_of_her_class(as_user, alice, bob, classroom, url):
    AssignmentFactory(classroom=classroom)
    response = as_user(alice).get(url.format(c=classroom.pk, bob=bob.pk))
    assert response.status_code == 200


@pytest.mark.parametrize("url", ["/classes/{c}/", "/classes/{c}/students/{bob}/", *TEACHER_PAGES])
def test_another_teacher_gets_404_on_every_page(as_user, dave, bob, classroom, url):
    assert as_user(dave).get(url.format(c=classroom.pk, bob=bob.pk)).status_code == 404


@pytest.mark.parametrize(("url", "data"), TEACHER_POSTS)
def test_another_teacher_gets_404_on_every_action(as_user, dave, bob, classroom, url, data):
    old_code = classroom.join_code
    assignment = AssignmentFactory(classroom=classroom)
    assert as_user(dave).post(url.format(c=classroom.pk, bob=bob.pk, a=assignment.pk), data).status_code == 404
    classroom.refresh_from_db()
    assert classroom.join_code == old_code and Membership.objects.filter(student=bob).exists()
    assert Assignment.objects.filter(classroom=classroom).count() == 1


@pytest.mark.parametrize("url", TEACHER_PAGES)
def test_a_student_gets_403_on_teacher_pages(as_user, bob, classroom, url):
    assert as_user(bob).get(url.format(c=classroom.pk, bob=bob.pk)).status_code == 403


@pytest.mark.parametrize(("url", "data"), TEACHER_POSTS + [("/classes/", {"name": "Lớp của Bob"})])
def test_a_student_cannot_create_classes_or_assignments(as_user, bob, classroom, url, data):
    assignment = AssignmentFactory(classroom=classroom)
    assert as_user(bob).post(url.format(c=classroom.pk, bob=bob.pk, a=assignment.pk), data).status_code == 403
    assert list(Assignment.objects.all()) == [assignment] and Classroom.objects.count() == 1


def test_a_student_sees_their_class_and_an_outsider_gets_404(as_user, bob, charlie, classroom):
    AssignmentFactory(classroom=classroom, title="Đọc bài 1")
    MembershipFactory(classroom=classroom, student=StudentFactory(username="classmate.hoa"))
    page = as_user(bob).get(f"/classes/{classroom.pk}/")
    assert page.status_code == 200 and "Đọc bài 1" in page.text
    # No roster and no join code for a student.
    assert "classmate.hoa" not in page.text and classroom.join_code not in page.text
    assert as_user(charlie).get(f"/classes/{classroom.pk}/").status_code == 404


def test_a_teacher_cannot_see_a_student_of_another_class(as_user, alice, charlie, classroom):
    assert as_user(alice).get(f"/classes/{classroom.pk}/students/{charlie.pk}/").status_code == 404


def test_another_students_progress_page_is_404_even_to_a_classmate(as_user, bob, classroom):
    classmate = StudentFactory()
    MembershipFactory(classroom=classroom, student=classmate)
    assert as_user(bob).get(f"/classes/{classroom.pk}/students/{classmate.pk}/").status_code == 404
    assert as_user(bob).get(f"/classes/{classroom.pk}/students/{bob.pk}/").status_code == 404


def test_the_teacher_removes_an_assignment(as_user, alice, classroom):
    assignment = AssignmentFactory(classroom=classroom)
    response = as_user(alice).post(f"/classes/{classroom.pk}/assignments/{assignment.pk}/delete/")
    assert response.status_code == 302 and not Assignment.objects.exists()


def test_anonymous_is_sent_to_login(client, classroom):
    for url in ("/dashboard/", "/classes/", f"/classes/{classroom.pk}/", "/classes/join/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_teacher_creates_a_class_from_the_list_page(as_user, alice):
    response = as_user(alice).post("/classes/", {"name": "Lớp 11B"})
    classroom = Classroom.objects.get(name="Lớp 11B")
    assert response.status_code == 302 and response["Location"] == f"/classes/{classroom.pk}/"
    page = as_user(alice).get(response["Location"])
    assert classroom.join_code in page.text


def test_a_student_joins_from_the_join_page(as_user, charlie, classroom):
    response = as_user(charlie).post("/classes/join/", {"code": classroom.join_code.lower()})
    assert response.status_code == 302
    assert Membership.objects.filter(classroom=classroom, student=charlie).exists()
    wrong = as_user(charlie).post("/classes/join/", {"code": "ZZZZ9999"})
    assert wrong.status_code == 200 and "errorlist" in wrong.text


def test_a_teacher_cannot_use_the_join_page(as_user, dave, classroom):
    assert as_user(dave).post("/classes/join/", {"code": classroom.join_code}).status_code == 403


def test_the_teacher_manages_the_code_and_roster(as_user, alice, bob, classroom):
    client = as_user(alice)
    old = classroom.join_code
    client.post(f"/classes/{classroom.pk}/code/", {"action": "regenerate"})
    classroom.refresh_from_db()
    assert classroom.join_code != old and classroom.join_enabled
    client.post(f"/classes/{classroom.pk}/code/", {"action": "disable"})
    classroom.refresh_from_db()
    assert not classroom.join_enabled
    client.post(f"/classes/{classroom.pk}/students/{bob.pk}/remove/")
    assert not Membership.objects.filter(classroom=classroom).exists()


def test_the_assignment_form_takes_the_teachers_wall_clock_time(as_user, alice, classroom):
    lesson = LessonFactory()
    response = as_user(alice).post(
        f"/classes/{classroom.pk}/assignments/",
        {"target": f"lesson:{lesson.pk}", "due_at": "2026-12-01T23:59", "late_allowed": "on"},
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    # Alice's zone is Asia/Ho_Chi_Minh (UTC+7).
    assert assignment.due_at == dt.datetime(2026, 12, 1, 16, 59, tzinfo=dt.UTC) and assignment.late_allowed


def test_the_assignment_form_shows_errors(as_user, alice, classroom):
    response = as_user(alice).post(f"/classes/{classroom.pk}/assignments/", {"target": "lesson:999999", "due_at": ""})
    assert response.status_code == 400 and "errorlist" in response.text
    assert not Assignment.objects.exists()


def test_the_gradebook_page_shows_statuses_and_grades(as_user, alice, bob, classroom):
    lesson_assignment = AssignmentFactory(classroom=classroom, title="Đọc: Mô hình P2P")
    quiz = QuizFactory()
    AssignmentFactory(classroom=classroom, target_type="quiz", target_id=quiz.pk, title="Kiểm tra 15 phút")
    LessonReadFactory(student=bob, lesson_id=lesson_assignment.target_id)
    AttemptFactory(quiz=quiz, student=bob, score=7, max_score=10)
    page = as_user(alice).get(f"/classes/{classroom.pk}/gradebook/").text
    assert "Đọc: Mô hình P2P" in page and "Kiểm tra 15 phút" in page
    assert "cell-done" in page and "70%" in page


def test_the_gradebook_csv_has_a_bom_and_vietnamese_names(as_user, alice, classroom):
    students = [
        StudentFactory(username="nguyenvan.an", first_name="An", last_name="Nguyễn Văn"),
        StudentFactory(username="tran.thi.binh", first_name="Bình", last_name="Trần Thị"),
        StudentFactory(username="le.duc", first_name="Đức", last_name="Lê"),
    ]
    for s in students:
        MembershipFactory(classroom=classroom, student=s)
    due = timezone.now() + dt.timedelta(days=1)
    assignment = AssignmentFactory(classroom=classroom, title="Bài đọc: Ưu điểm của P2P", due_at=due)
    LessonReadFactory(student=students[1], lesson_id=assignment.target_id)
    response = as_user(alice).get(f"/classes/{classroom.pk}/gradebook.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    assert response.streaming  # written row by row, never whole in memory
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["last_name", "first_name", "username"]
    assert rows[0][3].startswith("Bài đọc: Ưu điểm của P2P") and rows[0][3].endswith("status")
    by_user = {row[2]: row for row in rows[1:]}
    assert by_user["tran.thi.binh"][:2] == ["Trần Thị", "Bình"]
    assert by_user["tran.thi.binh"][3:] == ["done", "100", "", ""]
    assert by_user["le.duc"][:2] == ["Lê", "Đức"] and by_user["le.duc"][3:] == ["not_started", "", "", ""]
    assert "Nguyễn Văn".encode() in content
    # The API gives the same bytes with ?format=csv.
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(alice)
    api_csv = api.get(f"/api/v1/classes/{classroom.pk}/gradebook/?format=csv")
    assert api_csv.streaming and b"".join(api_csv.streaming_content) == content


def test_the_dashboard_shows_progress_and_next_assignments(as_user, bob, classroom):
    assignment = AssignmentFactory(classroom=classroom, title="Đọc bài 2 trước thứ Sáu")
    page = as_user(bob).get("/dashboard/")
    assert page.status_code == 200
    assert "Đọc bài 2 trước thứ Sáu" in page.text and f'href="{assignment.target_url}"' in page.text


def test_a_teacher_on_the_dashboard_goes_to_the_classes(as_user, alice):
    assert as_user(alice).get("/dashboard/")["Location"] == "/classes/"


def test_a_teacher_sees_only_her_classes_in_the_list(as_user, alice, dave, classroom):
    ClassroomFactory(teacher=dave, name="Lớp của Dave")
    page = as_user(alice).get("/classes/").text
    assert "10A1" in page and "Lớp của Dave" not in page


def test_the_dashboard_activity_shows_my_quizzes_only(as_user, bob, charlie, alice):
    quiz = QuizFactory(title="Kiểm tra: mô hình P2P")
    AttemptFactory(quiz=quiz, student=bob, score=3, max_score=4)
    AttemptFactory(quiz=QuizFactory(title="Bài của Charlie"), student=charlie)
    page = as_user(bob).get("/dashboard/activity/", HTTP_HX_REQUEST="true")
    assert page.status_code == 200 and "<html" not in page.text
    assert "Kiểm tra: mô hình P2P" in page.text and "75%" in page.text and "Bài của Charlie" not in page.text
    assert "<html" in as_user(bob).get("/dashboard/activity/").text  # without htmx: a whole page
    assert as_user(alice).get("/dashboard/activity/").status_code == 404
