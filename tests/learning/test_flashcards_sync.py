"""flashcards_sync: cards from the stored glossary and differences, stable across re-imports."""

import datetime as dt

from learning.models import CardState, Flashcard, Statement
from learning.services.flashcard_sync import flashcards_sync
from learning.services.flashcards import card_review
from tests.factories_flashcards import document_with_content

NOW = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def test_it_creates_term_reverse_and_difference_cards_linked_to_their_rows(db):
    document = document_with_content(terms=2, differences=3)
    cards = flashcards_sync(document=document)
    assert [c.kind for c in cards] == ["term", "term_reverse"] * 2 + ["difference"] * 3
    difference_card = cards[4]
    assert difference_card.difference.key == "diff-0"
    assert difference_card.lesson.key == "su-khac-biet"
    assert difference_card.front == "Câu hỏi khác biệt số 0?"
    assert "Client-Server: máy chủ làm việc 0" in difference_card.back
    assert "Peer-to-peer: mỗi node làm việc 0" in difference_card.back
    assert cards[0].term.key == "term-0" and cards[0].front == "node 0"


def test_it_updates_text_in_place_on_reimport_and_keeps_the_students_schedule(db, bob):
    document = document_with_content(terms=1, differences=2)
    cards = flashcards_sync(document=document)
    card = cards[2]
    card_review(student=bob, card=card, rating="good", now=NOW)
    difference = card.difference
    difference.aspect = "Dữ liệu nằm ở đâu?"
    difference.save()
    Statement.objects.filter(difference=difference, subject="a").update(text="máy chủ giữ mọi dữ liệu")

    again = flashcards_sync(document=document)

    assert [c.pk for c in again] == [c.pk for c in cards]
    card.refresh_from_db()
    assert card.front == "Dữ liệu nằm ở đâu?"
    assert "Client-Server: máy chủ giữ mọi dữ liệu" in card.back
    assert CardState.objects.get(card=card, student=bob).reps == 1


def test_it_removes_cards_whose_difference_is_gone(db):
    document = document_with_content(terms=0, differences=2)
    flashcards_sync(document=document)
    document.differences.get(key="diff-1").delete()
    cards = flashcards_sync(document=document)
    assert [c.key for c in cards] == ["diff:diff-0"]
    assert Flashcard.objects.filter(document=document).count() == 1


def test_it_makes_no_writes_when_nothing_changed(db, django_assert_max_num_queries):
    document = document_with_content(terms=3, differences=5)
    flashcards_sync(document=document)
    with django_assert_max_num_queries(7):
        flashcards_sync(document=document)
