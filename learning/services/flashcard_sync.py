"""Generation of a document's flashcards, and their identity across re-imports."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from learning.content.cards import generate_cards
from learning.content.identity import Identity, match_identities
from learning.models import Document, Flashcard
from learning.selectors.documents import document_parsed_from_rows
from learning.selectors.flashcards.decks import flashcard_deck_forget


def flashcards_sync(*, document: Document) -> list[Flashcard]:
    """(Re)generate the document's cards; returns its current cards in order. See flashcards_sync_report."""
    flashcards_sync_report(document=document)
    return list(Flashcard.objects.filter(document=document).order_by("position", "pk"))


@transaction.atomic
def flashcards_sync_report(*, document: Document):
    """(Re)generate the document's cards after an import (inside its transaction) and say what changed.

    A card keeps its identity, and so each student's CardState and review log, while it stands for the
    same term or difference: matched by key, then by the row it comes from (a term or difference the
    import matched even though its key changed), then by text (learning.content.identity). A card that
    is no longer generated is retired (hidden from reviews, rows kept); one generated again comes back.
    A fixed number of queries whatever the size of the document.
    """
    from learning.services.documents import ChangeSet

    parsed, links = document_parsed_from_rows(document)
    stored = list(Flashcard.all_objects.filter(document=document).order_by("position", "pk"))
    generated = []
    for position, data in enumerate(generate_cards(parsed)):
        term_id, term_lesson = links.get(f"term:{data.term_key}", (None, None)) if data.term_key else (None, None)
        diff_id, diff_lesson = (
            links.get(f"diff:{data.difference_key}", (None, None)) if data.difference_key else (None, None)
        )
        values = {
            "kind": data.kind,
            "front": data.front,
            "back": data.back,
            "source": data.source,
            "difference_id": diff_id,
            "term_id": term_id,
            "lesson_id": diff_lesson if data.difference_key else term_lesson,
            "position": position,
            "retired_at": None,
        }
        generated.append((data.key, values))

    def anchor(kind, difference_id, term_id):
        return (kind, "diff", difference_id) if difference_id else (kind, "term", term_id) if term_id else None

    matched = match_identities(
        [
            Identity(c.key, f"{c.front}\n{c.back}", c.position, anchor(c.kind, c.difference_id, c.term_id))
            for c in stored
        ],
        [
            Identity(
                key, f"{v['front']}\n{v['back']}", v["position"], anchor(v["kind"], v["difference_id"], v["term_id"])
            )
            for key, v in generated
        ],
    )
    by_key = {card.key: card for card in stored}
    changes, to_create, to_update, used = ChangeSet(), [], [], set()
    fields = [
        "key",
        "kind",
        "front",
        "back",
        "source",
        "difference_id",
        "term_id",
        "lesson_id",
        "position",
        "retired_at",
    ]
    for key, values in generated:
        card = by_key.get(matched.get(key))
        if card is None:
            to_create.append(Flashcard(document=document, key=key, **values))
            changes.added.append(values["front"][:120])
            continue
        used.add(card.pk)
        different = card.key != key or any(getattr(card, f) != v for f, v in values.items() if f != "position")
        if different or card.position != values["position"]:
            card.key = key
            for f, v in values.items():
                setattr(card, f, v)
            to_update.append(card)
        # A card that only moved (another was added or retired before it) is reported as kept.
        (changes.changed if different else changes.kept).append(card.front[:120])
    retired = [card for card in stored if card.pk not in used and card.retired_at is None]
    now = timezone.now()
    for card in retired:
        card.retired_at = now
        changes.retired.append(card.front[:120])
    if to_update or retired:
        # Keys move between rows only to keys no stored card holds (an equal key is matched first),
        # so one bulk update cannot collide with the unique (document, key).
        Flashcard.all_objects.bulk_update([*to_update, *retired], fields)
    if to_create:
        Flashcard.objects.bulk_create(to_create)
    flashcard_deck_forget(document_id=document.pk)  # bulk writes send no signals
    return changes
