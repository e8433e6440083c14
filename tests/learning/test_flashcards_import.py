"""Cards from the real seed document through the lessons engineer's import service."""

import datetime as dt

from learning.models import CardState, Difference, Flashcard, GlossaryTerm
from learning.services.documents import document_import
from learning.services.flashcards import card_review

NOW = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)


def test_it_makes_cards_for_every_term_and_difference_of_the_seed_document(db, seed_text):
    document = document_import(text=seed_text)
    cards = Flashcard.objects.filter(document=document)
    terms = GlossaryTerm.objects.filter(document=document).count()
    differences = Difference.objects.filter(document=document).count()
    assert terms >= 3 and differences >= 5
    assert cards.filter(kind="term").count() == cards.filter(kind="term_reverse").count() == terms
    assert cards.filter(kind="difference").count() == differences
    stored = cards.get(difference__source__contains="dữ liệu được lưu trữ tập trung")
    assert stored.front.endswith("?")
    assert "Client-Server:" in stored.back and "Nguồn: " in stored.back
    for card in cards.filter(kind="term_reverse"):  # the reverse card must not give the term away
        assert card.back.split(" (")[0].lower() not in card.front.lower()


def test_it_keeps_the_students_schedule_across_an_edited_reimport(db, seed_text, bob):
    document = document_import(text=seed_text)
    card = Flashcard.objects.filter(document=document, kind="difference").first()
    card_review(student=bob, card=card, rating="easy", now=NOW)
    before = Flashcard.objects.filter(document=document, kind="difference").count()
    document_import(text=seed_text + "\n- Client-Server thì mô hình an toàn hơn so với ngang hàng.\n")
    assert Flashcard.objects.filter(pk=card.pk).exists()
    assert CardState.objects.get(card=card, student=bob).state == "review"
    assert Flashcard.objects.filter(document=document, kind="difference").count() == before + 1
