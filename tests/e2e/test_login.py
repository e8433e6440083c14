import pytest
from django.core.management import call_command

from tests.e2e.conftest import login, screenshot


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_demo_student_logs_in_sees_vietnamese_and_switches_to_english(live_server, page):
    call_command("seed_demo")
    login(page, live_server, "student", "demo-pass-2026")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator(".who").inner_text().startswith("An Trần Văn") or "student" in page.locator(".who").inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == "Mạng client-server và peer-to-peer"
    screenshot(page, "home-vi")
    page.click(".lang-switch button[value=en]")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Client-server and peer-to-peer networks"
    screenshot(page, "home-en")
