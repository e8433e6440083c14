"""REST API v1: flashcards (due, review, undo, settings, stats)."""

import datetime
import datetime as dt
import threading
import uuid

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.models import CardState, ReviewLog
from tests.conftest import api_client_for, on_postgres
from tests.factories_flashcards import deck


def review(client, card_id, rating="good", **extra):
    return client.post(f"/api/v1/flashcards/{card_id}/review/", {"rating": rating, **extra}, format="json")


def test_it_lists_new_cards_in_the_design_shape_paginated(db, api, bob):
    document, cards = deck(terms=1, differences=2)
    response = api(bob).get("/api/v1/flashcards/due/", {"document": document.slug, "page_size": 2})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3 and body["next"] and len(body["results"]) == 2  # the term's reverse waits a day
    first = body["results"][0]
    assert {"id", "front", "back", "due", "state"} <= set(first)
    assert first == {
        "id": cards[0].pk,
        "front": "node 0",
        "back": cards[0].back,
        "due": None,
        "state": "new",
        "kind": "term",
        "document": document.slug,
    }


def test_it_filters_due_cards_by_document_and_404s_an_unknown_one(db, api, bob):
    deck(slug="one", terms=1, differences=0)
    deck(slug="two", terms=0, differences=1)
    assert api(bob).get("/api/v1/flashcards/due/", {"document": "two"}).json()["count"] == 1
    assert api(bob).get("/api/v1/flashcards/due/").json()["count"] == 2  # a term's two sides: one a day
    assert api(bob).get("/api/v1/flashcards/due/", {"document": "nope"}).status_code == 404


def test_it_reviews_a_card_and_answers_with_the_card_as_it_now_is(db, api, bob):
    _, cards = deck(terms=0, differences=1)
    response = review(api(bob), cards[0].pk, "easy")
    assert response.status_code == 200
    body = response.json()
    state = CardState.objects.get(card=cards[0], student=bob)
    assert body["id"] == cards[0].pk and body["state"] == "review"
    # Same instant, whatever the offset it is written in (the API speaks the site's time zone).
    assert body["due"] == body["next_due"] and datetime.datetime.fromisoformat(body["due"]) == state.due
    assert body["review"]["rating"] == "easy" and body["review"]["state_before"] == "new"
    assert body["review"]["applied"] is True
    # reviewed and no longer due: it leaves the due list
    assert api(bob).get("/api/v1/flashcards/due/").json()["count"] == 0


def test_it_answers_400_naming_rating_for_a_bad_rating(db, api, bob):
    _, cards = deck(terms=0, differences=1)
    for bad in ("perfect", "", 5, None):
        response = review(api(bob), cards[0].pk, bad)
        assert response.status_code == 400, bad
        assert "rating" in response.json()
    assert api(bob).post(f"/api/v1/flashcards/{cards[0].pk}/review/", {}, format="json").json().keys() == {"rating"}
    response = review(api(bob), cards[0].pk, "good", review_id="not-a-uuid")
    assert response.status_code == 400 and "review_id" in response.json()
    assert not ReviewLog.objects.exists()


def test_it_answers_404_for_an_unknown_or_unpublished_card(db, api, bob, charlie):
    document, cards = deck(terms=0, differences=1)
    assert review(api(bob), 999999).status_code == 404
    document.published = False
    document.save()
    response = review(api(charlie), cards[0].pk)
    assert response.status_code == 404 and response.json() == {"detail": "No such flashcard."}
    assert not ReviewLog.objects.exists()


def test_it_keeps_each_students_schedule_to_themselves(db, api, bob, charlie):
    _, cards = deck(terms=0, differences=1)
    review(api(bob), cards[0].pk, "easy")
    charlie_due = api(charlie).get("/api/v1/flashcards/due/").json()["results"]
    assert [(c["id"], c["state"]) for c in charlie_due] == [(cards[0].pk, "new")]
    assert api(charlie).post("/api/v1/flashcards/undo/").status_code == 404  # nothing of Bob's to undo
    assert CardState.objects.get(card=cards[0]).student == bob


def test_it_refuses_anonymous_requests(db):
    assert api_client_for(None).get("/api/v1/flashcards/due/").status_code == 401


