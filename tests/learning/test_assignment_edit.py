"""Editing an assignment, a teacher's grade override and comment, the past-due warning, "due soon" and the digest."""

import csv
import datetime as dt
import io
import time

import pytest
from django.core import mail
from django.utils import timezone

from learning.models import Assignment, AssignmentGrade
from learning.services.digests import digest_send
from learning.tasks import assignment_digests_send
from tests.celery_worker import running_worker
from tests.factories import ClassroomFactory, MembershipFactory, StudentFactory
from tests.factories_classes import AssignmentFactory, LessonReadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(classroom):
    return AssignmentFactory(classroom=classroom, title="Đọc: mô hình P2P", late_allowed=False)


# --- Edit -------------------------------------------------------------------------------------------------


def test_a_teacher_moves_the_due_date_and_allows_late_work(client, alice, classroom, assignment):
    client.force_login(alice)
    page = client.get(f"/classes/{classroom.pk}/assignments/{assignment.pk}/edit/")
    assert page.status_code == 200 and 'name="due_at"' in page.content.decode()
    response = client.post(
        f"/classes/{classroom.pk}/assignments/{assignment.pk}/edit/",
        {"title": "Đọc lại: P2P", "due_at": "2027-03-01T21:00", "late_allowed": "on"},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.title == "Đọc lại: P2P" and assignment.late_allowed
    # The teacher's wall-clock time (Asia/Ho_Chi_Minh, +07:00).
    assert assignment.due_at == dt.datetime(2027, 3, 1, 14, 0, tzinfo=dt.UTC)


def test_a_past_due_date_is_saved_with_a_warning(client, alice, classroom, assignment):
    client.force_login(alice)
    response = client.post(
        f"/classes/{classroom.pk}/assignments/{assignment.pk}/edit/",
        {"title": assignment.title, "due_at": "2020-01-01T08:00"},
        follow=True,
    )
    html = response.content.decode()
    assert "đã qua" in html  # the warning, in Vietnamese
    assert 'class="badge warn"' in html  # and the badge beside the date in the list
    page = client.get(f"/classes/{classroom.pk}/assignments/{assignment.pk}/edit/")
    assert 'id="past-due-warning"' in page.content.decode()


def test_a_start_after_the_due_date_is_a_form_error(client, alice, classroom, assignment):
    client.force_login(alice)
    response = client.post(
        f"/classes/{classroom.pk}/assignments/{assignment.pk}/edit/",
        {"title": "x", "starts_at": "2027-03-02T08:00", "due_at": "2027-03-01T08:00"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-describedby="id_starts_at_error"' in html and 'id="id_starts_at_error"' in html


def test_only_the_class_teacher_edits(client, dave, bob, classroom, assignment):
    client.force_login(dave)
    assert client.get(f"/classes/{classroom.pk}/assignments/{assignment.pk}/edit/").status_code == 404
    client.force_login(bob)
    assert client.post(f"/classes/{classroom.pk}/assignments/{assignment.pk}/edit/", {}).status_code == 403


def test_the_api_patches_dates_and_late_policy(api, alice, dave, bob, classroom, assignment):
    url = f"/api/v1/classes/{classroom.pk}/assignments/{assignment.pk}/"
    response = api(alice).patch(url, {"due_at": "2027-05-01T23:59:00+07:00", "late_allowed": True}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["late_allowed"] is True and body["due_passed"] is False
    assignment.refresh_from_db()
    assert assignment.due_at == dt.datetime(2027, 5, 1, 16, 59, tzinfo=dt.UTC)
    past = api(alice).patch(url, {"due_at": "2021-01-01T00:00:00Z"}, format="json")
    assert past.status_code == 200 and past.json()["due_passed"] is True
    bad = api(alice).patch(url, {"starts_at": "2030-01-01T00:00:00Z"}, format="json")
    assert bad.status_code == 400 and "starts_at" in bad.json()
    assert api(alice).patch(url, {"goal_cards": 5}, format="json").status_code == 400  # a lesson has no card goal
    assert api(dave).patch(url, {"late_allowed": False}, format="json").status_code == 404
    assert api(bob).patch(url, {"late_allowed": False}, format="json").status_code == 403
    assert api(alice).patch(f"/api/v1/classes/{classroom.pk}/assignments/999999/", {}, format="json").status_code == 404


# --- Grade override and comment --------------------------------------------------------------------------


def test_an_override_and_comment_sit_beside_the_computed_grade_and_the_student_sees_them(
    client, api, alice, bob, classroom, assignment
):
    LessonReadFactory(student=bob, lesson_id=assignment.target_id)
    client.force_login(alice)
    url = f"/classes/{classroom.pk}/gradebook/{assignment.pk}/{bob.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"grade_override": "85.5", "comment": "Tóm tắt tốt, thiếu ví dụ BitTorrent."})
    assert response.status_code == 302
    note = AssignmentGrade.objects.get(assignment=assignment, student=bob)
    assert float(note.grade_override) == 85.5 and note.updated_by == alice

    gradebook = client.get(f"/classes/{classroom.pk}/gradebook/").content.decode()
    assert "100%" in gradebook and "85,5%" in gradebook  # computed and override, both shown (Vietnamese comma)

    csv_rows = list(
        csv.reader(
            io.StringIO(
                b"".join(client.get(f"/classes/{classroom.pk}/gradebook.csv").streaming_content).decode("utf-8-sig")
            )
        )
    )
    assert csv_rows[0][3:7][2].endswith("override") and csv_rows[0][6].endswith("comment")
    assert csv_rows[1][3:7] == ["done", "100", "85.5", "Tóm tắt tốt, thiếu ví dụ BitTorrent."]

    client.force_login(bob)
    page = client.get(f"/classes/{classroom.pk}/").content.decode()
    assert "85,5%" in page and "Tóm tắt tốt, thiếu ví dụ BitTorrent." in page
    [mine] = api(bob).get("/api/v1/assignments/").json()["results"]
    assert mine["grade"] == 100.0 and mine["grade_override"] == 85.5
    assert mine["teacher_comment"] == "Tóm tắt tốt, thiếu ví dụ BitTorrent."


def test_emptying_both_removes_the_note(client, alice, bob, classroom, assignment):
    AssignmentGrade.objects.create(assignment=assignment, student=bob, grade_override=50, comment="x")
    client.force_login(alice)
    client.post(f"/classes/{classroom.pk}/gradebook/{assignment.pk}/{bob.pk}/", {"grade_override": "", "comment": ""})
    assert not AssignmentGrade.objects.exists()


def test_the_grade_api_bounds_and_scopes(api, alice, dave, bob, charlie, classroom, assignment):
    url = f"/api/v1/classes/{classroom.pk}/assignments/{assignment.pk}/students/{bob.pk}/grade/"
    assert api(alice).put(url, {"grade_override": 101}, format="json").status_code == 400
    assert api(alice).put(url, {"comment": "x" * 2001}, format="json").status_code == 400
    assert api(dave).put(url, {"grade_override": 90}, format="json").status_code == 404
    assert api(bob).put(url, {"grade_override": 100}, format="json").status_code == 403
    other = f"/api/v1/classes/{classroom.pk}/assignments/{assignment.pk}/students/{charlie.pk}/grade/"
    assert api(alice).put(other, {"grade_override": 90}, format="json").status_code == 404
    ok = api(alice).put(url, {"grade_override": 72, "comment": "Khá"}, format="json")
    assert ok.status_code == 200 and ok.json() == {"grade_override": 72.0, "comment": "Khá"}
    cells = api(alice).get(f"/api/v1/classes/{classroom.pk}/gradebook/").json()["students"][0]["cells"]
    assert cells[0]["override"] == 72.0 and cells[0]["comment"] == "Khá"


# --- Due soon and the daily digest -----------------------------------------------------------------------


def test_the_dashboard_lists_what_is_due_soon(client, bob, classroom):
    now = timezone.now()
    AssignmentFactory(classroom=classroom, title="Sắp đến hạn", due_at=now + dt.timedelta(days=2))
    AssignmentFactory(classroom=classroom, title="Còn lâu", due_at=now + dt.timedelta(days=20))
    done = AssignmentFactory(classroom=classroom, title="Đã làm xong", due_at=now + dt.timedelta(days=1))
    LessonReadFactory(student=bob, lesson_id=done.target_id)
    client.force_login(bob)
    response = client.get("/dashboard/")
    soon = [item["assignment"].title for item in response.context["due_soon"]]
    assert soon == ["Sắp đến hạn"]
    assert 'id="due-soon"' in response.content.decode()


def test_the_digest_lists_only_unfinished_work_due_in_two_days_once_a_day(bob, classroom):
    bob.email = "bob@example.edu"
    bob.save(update_fields=["email"])
    now = timezone.now()
    AssignmentFactory(classroom=classroom, title="Ôn tập P2P", due_at=now + dt.timedelta(hours=30))
    AssignmentFactory(classroom=classroom, title="Tuần sau", due_at=now + dt.timedelta(days=6))
    done = AssignmentFactory(classroom=classroom, title="Đã đọc", due_at=now + dt.timedelta(hours=5))
    LessonReadFactory(student=bob, lesson_id=done.target_id)
    assert digest_send(student_id=bob.pk) is True
    [message] = mail.outbox
    assert message.to == ["bob@example.edu"]
    assert "Ôn tập P2P" in message.body and classroom.name in message.body
    assert "Tuần sau" not in message.body and "Đã đọc" not in message.body
    assert "/accounts/settings/" in message.body  # how to turn it off
    assert digest_send(student_id=bob.pk) is False  # once a day
    assert len(mail.outbox) == 1


def test_no_digest_for_an_opted_out_student_or_without_due_work(bob, charlie, classroom):
    MembershipFactory(classroom=classroom, student=charlie)
    for student in (bob, charlie):
        student.email = f"{student.username}@example.edu"
    bob.email_digest = False
    bob.save()
    charlie.save()
    AssignmentFactory(classroom=classroom, due_at=timezone.now() + dt.timedelta(days=5))
    assert digest_send(student_id=bob.pk) is False
    assert digest_send(student_id=charlie.pk) is False
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_the_periodic_task_sends_each_digest_once_through_a_real_worker(django_db_blocker, settings):
    assert "assignment-digests" in settings.CELERY_BEAT_SCHEDULE
    room = ClassroomFactory()
    wants = StudentFactory(username="lan", email="lan@example.edu")
    opted_out = StudentFactory(username="minh", email="minh@example.edu", email_digest=False)
    for student in (wants, opted_out):
        MembershipFactory(classroom=room, student=student)
    AssignmentFactory(classroom=room, title="Bài tập mô phỏng", due_at=timezone.now() + dt.timedelta(hours=20))
    with running_worker(django_db_blocker):
        assignment_digests_send.delay()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not mail.outbox:
            time.sleep(0.05)
        # A second run on the same day (beat fired twice, a re-delivery) queues nobody.
        assert assignment_digests_send.delay() is not None
        time.sleep(1)
    assert [m.to for m in mail.outbox] == [["lan@example.edu"]]
    assert "Bài tập mô phỏng" in mail.outbox[0].body
    wants.refresh_from_db()
    assert wants.digest_sent_on == timezone.localdate()
    assert Assignment.objects.count() == 1


def test_the_assign_form_ties_its_errors_to_the_fields(client, alice, classroom):
    client.force_login(alice)
    response = client.post(f"/classes/{classroom.pk}/assignments/", {"target": "quiz:999999", "due_at": "bad"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-describedby="id_due_at_error"' in html and 'id="id_due_at_error"' in html
