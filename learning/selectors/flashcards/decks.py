"""A document's deck as every student reads it (cached): the rows of its current cards the review queue needs.

The cards are the same for every student, so the queue reads them from the cache and only the student's own
rows (their states, today's reviews) from the database. An entry carries its document's source hash and
`updated_at` (a re-import reads afresh), and is dropped when a card is saved or deleted (`flashcard_deck_forget`,
connected in learning.apps) and after `flashcards_sync_report`'s bulk writes (which send no signals).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

from learning.models import Document, Flashcard

DECK_SECONDS = 24 * 3600
# In the model's field order, so that Flashcard.from_db can build a card (other fields deferred) from a row.
DECK_FIELDS = ("id", "document_id", "kind", "front", "back", "term_id", "position")
ROW_ID, ROW_TERM, ROW_POSITION = 0, 5, 6


def _deck_key(document_id: int) -> str:
    return f"flashcard-deck:v1:{document_id}"


def _stamp(document: Document) -> tuple:
    return (document.source_sha256, document.updated_at.isoformat() if document.updated_at else "")


def document_decks(documents: Iterable[Document]) -> dict[int, tuple[tuple, ...]]:
    """{document id: its current cards as DECK_FIELDS rows, in (position, id) order}. One cache read, and one
    query for the documents whose deck is not cached (none when all are)."""
    documents = {document.pk: document for document in documents}
    if not documents:
        return {}
    cached = cache.get_many([_deck_key(pk) for pk in documents])
    decks = {}
    for pk, document in documents.items():
        entry = cached.get(_deck_key(pk))
        if entry is not None and entry[0] == _stamp(document):
            decks[pk] = entry[1]
    missing = [pk for pk in documents if pk not in decks]
    if missing:
        rows = {pk: [] for pk in missing}
        for row in (
            Flashcard.objects.filter(document_id__in=missing)
            .order_by("document_id", "position", "pk")
            .values_list(*DECK_FIELDS)
        ):
            rows[row[1]].append(row)
        fresh = {pk: tuple(deck) for pk, deck in rows.items()}
        cache.set_many(
            {_deck_key(pk): (_stamp(documents[pk]), deck) for pk, deck in fresh.items()}, timeout=DECK_SECONDS
        )
        decks.update(fresh)
    return decks


def flashcard_deck_forget(sender=None, instance=None, document_id: int | None = None, **kwargs) -> None:
    """post_save / post_delete of a Flashcard (or a sync of the document's cards): drop the document's cached
    deck now and again at commit (a reader between the two would otherwise cache the rows as they were)."""
    key = _deck_key(document_id if document_id is not None else instance.document_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