def test_it_applies_a_repeated_review_id_once(db, api, bob):
    _, cards = deck(terms=0, differences=1)
    review_id = str(uuid.uuid4())
    first = review(api(bob), cards[0].pk, "good", review_id=review_id).json()
    second = review(api(bob), cards[0].pk, "good", review_id=review_id).json()
    assert second["due"] == first["due"] and second["review"]["applied"] is False
    assert ReviewLog.objects.filter(student=bob).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_applies_a_review_id_once_when_sent_concurrently_on_postgres(bob):
    if not on_postgres():
        pytest.skip("needs PostgreSQL: SQLite serialises writers itself")
    _, cards = deck(terms=0, differences=1)
    review_id = str(uuid.uuid4())
    barrier = threading.Barrier(6)
    results = []

    def send():
        try:
            client = api_client_for(bob)
            barrier.wait()
            response = review(client, cards[0].pk, "good", review_id=review_id)
            results.append((response.status_code, response.json()["review"]["applied"], response.json()["due"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r[0] for r in results] == [200] * 6
    assert sorted(r[1] for r in results) == [False] * 5 + [True]
    assert len({r[2] for r in results}) == 1
    assert ReviewLog.objects.filter(student=bob).count() == 1
    assert CardState.objects.get(card=cards[0], student=bob).reps == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_reviews_of_one_card_lose_no_update_on_postgres(bob):
    """Reviews write the state only over the one they read (no lock held): every one of 6 at once is applied
    in turn, each log's state before is the state the previous one left, and the reps count all of them."""
    if not on_postgres():
        pytest.skip("needs PostgreSQL: SQLite serialises writers itself")
    _, cards = deck(terms=0, differences=1)
    barrier = threading.Barrier(6)
    results = []

    def send(rating):
        try:
            client = api_client_for(bob)
            barrier.wait()
            response = review(client, cards[0].pk, rating, review_id=str(uuid.uuid4()))
            results.append((response.status_code, response.json()["review"]["applied"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(r,)) for r in ["good", "again", "hard", "easy", "good", "again"]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [(200, True)] * 6
    state = CardState.objects.get(card=cards[0], student=bob)
    logs = list(ReviewLog.objects.filter(student=bob).order_by("pk"))
    assert state.reps == 6 and len(logs) == 6
    assert logs[0].snapshot_before is None and logs[0].state_before == "new"
    for earlier, later in zip(logs, logs[1:], strict=False):
        assert later.state_before == earlier.state_after and later.reviewed_at >= earlier.reviewed_at
        assert later.due_before == earlier.due_after
    assert [log.snapshot_before["reps"] for log in logs[1:]] == [1, 2, 3, 4, 5]
    assert state.due == logs[-1].due_after


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_undo_racing_reviews_leaves_the_state_of_the_last_kept_log_on_postgres(bob):
    """An undo between reviews of the same card: afterwards the card's state is exactly what its last log
    that is not undone left (or none), whatever the order they ran in."""
    if not on_postgres():
        pytest.skip("needs PostgreSQL: SQLite serialises writers itself")
    _, cards = deck(terms=0, differences=1)
    review(api_client_for(bob), cards[0].pk, "good")
    barrier = threading.Barrier(5)
    codes = []

    def send(kind):
        try:
            client = api_client_for(bob)
            barrier.wait()
            if kind == "undo":
                codes.append(client.post("/api/v1/flashcards/undo/").status_code)
            else:
                codes.append(review(client, cards[0].pk, "easy", review_id=str(uuid.uuid4())).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(k,)) for k in ["review", "undo", "review", "undo", "review"]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) in ([200] * 5, [200] * 4 + [404])  # an undo that came first may find nothing left
    kept = list(ReviewLog.objects.filter(student=bob, undone=False).order_by("pk"))
    state = CardState.objects.filter(card=cards[0], student=bob).first()
    assert [log.snapshot_before["reps"] if log.snapshot_before else 0 for log in kept] == list(range(len(kept)))
    if not kept:
        assert state is None
    else:
        assert state.reps == len(kept) and state.due == kept[-1].due_after
        assert state.last_review == kept[-1].reviewed_at


def test_it_undoes_the_last_rating(db, api, bob):
    _, cards = deck(terms=0, differences=2)
    review(api(bob), cards[0].pk, "easy")
    review(api(bob), cards[1].pk, "again")
    response = api(bob).post("/api/v1/flashcards/undo/")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == cards[1].pk and body["state"] == "new" and body["undone_rating"] == "again"
    assert api(bob).post("/api/v1/flashcards/undo/").json()["id"] == cards[0].pk
    assert api(bob).post("/api/v1/flashcards/undo/").status_code == 404
    assert not CardState.objects.exists()


def test_it_reads_and_changes_settings_within_bounds(db, api, bob):
    client = api(bob)
    assert client.get("/api/v1/flashcards/settings/").json() == {
        "desired_retention": 0.9,
        "new_cards_per_day": 20,
        "time_zone": "Asia/Ho_Chi_Minh",
    }
    response = client.patch(
        "/api/v1/flashcards/settings/", {"desired_retention": 0.85, "time_zone": "Europe/Paris"}, format="json"
    )
    assert response.status_code == 200 and response.json()["desired_retention"] == 0.85
    bob.refresh_from_db()
    assert (bob.desired_retention, bob.time_zone, bob.new_cards_per_day) == (0.85, "Europe/Paris", 20)


@pytest.mark.parametrize(
    "body,field",
    [
        ({"desired_retention": 0.5}, "desired_retention"),
        ({"desired_retention": 0.99}, "desired_retention"),
        ({"desired_retention": "lots"}, "desired_retention"),
        ({"new_cards_per_day": 501}, "new_cards_per_day"),
        ({"time_zone": "Nowhere/City"}, "time_zone"),
    ],
)
def test_it_answers_400_for_settings_out_of_bounds(db, api, bob, body, field):
    response = api(bob).patch("/api/v1/flashcards/settings/", body, format="json")
    assert response.status_code == 400 and field in response.json()
    bob.refresh_from_db()
    assert bob.desired_retention == 0.9 and bob.time_zone == "Asia/Ho_Chi_Minh" and bob.new_cards_per_day == 20


def test_it_reports_stats_with_a_30_day_forecast(db, api, bob):
    _, cards = deck(terms=1, differences=1)
    review(api(bob), cards[0].pk, "easy")
    body = api(bob).get("/api/v1/flashcards/stats/").json()
    assert body["total"] == 3 and body["new"] == 2 and body["learned"] == 1 and body["due_today"] == 0
    assert 0.9 <= body["average_retrievability"] <= 1
    assert len(body["forecast"]) == 30 and sum(d["count"] for d in body["forecast"]) == 1


def test_it_lists_due_cards_in_a_fixed_number_of_queries(db, api, bob):
    client = api(bob)
    _, small = deck(slug="small", terms=1, differences=1)
    review(client, small[0].pk, "again")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/flashcards/due/", {"page_size": 100}).status_code == 200
        return len(captured)

    few = queries()
    _, big = deck(slug="big", terms=10, differences=20)
    for card in big[:10]:
        review(client, card.pk, "good")
    assert queries() == few <= 8


def _due_ids(client) -> list[int]:
    return [card["id"] for card in client.get("/api/v1/flashcards/due/", {"page_size": 100}).json()["results"]]


def test_it_never_shows_both_sides_of_a_term_on_one_day(db, api, bob):
    """Anki's sibling burying: the forward and reverse cards of one term are never in the queue together."""
    _, cards = deck(terms=2, differences=1)
    forward, reverse, other_forward, other_reverse, difference = cards
    assert (forward.term_id, other_forward.term_id) == (reverse.term_id, other_reverse.term_id)
    client = api(bob)
    assert _due_ids(client) == [forward.pk, other_forward.pk, difference.pk]
    # Rated today: its reverse stays buried for the rest of the student's day, the rated card's learning
    # steps go on (it comes back in minutes), and the other term is untouched.
    assert review(client, forward.pk, "again").status_code == 200
    assert reverse.pk not in _due_ids(client)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=15)):
        assert _due_ids(client)[0] == forward.pk and reverse.pk not in _due_ids(client)
    # Undone: nothing was studied, nothing is buried.
    assert client.post("/api/v1/flashcards/undo/").status_code == 200
    assert _due_ids(client) == [forward.pk, other_forward.pk, difference.pk]
    # The next day the reverse is offered (as a new card) beside the forward's next review, never with it:
    review(client, forward.pk, "good")
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=2)):
        ids = _due_ids(client)
        assert forward.pk in ids and reverse.pk not in ids
        assert review(client, forward.pk, "good").status_code == 200
        assert reverse.pk not in _due_ids(client)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=30)):
        ids = _due_ids(client)
        assert (forward.pk in ids) != (reverse.pk in ids)  # one side a day, due or new


