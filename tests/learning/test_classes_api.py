"""Classes through the REST API: create, join, roster, join codes, assignments, and who may do what."""

import datetime as dt

import pytest
from django.utils import timezone

from learning.models import Assignment, Classroom, Membership
from tests.factories import ClassroomFactory, MembershipFactory, StudentFactory
from tests.factories_classes import AssignmentFactory, DocumentFactory, LessonFactory, QuizFactory

pytestmark = pytest.mark.django_db


def due(days=7):
    return (timezone.now() + dt.timedelta(days=days)).isoformat()


def test_it_creates_a_class_with_a_join_code(api, alice):
    response = api(alice).post("/api/v1/classes/", {"name": "Lớp 10A2"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Lớp 10A2" and len(body["join_code"]) == 8
    assert Classroom.objects.get(pk=body["id"]).teacher == alice


def test_it_lists_only_my_classes(api, alice, dave, classroom):
    ClassroomFactory(teacher=dave, name="Dave's")
    names = [c["name"] for c in api(alice).get("/api/v1/classes/").json()["results"]]
    assert names == ["10A1"]
    assert api(dave).get("/api/v1/classes/").json()["count"] == 1


def test_a_student_lists_the_classes_they_joined_without_the_code(api, bob, charlie, classroom):
    body = api(bob).get("/api/v1/classes/").json()
    assert [c["name"] for c in body["results"]] == ["10A1"]
    assert body["results"][0]["join_code"] is None
    assert api(charlie).get("/api/v1/classes/").json()["count"] == 0


def test_a_student_cannot_create_a_class(api, bob):
    assert api(bob).post("/api/v1/classes/", {"name": "x"}, format="json").status_code == 403
    assert not Classroom.objects.filter(name="x").exists()


def test_it_refuses_an_empty_name_naming_the_field(api, alice):
    response = api(alice).post("/api/v1/classes/", {"name": ""}, format="json")
    assert response.status_code == 400 and "name" in response.json()


def test_anonymous_gets_401(api):
    assert api(None).get("/api/v1/classes/").status_code == 401


def test_a_student_joins_with_the_code(api, charlie, classroom):
    code = f" {classroom.join_code.lower()[:4]}-{classroom.join_code.lower()[4:]} "
    response = api(charlie).post("/api/v1/classes/join/", {"code": code}, format="json")
    assert response.status_code == 200 and response.json()["id"] == classroom.pk
    assert Membership.objects.filter(classroom=classroom, student=charlie).exists()
    # Joining twice is harmless.
    assert api(charlie).post("/api/v1/classes/join/", {"code": classroom.join_code}, format="json").status_code == 200
    assert Membership.objects.filter(classroom=classroom, student=charlie).count() == 1


@pytest.mark.parametrize("code", ["", "NOPE1234", 12, None])
def test_a_wrong_code_is_a_400_on_code(api, charlie, classroom, code):
    response = api(charlie).post("/api/v1/classes/join/", {"code": code}, format="json")
    assert response.status_code == 400 and "code" in response.json()


def test_a_disabled_code_does_not_let_anyone_in(api, alice, charlie, classroom):
    assert (
        api(alice).patch(f"/api/v1/classes/{classroom.pk}/", {"join_enabled": False}, format="json").status_code == 200
    )
    response = api(charlie).post("/api/v1/classes/join/", {"code": classroom.join_code}, format="json")
    assert response.status_code == 400
    assert not Membership.objects.filter(student=charlie).exists()


def test_a_regenerated_code_replaces_the_old_one(api, alice, charlie, classroom):
    old = classroom.join_code
    new = api(alice).post(f"/api/v1/classes/{classroom.pk}/join-code/").json()["join_code"]
    assert new != old
    assert api(charlie).post("/api/v1/classes/join/", {"code": old}, format="json").status_code == 400
    assert api(charlie).post("/api/v1/classes/join/", {"code": new}, format="json").status_code == 200


def test_a_teacher_cannot_join(api, dave, classroom):
    assert api(dave).post("/api/v1/classes/join/", {"code": classroom.join_code}, format="json").status_code == 403


def test_a_student_may_be_in_several_classes(api, alice, dave, bob, classroom):
    other = ClassroomFactory(teacher=dave)
    api(bob).post("/api/v1/classes/join/", {"code": other.join_code}, format="json")
    assert api(bob).get("/api/v1/classes/").json()["count"] == 2


def test_the_teacher_sees_the_roster_and_removes_a_student(api, alice, bob, classroom):
    detail = api(alice).get(f"/api/v1/classes/{classroom.pk}/").json()
    assert [s["username"] for s in detail["students"]] == ["bob"]
    assert api(alice).delete(f"/api/v1/classes/{classroom.pk}/students/{bob.pk}/").status_code == 204
    assert not Membership.objects.filter(classroom=classroom).exists()
    assert api(bob).get(f"/api/v1/classes/{classroom.pk}/").status_code == 404


def test_a_student_sees_their_class_but_not_its_roster(api, bob, classroom):
    detail = api(bob).get(f"/api/v1/classes/{classroom.pk}/").json()
    assert detail["name"] == "10A1" and detail["students"] is None and detail["join_code"] is None


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("get", "", None),
        ("patch", "", {"name": "x"}),
        ("post", "join-code/", None),
        ("get", "assignments/", None),
        ("post", "assignments/", {"target_type": "lesson", "target_id": 1, "due_at": "2027-06-01T00:00:00Z"}),
        ("get", "gradebook/", None),
        ("delete", "students/{bob}/", None),
    ],
)
def test_another_teachers_class_is_404(api, dave, bob, classroom, method, suffix, body):
    url = f"/api/v1/classes/{classroom.pk}/" + suffix.format(bob=bob.pk)
    response = getattr(api(dave), method)(url, body, format="json")
    assert response.status_code == 404
    assert Membership.objects.filter(classroom=classroom, student=bob).exists()


