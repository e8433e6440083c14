"""Reads for exports: a document's question bank as plain dicts, for teachers only (it holds the keys).

Who may export is learning.access.access_exportable_document_by_slug.
"""

from learning.models import Document, Question

FIELDS = ("key", "type", "prompt", "choices", "items", "answer", "explanation")


def export_questions(document: Document) -> list[dict]:
    return list(Question.objects.filter(document=document, enabled=True).order_by("position", "id").values(*FIELDS))
