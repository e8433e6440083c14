"""Reads on documents and lessons, scoped to the user.

Who sees which document or lesson is decided in learning.access (documents_visible_to,
access_lesson_by_id). Missing and not visible are the same 404. Retired lessons and terms (gone from the
document at a re-import) are left out by their models' default managers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from learning.access import documents_visible_to, lesson_read_by
from learning.content.types import DifferenceData, GlossaryEntry, ParsedDocument, StatementData, Subject
from learning.models import Difference, Document, GlossaryTerm, Lesson, User


def document_list(user: User) -> QuerySet[Document]:
    """Visible documents with their lesson count and total reading time (one query)."""
    return (
        documents_visible_to(user)
        .defer("source")
        .annotate(
            lesson_count=Count("lessons", filter=Q(lessons__retired_at__isnull=True), distinct=True),
            reading_total=Sum("lessons__reading_minutes", filter=Q(lessons__retired_at__isnull=True)),
        )
        .order_by("title", "pk")
    )


def lessons_with_reads(document: Document, user: User) -> QuerySet[Lesson]:
    """The document's lessons in order, each with `is_read` for this user (False for teachers)."""
    return document.lessons.order_by("position", "pk").annotate(is_read=lesson_read_by(user))


def lesson_for_reader(user: User, lesson_id: int) -> dict:
    """The lesson as the API serves it: the shared payload (cached per version of the document) and the
    reader's own `read` flag, from one query that reads no lesson text. 404 when the user may not see it."""
    row = (
        Lesson.objects.filter(pk=lesson_id, document__in=documents_visible_to(user))
        .annotate(is_read=lesson_read_by(user))
        .values_list("document__source_sha256", "is_read")
        .first()
    )
    if row is None:
        raise Http404("No such lesson.")
    sha, is_read = row
    return {**lesson_payload(lesson_id, sha), "read": is_read}


@dataclass
class Neighbours:
    previous: Lesson | None
    next: Lesson | None
    position: int  # 1-based
    count: int


def lesson_neighbours(lesson: Lesson) -> Neighbours:
    siblings = list(
        Lesson.objects.filter(document_id=lesson.document_id).order_by("position", "pk").only("id", "title")
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == lesson.pk)
    return Neighbours(
        previous=siblings[index - 1] if index > 0 else None,
        next=siblings[index + 1] if index + 1 < len(siblings) else None,
        position=index + 1,
        count=len(siblings),
    )


LESSON_PAYLOAD_SECONDS = 24 * 3600


def lesson_payload(lesson_id: int, source_sha256: str) -> dict:
    """Everything a reader gets of a lesson except their own read flag, in the API's shape (LessonSerializer),
    cached per version of the document: the key holds the document's source hash, so a re-import that changes
    anything reads afresh."""
    key = f"lesson-payload:v2:{lesson_id}:{source_sha256}"
    payload = cache.get(key)
    if payload is None:
        full = Lesson.objects.select_related("document").defer("document__source", "markdown").get(pk=lesson_id)
        neighbours = lesson_neighbours(full)
        payload = {
            "id": full.pk,
            "document": full.document.slug,
            "language": full.document.language,
            "key": full.key,
            "position": full.position,
            "title": full.title,
            "html": full.html,
            "reading_minutes": full.reading_minutes,
            "previous": neighbours.previous.pk if neighbours.previous else None,
            "next": neighbours.next.pk if neighbours.next else None,
        }
        cache.set(key, payload, LESSON_PAYLOAD_SECONDS)
    return payload


def glossary_for_document(document: Document) -> QuerySet[GlossaryTerm]:
    return document.glossary.order_by("position", "pk").select_related("lesson")


def glossary_for_lesson(lesson: Lesson) -> list[GlossaryTerm]:
    """The terms defined in this lesson first, then the rest of the document's glossary."""
    terms = list(glossary_for_document(lesson.document))
    return sorted(terms, key=lambda term: (term.lesson_id != lesson.pk, term.position))


def lesson_has_differences(lesson: Lesson) -> bool:
    return lesson.differences.exists()


def document_parsed_from_rows(document: Document) -> tuple[ParsedDocument, dict[str, tuple[int, int | None]]]:
    """The document's stored glossary, subjects and differences as the plain data the pure generator takes, and
    {"term:<key>" | "diff:<key>": (row id, lesson id)} to link the cards back to their rows."""
    terms = list(GlossaryTerm.objects.filter(document=document).select_related("lesson").order_by("position", "pk"))
    differences = list(
        Difference.objects.filter(document=document)
        .select_related("lesson")
        .prefetch_related("statements")
        .order_by("position", "pk")
    )
    subjects = [Subject.from_dict(s) for s in document.subjects or []]
    parsed = ParsedDocument(
        title=document.title,
        language=document.language,
        sections=[],
        glossary=[
            GlossaryEntry(key=t.key, term=t.term, definition=t.definition, section_key=t.lesson.key if t.lesson else "")
            for t in terms
        ],
        subjects=subjects,
        differences=[
            DifferenceData(
                key=d.key,
                kind=d.kind,
                source=d.source,
                statements=[StatementData(subject=s.subject, text=s.text) for s in d.statements.all()],
                section_key=d.lesson.key if d.lesson else "",
                aspect=d.aspect,
                data=d.data or {},
            )
            for d in differences
        ],
    )
    links = {f"term:{t.key}": (t.pk, t.lesson_id) for t in terms}
    links.update({f"diff:{d.key}": (d.pk, d.lesson_id) for d in differences})
    return parsed, links
