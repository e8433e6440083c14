"""A student reviews three flashcards with the keyboard only (Space flips, 1-4 rate, U undoes)."""

import pytest
from playwright.sync_api import expect

from learning.models import CardState, ReviewLog
from tests.e2e.conftest import login, screenshot
from tests.factories import StudentFactory
from tests.factories_flashcards import deck


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_it_reviews_three_cards_with_the_keyboard(live_server, page):
    student = StudentFactory(username="hoa", first_name="Hoa")
    document, cards = deck(terms=1, differences=3)
    login(page, live_server, "hoa", "pass-2026-word")
    page.goto(f"{live_server.url}/flashcards/?document={document.slug}")

    seen = []
    for key in ("3", "4", "1"):
        card = page.locator("#review .fc-card[data-card]")
        seen.append(int(card.get_attribute("data-card")))
        assert page.locator("[data-testid=back]").is_hidden()
        page.keyboard.press("Space")
        assert page.locator("[data-testid=back]").is_visible()
        page.keyboard.press(key)
        page.wait_for_function(f"!document.querySelector('#review [data-card=\"{seen[-1]}\"]')")
        expect(page.locator("[data-testid=next-due]")).to_be_visible()

    # cards[1] is the reverse of cards[0]'s term: it waits for another day (siblings are buried).
    shown = [cards[0], cards[2], cards[3]]
    assert seen == [c.pk for c in shown]
    states = dict(CardState.objects.filter(student=student).values_list("card_id", "state"))
    assert states == {shown[0].pk: "learning", shown[1].pk: "review", shown[2].pk: "learning"}
    assert list(ReviewLog.objects.filter(student=student).order_by("reviewed_at").values_list("rating", flat=True)) == [
        3,
        4,
        1,
    ]
    page.locator("[data-testid=front]").inner_text()  # a fourth card is waiting
    page.keyboard.press("Space")
    screenshot(page, "flashcards")

    page.keyboard.press("u")  # undo the Again
    expect(page.locator("[data-testid=undone]")).to_contain_text("Lại")  # the page is in Vietnamese
    assert CardState.objects.filter(student=student).count() == 2

    page.set_viewport_size({"width": 375, "height": 740})
    page.keyboard.press("Space")
    screenshot(page, "flashcards-phone")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_it_shows_stats_with_the_forecast_chart_and_settings_errors(live_server, page):
    import datetime as dt

    from learning.services.flashcards import card_review

    student = StudentFactory(username="hoa", first_name="Hoa")
    _, cards = deck(terms=3, differences=4)
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=3)
    for i, card in enumerate(cards[:8]):
        card_review(student=student, card=card, rating=("easy", "good")[i % 2], now=start)
        card_review(student=student, card=card, rating="good", now=start + dt.timedelta(minutes=10))
    login(page, live_server, "hoa", "pass-2026-word")
    page.goto(f"{live_server.url}/flashcards/stats/")
    assert page.locator("[data-testid=stat-learned]").inner_text() == "8"
    assert page.locator(".fc-chart svg rect").count() == 30
    screenshot(page, "flashcards-stats")

    page.goto(f"{live_server.url}/flashcards/settings/")
    page.fill("#id_desired_retention", "0.99")
    page.click("form.fc-settings button[type=submit]")
    expect(page.locator(".errorlist")).to_be_visible()
    screenshot(page, "flashcards-settings")
