"""In the browser: a class list naming someone else's student changes nothing of it; a guessed password locks."""

import pytest

from learning.models import Membership
from tests.e2e.conftest import login, screenshot
from tests.factories import ClassroomFactory, MembershipFactory, StudentFactory, TeacherFactory

PASSWORD = "pass-2026-word"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_import_report_lists_an_existing_account_with_the_join_code(page, live_server, tmp_path):
    teacher = TeacherFactory(username="co.lan", first_name="Lan")
    classroom = ClassroomFactory(teacher=teacher, name="10A1")
    other = StudentFactory(username="erin", first_name="Erin")
    MembershipFactory(classroom=ClassroomFactory(teacher=TeacherFactory(username="thay.duc")), student=other)
    before = other.password
    csv_file = tmp_path / "lop.csv"
    csv_file.write_text("erin,Hacked,Name,take-over-2026\nmai.ho,Mai,Hồ Thị\n", encoding="utf-8")

    login(page, live_server, "co.lan", PASSWORD)
    page.goto(f"{live_server.url}/classes/{classroom.pk}/")
    page.click("text=Nhập danh sách học sinh (CSV)")
    page.set_input_files("input[type=file][name=file]", str(csv_file))
    page.click("form[action$='/import/'] button[type=submit]")
    page.wait_for_load_state("networkidle")

    skipped = page.locator("#import-skipped")
    assert "erin" in skipped.inner_text() and classroom.join_code in skipped.inner_text()
    assert "mai.ho" in page.locator("table.import-result").inner_text()
    skipped.scroll_into_view_if_needed()
    screenshot(page, "trust-import-skipped")
    other.refresh_from_db()
    assert other.password == before and other.first_name == "Erin"
    assert not Membership.objects.filter(classroom=classroom, student=other).exists()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_five_wrong_passwords_lock_the_sign_in_with_a_clear_message(page, live_server):
    StudentFactory(username="bob")
    for _i in range(5):
        login(page, live_server, "bob", "wrong-guess")
    message = page.locator("#signin-locked")
    assert "Quá nhiều lần đăng nhập sai" in message.inner_text()
    screenshot(page, "trust-signin-locked")
    login(page, live_server, "bob", PASSWORD)
    assert page.locator("#signin-locked").count() == 1  # still locked, even with the right password
