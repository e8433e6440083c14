"""In Chromium: a teacher assigns a simulation exercise by picking it from the list (title, simulation, the
difference it shows), never by typing an id."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from learning.models import Assignment
from learning.services.documents import document_import
from simulator.models import Exercise
from tests.conftest import PASSWORD, SEED_DOCUMENT
from tests.e2e.conftest import login, screenshot
from tests.factories import TeacherFactory
from tests.factories_classes import ClassroomFactory


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_teacher_picks_an_exercise_from_the_list(page, live_server):
    document_import(text=SEED_DOCUMENT.read_text(encoding="utf-8"), filename=SEED_DOCUMENT.name)
    call_command("seed_exercises", "--no-check")
    teacher = TeacherFactory(username="co.lan")
    classroom = ClassroomFactory(teacher=teacher, name="Lớp 10A3")
    exercise = Exercise.objects.get(slug="file-distribution-server-bottleneck")
    login(page, live_server, "co.lan", PASSWORD)
    page.goto(f"{live_server.url}/classes/{classroom.pk}/")
    page.click("#assign summary")
    option = page.locator(f"#id_target option[value='exercise:{exercise.pk}']")
    label = option.inner_text()
    assert "Máy chủ chuyên dụng" in label and "chuyên dụng" in label.split("—", 1)[1]  # title — kind · difference
    assert page.locator("input[name=exercise_id]").count() == 0
    page.select_option("#id_target", f"exercise:{exercise.pk}")
    due = (timezone.localtime() + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    page.fill("#id_due_at", due)
    screenshot(page, "assign-exercise")
    page.click("#assignment-form button[type=submit]")
    page.wait_for_url(f"**/classes/{classroom.pk}/")
    assignment = Assignment.objects.get(classroom=classroom)
    assert (assignment.target_type, assignment.target_id) == ("exercise", exercise.pk)