@pytest.mark.parametrize(
    ("method", "suffix"), [("get", ""), ("get", "assignments/"), ("get", "gradebook/"), ("post", "join-code/")]
)
def test_an_outsider_student_gets_404_or_403(api, charlie, classroom, method, suffix):
    response = getattr(api(charlie), method)(f"/api/v1/classes/{classroom.pk}/{suffix}", format="json")
    # Reading a class one is not in: 404. Teacher-only actions: 403 for any student.
    assert response.status_code == (404 if method == "get" and suffix != "gradebook/" else 403)


def test_a_student_of_the_class_cannot_assign_or_see_the_gradebook(api, bob, classroom):
    lesson = LessonFactory()
    body = {"target_type": "lesson", "target_id": lesson.pk, "due_at": due()}
    assert api(bob).post(f"/api/v1/classes/{classroom.pk}/assignments/", body, format="json").status_code == 403
    assert api(bob).get(f"/api/v1/classes/{classroom.pk}/gradebook/").status_code == 403
    assert api(bob).delete(f"/api/v1/classes/{classroom.pk}/students/{bob.pk}/").status_code == 403
    assert not Assignment.objects.exists()


def test_removing_someone_not_in_the_class_is_404(api, alice, charlie, classroom):
    assert api(alice).delete(f"/api/v1/classes/{classroom.pk}/students/{charlie.pk}/").status_code == 404


# --- assignments ---------------------------------------------------------------------------------------


def test_it_assigns_a_lesson_with_a_due_date(api, alice, classroom):
    lesson = LessonFactory(title="Bài 1: Mô hình client-server")
    body = {"target_type": "lesson", "target_id": lesson.pk, "due_at": "2026-12-01T23:59:00+07:00"}
    response = api(alice).post(f"/api/v1/classes/{classroom.pk}/assignments/", body, format="json")
    assert response.status_code == 201, response.json()
    assignment = Assignment.objects.get()
    assert assignment.title == "Bài 1: Mô hình client-server"
    assert assignment.target_url == f"/lessons/{lesson.pk}/"
    assert assignment.due_at == dt.datetime(2026, 12, 1, 16, 59, tzinfo=dt.UTC)
    assert assignment.document_id == lesson.document_id and not assignment.late_allowed


