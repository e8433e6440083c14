"""Writes on flashcards and their FSRS scheduling."""

from learning.models import Document


def flashcards_sync(*, document: Document) -> None:
    """(Re)generate the document's cards after an import. Called inside the import transaction."""
