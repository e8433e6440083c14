"""A teacher's own copy of a document ("use a copy"): rows cloned, students' data left behind."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext

from learning.content.markdown import slugify_key
from learning.models import Difference, Document, GlossaryTerm, Lesson, Statement, User


def _copy_slug(document: Document, user: User) -> str:
    base = slugify_key(f"{document.slug}-{user.username}", max_length=110)
    slug, number = base, 1
    while Document.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def document_copy(*, document: Document, user: User) -> Document:
    """The teacher's own copy of a document (typically a site one) with its lessons, glossary,
    differences, question bank (edits and disabled questions as they are), quizzes and cards.

    The copy is theirs to change: nothing done to it reaches the original's students, and nothing
    done to the original reaches the copy. Retired rows are not copied. Students' data is not copied.
    """
    if not (user.is_authenticated and (user.is_teacher or user.is_staff)):
        raise PermissionDenied(gettext("Only teachers can copy documents."))
    from learning.models import ExtractionOverride, Flashcard, Question, Quiz, SourceCorrection

    original = Document.objects.get(pk=document.pk)
    copy = Document.objects.create(
        slug=_copy_slug(original, user),
        title=original.title,
        language=original.language,
        source=original.source,
        source_sha256=original.source_sha256,
        subjects=original.subjects,
        published=True,
        created_by=user,
        copied_from=original,
    )

    def clone(row, **changes):
        row.pk = row.id = None
        row._state.adding = True
        for attribute, value in changes.items():
            setattr(row, attribute, value)
        return row

    lessons = {}
    for lesson in original.lessons.order_by("position", "pk"):
        old_pk = lesson.pk
        lessons[old_pk] = clone(lesson, document=copy)
    Lesson.objects.bulk_create(lessons.values())
    terms = {}
    for term in original.glossary.all():
        old_pk = term.pk
        terms[old_pk] = clone(term, document=copy, lesson=lessons.get(term.lesson_id))
    GlossaryTerm.objects.bulk_create(terms.values())
    differences, statements = {}, []
    for difference in original.differences.prefetch_related("statements"):
        old_pk = difference.pk
        statements.append((old_pk, list(difference.statements.all())))
        differences[old_pk] = clone(difference, document=copy, lesson=lessons.get(difference.lesson_id))
    Difference.objects.bulk_create(differences.values())
    Statement.objects.bulk_create(
        clone(statement, difference=differences[old_pk]) for old_pk, rows in statements for statement in rows
    )

    def links(row):
        return {
            "document": copy,
            "difference": differences.get(row.difference_id),
            "term": terms.get(row.term_id),
            "lesson": lessons.get(row.lesson_id),
        }

    Question.objects.bulk_create(
        clone(question, **links(question)) for question in original.questions.filter(retired_at__isnull=True)
    )
    Quiz.objects.bulk_create(clone(quiz, document=copy) for quiz in original.quizzes.all())
    Flashcard.objects.bulk_create(clone(card, **links(card)) for card in original.flashcards.all())
    # The original's corrections and overrides: a re-import of the copy reads the text as the copy shows it.
    SourceCorrection.objects.bulk_create(clone(c, document=copy, created_by=user) for c in original.corrections.all())
    ExtractionOverride.objects.bulk_create(
        clone(o, document=copy, created_by=user) for o in original.extraction_overrides.all()
    )
    return copy