def test_it_assigns_a_flashcards_goal(api, alice, classroom):
    document = DocumentFactory()
    body = {"target_type": "flashcards", "target_id": document.pk, "due_at": due(), "goal_cards": 20}
    response = api(alice).post(f"/api/v1/classes/{classroom.pk}/assignments/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["goal_cards"] == 20 and response.json()["document"] == document.pk


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"target_type": "video", "target_id": 1, "due_at": "2027-06-01T00:00:00Z"}, "target_type"),
        ({"target_type": "lesson", "target_id": 999999, "due_at": "2027-06-01T00:00:00Z"}, "target_id"),
        ({"target_type": "lesson", "target_id": "abc", "due_at": "2027-06-01T00:00:00Z"}, "target_id"),
        ({"target_type": "quiz", "target_id": "{quiz}"}, "due_at"),
        ({"target_type": "quiz", "target_id": "{quiz}", "due_at": "tomorrow"}, "due_at"),
        ({"target_type": "quiz", "target_id": "{quiz}", "due_at": "2099-01-01T00:00:00Z"}, "due_at"),
        (
            {
                "target_type": "quiz",
                "target_id": "{quiz}",
                "due_at": "2027-06-01T00:00:00Z",
                "starts_at": "2027-07-01T00:00:00Z",
            },
            "starts_at",
        ),
        ({"target_type": "flashcards", "target_id": "{doc}", "due_at": "2027-06-01T00:00:00Z"}, "goal_cards"),
        (
            {"target_type": "flashcards", "target_id": "{doc}", "due_at": "2027-06-01T00:00:00Z", "goal_cards": 0},
            "goal_cards",
        ),
        (
            {"target_type": "quiz", "target_id": "{quiz}", "due_at": "2027-06-01T00:00:00Z", "goal_cards": 5},
            "goal_cards",
        ),
    ],
)
def test_bad_assignment_input_is_a_400_naming_the_field(api, alice, classroom, body, field):
    quiz = QuizFactory()
    body = {k: (v.format(quiz=quiz.pk, doc=quiz.document_id) if isinstance(v, str) else v) for k, v in body.items()}
    response = api(alice).post(f"/api/v1/classes/{classroom.pk}/assignments/", body, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Assignment.objects.exists()


def test_my_assignments_lists_only_my_classes_by_due_date(api, alice, dave, bob, charlie, classroom):
    later = AssignmentFactory(classroom=classroom, due_at=timezone.now() + dt.timedelta(days=9))
    sooner = AssignmentFactory(classroom=classroom, due_at=timezone.now() + dt.timedelta(days=2))
    AssignmentFactory(classroom=ClassroomFactory(teacher=dave))
    body = api(bob).get("/api/v1/assignments/").json()
    assert [a["id"] for a in body["results"]] == [sooner.pk, later.pk]
    assert {a["status"] for a in body["results"]} == {"not_started"}
    assert body["results"][0]["grade"] is None
    assert api(charlie).get("/api/v1/assignments/").json()["count"] == 0
    assert api(alice).get("/api/v1/assignments/").json()["count"] == 2


def test_a_student_sees_assignments_of_a_class_they_joined(api, bob, classroom):
    other_student = StudentFactory()
    MembershipFactory(classroom=classroom, student=other_student)
    AssignmentFactory(classroom=classroom)
    assert len(api(bob).get(f"/api/v1/classes/{classroom.pk}/assignments/").json()) == 1


def test_gradebook_errors_stay_json_when_csv_is_asked(api, bob, dave, classroom):
    for user, code in ((bob, 403), (dave, 404)):
        response = api(user).get(f"/api/v1/classes/{classroom.pk}/gradebook/?format=csv")
        assert response.status_code == code
        assert response["Content-Type"] == "application/json" and "detail" in response.json()


def test_the_gradebook_api_gives_statuses_per_student(api, alice, bob, classroom):
    assignment = AssignmentFactory(classroom=classroom)
    body = api(alice).get(f"/api/v1/classes/{classroom.pk}/gradebook/").json()
    assert [a["id"] for a in body["assignments"]] == [assignment.pk]
    [row] = body["students"]
    assert row["username"] == "bob" and row["cells"] == [
        {"assignment": assignment.pk, "status": "not_started", "grade": None, "override": None, "comment": ""}
    ]


def test_guessing_join_codes_is_throttled(api, charlie, classroom):
    client = api(charlie)
    statuses = [
        client.post("/api/v1/classes/join/", {"code": f"GUESS{i:03d}"}, format="json").status_code for i in range(20)
    ]
    assert set(statuses) == {400}
    response = client.post("/api/v1/classes/join/", {"code": classroom.join_code}, format="json")
    assert response.status_code == 429 and "Retry-After" in response
    assert not Membership.objects.filter(student=charlie).exists()


def test_the_teacher_renames_her_class(api, alice, classroom):
    response = api(alice).patch(f"/api/v1/classes/{classroom.pk}/", {"name": "  Lớp 10A1 (chiều) "}, format="json")
    assert response.status_code == 200 and response.json()["name"] == "Lớp 10A1 (chiều)"
    assert api(alice).patch(f"/api/v1/classes/{classroom.pk}/", {"name": ""}, format="json").status_code == 400
    classroom.refresh_from_db()
    assert classroom.name == "Lớp 10A1 (chiều)"