def test_it_lists_one_side_when_both_sides_of_a_term_are_due_the_same_day(db, api, bob):
    _, cards = deck(terms=1, differences=0)
    client = api(bob)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=20)
    with time_machine.travel(long_ago):
        review(client, cards[0].pk, "easy")
    with time_machine.travel(long_ago + dt.timedelta(days=1)):
        review(client, cards[1].pk, "easy")
    assert CardState.objects.filter(student=bob, due__lte=dt.datetime.now(dt.UTC)).count() == 2
    ids = _due_ids(client)
    assert len(ids) == 1 and ids[0] in (cards[0].pk, cards[1].pk)
    review(client, ids[0], "good")
    assert _due_ids(client) == []  # the other side waits for tomorrow


def test_it_lists_cards_as_they_are_since_an_edit_or_a_regeneration(db, api, bob):
    """The decks are cached for every student: a saved card, and the bulk writes of a regeneration, drop them."""
    from learning.models import Flashcard
    from learning.services.flashcard_sync import flashcards_sync

    document, cards = deck(terms=0, differences=2)
    Flashcard.objects.filter(pk=cards[0].pk).update(front="Stale")  # as if generated so before
    client = api(bob)

    def fronts():
        return [card["front"] for card in client.get("/api/v1/flashcards/due/").json()["results"]]

    assert fronts() == ["Stale", cards[1].front]  # now cached
    flashcards_sync(document=document)
    assert fronts() == [cards[0].front, cards[1].front]
    cards[1].front = "Edited"
    cards[1].save()
    assert fronts() == [cards[0].front, "Edited"]
