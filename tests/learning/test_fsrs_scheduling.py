"""Scheduling through the fsrs package: due dates, states, review log, undo, limits, day boundaries."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError

from learning.models import CardState, ReviewLog, StudyDay
from learning.selectors.flashcards import (
    card_retrievability_by_difference,
    due_cards,
    flashcard_forecast,
    flashcard_stats,
    next_card,
    rating_previews,
    student_day_bounds,
)
from learning.services.flashcards import card_review, flashcard_settings_update, review_undo
from tests.factories_flashcards import deck

T0 = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)  # 08:00 in Hồ Chí Minh City


def graduate(student, card, start=T0):
    """Good twice: through the two learning steps into the review state. Returns the time after."""
    card_review(student=student, card=card, rating="good", now=start)
    out = card_review(student=student, card=card, rating="good", now=start + dt.timedelta(minutes=10))
    assert out.state.state == CardState.State.REVIEW
    return out


def test_it_moves_a_new_card_into_learning_with_good_and_further_with_easy(db, bob):
    _, cards = deck()
    good = card_review(student=bob, card=cards[0], rating="good", now=T0)
    easy = card_review(student=bob, card=cards[1], rating="easy", now=T0)
    assert good.state.state == CardState.State.LEARNING and good.state.due == T0 + dt.timedelta(minutes=10)
    assert easy.state.state == CardState.State.REVIEW and easy.state.due >= T0 + dt.timedelta(days=1)
    assert easy.state.due > good.state.due


def test_it_moves_the_due_date_forward_with_good_and_back_with_again(db, bob):
    _, cards = deck()
    card = cards[0]
    graduated = graduate(bob, card)
    first_interval = graduated.state.due - (T0 + dt.timedelta(minutes=10))
    when = graduated.state.due
    good = card_review(student=bob, card=card, rating="good", now=when)
    assert good.state.state == CardState.State.REVIEW
    assert good.state.due - when > first_interval  # the interval grows
    when = good.state.due
    again = card_review(student=bob, card=card, rating="again", now=when)
    assert again.state.state == CardState.State.RELEARNING
    assert again.state.due == when + dt.timedelta(minutes=10)  # fsrs's relearning step
    assert again.state.stability < good.state.stability
    state = CardState.objects.get(card=card, student=bob)
    assert (state.reps, state.lapses) == (4, 1)


def test_it_schedules_longer_intervals_for_a_lower_desired_retention(db, bob, charlie):
    _, cards = deck()
    flashcard_settings_update(student=charlie, desired_retention=0.7)
    bob_due = card_review(student=bob, card=cards[0], rating="easy", now=T0).state.due
    charlie_due = card_review(student=charlie, card=cards[0], rating="easy", now=T0).state.due
    assert charlie_due > bob_due


def test_it_logs_every_review_with_rating_time_elapsed_days_and_states(db, bob):
    _, cards = deck()
    card = cards[0]
    graduated = graduate(bob, card)
    later = graduated.state.due + dt.timedelta(hours=5)
    card_review(student=bob, card=card, rating="hard", now=later)

    logs = list(ReviewLog.objects.filter(student=bob, card=card).order_by("reviewed_at"))
    assert [(log.rating, log.state_before, log.state_after) for log in logs] == [
        (3, "new", "learning"),
        (3, "learning", "review"),
        (2, "review", "review"),
    ]
    assert [log.reviewed_at for log in logs] == [T0, T0 + dt.timedelta(minutes=10), later]
    assert logs[0].elapsed_days == 0 and logs[0].due_before is None and logs[0].snapshot_before is None
    assert logs[1].elapsed_days == pytest.approx(10 / 1440, abs=1e-5)
    assert logs[2].elapsed_days == pytest.approx((later - logs[1].reviewed_at).total_seconds() / 86400, abs=1e-5)
    assert logs[2].due_before == graduated.state.due
    assert logs[2].snapshot_before["state"] == "review"
    assert logs[2].stability_after > 0 and 1 <= logs[2].difficulty_after <= 10
    assert StudyDay.objects.filter(student=bob, day=dt.date(2026, 3, 2)).exists()


def test_it_rejects_a_rating_outside_the_four(db, bob):
    _, cards = deck()
    with pytest.raises(ValidationError) as error:
        card_review(student=bob, card=cards[0], rating="perfect", now=T0)
    assert "rating" in error.value.message_dict
    assert not ReviewLog.objects.exists()


def test_it_applies_the_same_review_id_once(db, bob):
    _, cards = deck()
    review_id = uuid.uuid4()
    first = card_review(student=bob, card=cards[0], rating="good", review_id=review_id, now=T0)
    second = card_review(student=bob, card=cards[0], rating="good", review_id=review_id, now=T0 + dt.timedelta(1))
    assert first.applied and not second.applied
    assert second.state.due == first.state.due
    assert ReviewLog.objects.filter(student=bob).count() == 1
    assert CardState.objects.get(student=bob).reps == 1


def test_it_undoes_the_last_rating_exactly_and_a_new_card_becomes_new_again(db, bob):
    _, cards = deck()
    graduated = graduate(bob, cards[0])
    before = CardState.objects.filter(pk=graduated.state.pk).values().get()
    card_review(student=bob, card=cards[0], rating="again", now=graduated.state.due)
    card_review(student=bob, card=cards[1], rating="good", now=graduated.state.due)

    undone = review_undo(student=bob)
    assert undone.card_id == cards[1].pk and undone.undone
    assert not CardState.objects.filter(card=cards[1], student=bob).exists()  # new again

    undone = review_undo(student=bob)
    assert undone.card_id == cards[0].pk
    assert CardState.objects.filter(pk=graduated.state.pk).values().get() == before
    assert ReviewLog.objects.filter(student=bob, undone=False).count() == 2


def test_it_has_nothing_to_undo_for_a_student_without_reviews(db, bob, charlie):
    _, cards = deck()
    card_review(student=bob, card=cards[0], rating="good", now=T0)
    assert review_undo(student=charlie) is None
    assert CardState.objects.filter(student=bob).count() == 1


def test_it_offers_due_cards_first_then_new_cards_up_to_the_daily_limit(db, bob):
    _, cards = deck(terms=3, differences=4)  # 10 cards
    flashcard_settings_update(student=bob, new_cards_per_day=3)
    old = card_review(student=bob, card=cards[5], rating="good", now=T0 - dt.timedelta(days=1))
    # New cards skip the other side of a term already in the queue (cards[1] is cards[0]'s reverse,
    # cards[4] the forward side of the due cards[5]): siblings are not studied on the same day.
    assert [c.pk for c in due_cards(student=bob, now=T0)] == [cards[5].pk, cards[0].pk, cards[2].pk, cards[6].pk]
    assert old.state.due <= T0

    card_review(student=bob, card=cards[0], rating="easy", now=T0)
    card_review(student=bob, card=cards[1], rating="easy", now=T0)
    queue = list(due_cards(student=bob, now=T0))
    assert [c.pk for c in queue] == [cards[5].pk, cards[2].pk]  # one new card left today
    assert queue[0].my_state == "learning" and queue[1].my_state is None


def test_it_starts_a_new_day_at_midnight_in_the_students_time_zone(db, bob):
    _, cards = deck(terms=2, differences=0)
    flashcard_settings_update(student=bob, new_cards_per_day=1)
    # 16:30 UTC is 23:30 in Hồ Chí Minh City (UTC+7); 17:30 UTC is already the next day there.
    evening = dt.datetime(2026, 3, 2, 16, 30, tzinfo=dt.UTC)
    card_review(student=bob, card=cards[0], rating="easy", now=evening)
    assert due_cards(student=bob, now=evening + dt.timedelta(minutes=20)).count() == 0
    assert due_cards(student=bob, now=evening + dt.timedelta(minutes=70)).count() == 1
    start, end = student_day_bounds(bob, evening)
    assert (start, end) == (dt.datetime(2026, 3, 1, 17, tzinfo=dt.UTC), dt.datetime(2026, 3, 2, 17, tzinfo=dt.UTC))
    flashcard_settings_update(student=bob, time_zone="America/New_York")  # 11:30 there: same day
    assert due_cards(student=bob, now=evening + dt.timedelta(minutes=70)).count() == 0


def test_it_shows_a_learning_step_due_within_twenty_minutes_rather_than_nothing(db, bob):
    _, cards = deck(terms=0, differences=1)
    card_review(student=bob, card=cards[0], rating="good", now=T0)  # due in 10 minutes
    assert due_cards(student=bob, now=T0 + dt.timedelta(minutes=1)).count() == 0
    assert next_card(student=bob, now=T0 + dt.timedelta(minutes=1)).pk == cards[0].pk


def test_it_reports_stats_and_retrievability_in_a_fixed_number_of_queries(db, bob, django_assert_num_queries):
    document, cards = deck(terms=2, differences=3)  # 7 cards
    graduate(bob, cards[4])
    graduate(bob, cards[5])
    card_review(student=bob, card=cards[0], rating="good", now=T0)
    later = T0 + dt.timedelta(days=1)
    with django_assert_num_queries(4):
        stats = flashcard_stats(student=bob, document=document, now=later)
    assert stats["total"] == 7 and stats["new"] == 4 and stats["learned"] == 2 and stats["learning"] == 1
    assert stats["due_today"] >= 1  # the learning card is overdue
    assert 0.5 < stats["average_retrievability"] <= 1
    assert (
        flashcard_stats(student=bob, now=later + dt.timedelta(days=60))["average_retrievability"]
        < (stats["average_retrievability"])
    )
    with django_assert_num_queries(1):
        by_difference = card_retrievability_by_difference(student=bob, document=document, now=later)
    assert set(by_difference) == {cards[4].difference_id, cards[5].difference_id}
    assert all(0 < r <= 1 for r in by_difference.values())


def test_it_forecasts_due_reviews_per_day_of_the_student(db, bob, django_assert_num_queries):
    _, cards = deck(terms=0, differences=3)
    for card in cards:
        card_review(student=bob, card=card, rating="easy", now=T0)
    with django_assert_num_queries(1):
        forecast = flashcard_forecast(student=bob, days=30, now=T0)
    assert len(forecast) == 30 and forecast[0][0] == dt.date(2026, 3, 2)
    assert sum(count for _, count in forecast) == 3
    assert forecast[0][1] == 0  # nothing due today after Easy


@pytest.mark.parametrize(
    "field,value",
    [("desired_retention", 0.69), ("desired_retention", 0.98), ("new_cards_per_day", -1), ("time_zone", "Mars/Base")],
)
def test_it_refuses_settings_out_of_bounds(db, bob, field, value):
    with pytest.raises(ValidationError) as error:
        flashcard_settings_update(student=bob, **{field: value})
    assert field in error.value.message_dict
    bob.refresh_from_db()
    assert (bob.desired_retention, bob.new_cards_per_day, bob.time_zone) == (0.9, 20, "Asia/Ho_Chi_Minh")


def test_it_previews_the_interval_each_rating_would_give(db, bob):
    _, cards = deck(terms=0, differences=1)
    previews = rating_previews(student=bob, card=cards[0], now=T0)
    assert previews["again"] == dt.timedelta(minutes=1) and previews["good"] == dt.timedelta(minutes=10)
    assert previews["again"] < previews["hard"] < previews["good"] < previews["easy"]
    out = card_review(student=bob, card=cards[0], rating="good", now=T0)
    assert out.state.due - T0 == previews["good"]


def test_it_makes_a_review_due_from_midnight_of_its_due_day_in_the_students_time_zone(db, bob):
    _, cards = deck(terms=0, differences=1)
    flashcard_settings_update(student=bob, new_cards_per_day=0)
    state = graduate(bob, cards[0]).state
    start_of_due_day, _ = student_day_bounds(bob, state.due)
    assert start_of_due_day < state.due
    assert due_cards(student=bob, now=start_of_due_day - dt.timedelta(minutes=1)).count() == 0
    assert due_cards(student=bob, now=start_of_due_day + dt.timedelta(minutes=1)).count() == 1
    assert flashcard_stats(student=bob, now=start_of_due_day + dt.timedelta(minutes=1))["due_today"] == 1


def test_it_still_introduces_new_cards_when_the_first_new_ones_are_siblings_of_due_cards(db, bob):
    _, cards = deck(terms=5, differences=2)  # forward, reverse of five terms, then two differences
    flashcard_settings_update(student=bob, new_cards_per_day=2)
    forwards, differences = cards[0:10:2], cards[10:]
    for card in forwards:
        card_review(student=bob, card=card, rating="good", now=T0 - dt.timedelta(days=3))
    queue = [c.pk for c in due_cards(student=bob, now=T0)]
    # The five reverses wait while their forwards are due; the day's two new cards are the differences.
    assert queue[:5] == [c.pk for c in forwards] and queue[5:] == [c.pk for c in differences]
