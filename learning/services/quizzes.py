"""Writes on the question bank, quizzes and attempts."""

from learning.models import Document


def quiz_bank_sync(*, document: Document) -> None:
    """(Re)generate the document's question bank and quizzes after an import. Called inside the import transaction."""
