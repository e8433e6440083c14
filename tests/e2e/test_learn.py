"""A student is led through a Learn session to mastery of every difference with the keyboard only: Tab to
the Learn button, digits to pick, Enter to check and continue, Space and 3 on a difference card."""

import pytest
from playwright.sync_api import expect

from learning.models import LearnSession, Question
from tests.conftest import PASSWORD, SEED_DOCUMENT
from tests.e2e.conftest import login, screenshot
from tests.factories import StudentFactory


def _tab_to(page, element_id: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} cannot be reached with Tab")


def _answer_right(page, question: Question) -> None:
    keys = {c["id"]: str(n) for n, c in enumerate(question.choices, start=1)}
    if question.type == "multi_select":
        for choice in question.answer:
            page.keyboard.press(keys[choice])
        page.keyboard.press("Enter")
    elif question.type == "matching":
        for n, item in enumerate(question.items):
            if n:
                page.keyboard.press("Tab")
            for _ in range(int(keys[question.answer[item["id"]]])):
                page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
    else:
        page.keyboard.press(keys[question.answer])  # a one-answer question is checked at once


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_it_leads_a_student_to_mastery_with_the_keyboard_only(live_server, page):
    from learning.services.documents import document_import

    document = document_import(text=SEED_DOCUMENT.read_text(encoding="utf-8"), filename=SEED_DOCUMENT.name)
    student = StudentFactory(username="lan", first_name="Lan")
    login(page, live_server, "lan", PASSWORD)
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.locator("#next-step #weakest-difference")).to_be_visible()  # nothing done yet: the first one
    expect(page.locator("#weakest-cards li")).to_have_count(1)  # its difference card, new, due today
    screenshot(page, "learn-dashboard-next-step")
    page.goto(f"{live_server.url}/documents/{document.slug}/")
    _tab_to(page, "learn-start")
    page.keyboard.press("Enter")
    page.wait_for_selector("#learn-item")
    screenshot(page, "learn-question")

    session = LearnSession.objects.get(student=student)
    first = Question.objects.get(pk=session.current["id"])
    wrong = next(c for c in sorted(first.distractor_reasons) if c != first.answer)
    page.keyboard.press(str([c["id"] for c in first.choices].index(wrong) + 1))
    expect(page.locator("#learn-feedback .why-wrong")).to_contain_text(first.distractor_reasons[wrong]["text"])
    expect(page.locator("#learn-feedback .source")).to_be_visible()
    screenshot(page, "learn-feedback-wrong")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    cards = returned = 0
    for _step in range(120):
        if page.locator("#learn-done").count():
            break
        page.wait_for_selector("#learn-item")
        session.refresh_from_db()
        if page.locator("#learn-returning").count():
            returned += 1
        if session.current["kind"] == "card":
            cards += 1
            expect(page.locator(".learn-rate")).to_be_hidden()  # rating waits for the answer to be seen
            page.keyboard.press("Space")
            expect(page.locator(".learn-back")).to_be_visible()
            expect(page.locator('[data-action="flip"]')).to_be_hidden()
            if cards == 1:
                screenshot(page, "learn-card")
            with page.expect_navigation():
                page.keyboard.press("3")
            continue
        with page.expect_navigation():
            _answer_right(page, Question.objects.get(pk=session.current["id"]))
        expect(page.locator("#learn-feedback")).to_be_visible()
        if page.locator("#learn-done").count():
            break
        with page.expect_navigation():
            page.keyboard.press("Enter")
    expect(page.locator("#learn-done")).to_be_visible()
    screenshot(page, "learn-done")
    session.refresh_from_db()
    assert session.end_reason == "mastered" and returned == 2 and cards >= 1
    assert session.correct == session.answered - 1

    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/documents/{document.slug}/")
    _tab_to(page, "learn-start")
    page.keyboard.press("Enter")
    page.wait_for_selector("#learn-done")  # nothing left to learn: a new session says so at once
    screenshot(page, "learn-done-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
