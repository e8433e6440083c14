"""Reads for exports: a document's question bank as plain dicts, for teachers only (it holds the keys)."""

from django.db.models import Q
from django.http import Http404

from learning.models import Document, Question, User

FIELDS = ("key", "type", "prompt", "choices", "items", "answer", "explanation")


def access_exportable_document_by_slug(user: User, slug: str) -> Document:
    """A document a teacher may export (published, or their own); 404 for anyone else, students included."""
    document = None
    if user.is_authenticated and user.is_teacher:
        document = Document.objects.filter(Q(published=True) | Q(created_by=user), slug=slug).first()
    if document is None:
        raise Http404("No such document.")
    return document


def export_questions(document: Document) -> list[dict]:
    return list(Question.objects.filter(document=document, enabled=True).order_by("position", "id").values(*FIELDS))
