"""Browser pages: review (htmx), undo, stats, settings."""

import re
import uuid
from zoneinfo import ZoneInfo

import pytest

from learning.models import CardState, ReviewLog
from tests.factories_flashcards import deck

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def bob_client(client, bob):
    client.force_login(bob)
    return client


def test_it_sends_anonymous_visitors_to_log_in(db, client):
    for url in ("/flashcards/", "/flashcards/stats/", "/flashcards/settings/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_shows_one_card_with_its_answer_hidden_and_the_counts(db, bob_client):
    document, cards = deck(terms=1, differences=1)
    response = bob_client.get("/flashcards/", {"document": document.slug})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-card="{cards[0].pk}"' in html and f'data-card="{cards[1].pk}"' not in html
    assert 'class="fc-back" data-testid="back" hidden' in html
    assert 'data-testid="new-today"' in html and "flashcards.js" in html
    assert f"/documents/{document.slug}/flashcards.apkg" in html
    # the rating buttons say when the card would come back: fsrs's learning steps are 1 and 10 minutes
    assert '<kbd>1</kbd> Lại<small class="fc-interval">1 phút</small>' in html
    assert '<kbd>3</kbd> Được<small class="fc-interval">10 phút</small>' in html


def test_it_rates_with_htmx_and_shows_the_next_due_date_and_the_next_card(db, bob_client, bob):
    document, cards = deck(terms=0, differences=2)
    response = bob_client.post(
        "/flashcards/review/",
        {"card": cards[0].pk, "rating": "good", "review_id": str(uuid.uuid4()), "document": document.slug},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<section id="review"')
    assert 'data-testid="next-due"' in html and f'data-card="{cards[1].pk}"' in html
    assert 'data-action="undo"' in html
    assert CardState.objects.get(card=cards[0], student=bob).state == "learning"


def test_it_rates_without_javascript_and_redirects_back(db, bob_client, bob):
    document, cards = deck(terms=0, differences=1)
    response = bob_client.post("/flashcards/review/", {"card": cards[0].pk, "rating": "easy", "document": "x"})
    assert response.status_code == 302 and response["Location"] == "/flashcards/"
    assert ReviewLog.objects.get(student=bob).rating == 4
    # The page it lands on says how it went and when the card comes back, once.
    due = CardState.objects.get(student=bob).due
    page = bob_client.get(response["Location"]).content.decode()
    assert (
        'data-testid="next-due"' in page and f'datetime="{due.astimezone(ZoneInfo(bob.time_zone)).isoformat()}' in page
    )
    assert 'data-testid="next-due"' not in bob_client.get("/flashcards/").content.decode()


def test_it_refuses_a_bad_rating_or_an_unknown_card_on_the_page(db, bob_client):
    _, cards = deck(terms=0, differences=1)
    response = bob_client.post("/flashcards/review/", {"card": cards[0].pk, "rating": "perfect"}, **HTMX)
    assert response.status_code == 200 and not ReviewLog.objects.exists()
    assert bob_client.post("/flashcards/review/", {"card": "999999", "rating": "good"}).status_code == 404
    assert bob_client.post("/flashcards/review/", {"card": "abc", "rating": "good"}).status_code == 404


def test_it_undoes_from_the_page(db, bob_client, bob):
    _, cards = deck(terms=0, differences=1)
    bob_client.post("/flashcards/review/", {"card": cards[0].pk, "rating": "again"}, **HTMX)
    response = bob_client.post("/flashcards/undo/", **HTMX)
    assert response.status_code == 200 and "fc-last" in response.content.decode()
    assert not CardState.objects.filter(student=bob).exists()


def test_it_shows_stats_and_a_forecast_chart_drawn_inline(db, bob_client):
    _, cards = deck(terms=1, differences=1)
    bob_client.post("/flashcards/review/", {"card": cards[0].pk, "rating": "easy"})
    response = bob_client.get("/flashcards/stats/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg viewBox="0 0 600 160"' in html and html.count("<rect ") == 30
    assert re.search(r'<rect x="[0-9.]+" y="[0-9.]+" width="[0-9.]+" height="[0-9.]+"', html)  # no "12,5"
    assert 'data-testid="stat-new">2<' in html and 'data-testid="stat-learned">1<' in html
    assert "http://" not in html.split("<svg", 1)[1].split("</svg>")[0].replace("http://www.w3.org", "")


def test_it_saves_settings_and_shows_errors_for_values_out_of_bounds(db, bob_client, bob):
    response = bob_client.post(
        "/flashcards/settings/", {"desired_retention": "0.99", "new_cards_per_day": "10", "time_zone": "Europe/Paris"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors.keys() == {"desired_retention"}
    bob.refresh_from_db()
    assert bob.desired_retention == 0.9 and bob.time_zone == "Asia/Ho_Chi_Minh"

    response = bob_client.post(
        "/flashcards/settings/", {"desired_retention": "0.8", "new_cards_per_day": "10", "time_zone": "Europe/Paris"}
    )
    assert response.status_code == 302
    bob.refresh_from_db()
    assert (bob.desired_retention, bob.new_cards_per_day, bob.time_zone) == (0.8, 10, "Europe/Paris")


def test_it_says_when_the_next_card_comes_due_when_nothing_is_left(db, bob_client, bob):
    _, cards = deck(terms=0, differences=1)
    bob_client.post("/flashcards/review/", {"card": cards[0].pk, "rating": "easy"})
    html = bob_client.get("/flashcards/").content.decode()
    assert 'data-testid="done"' in html
    due = CardState.objects.get(student=bob).due.astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert f'data-testid="next-card-due">{due:%d/%m/%Y %H:%M}<' in html
