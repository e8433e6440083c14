"""Who opens and who changes a document, and its lessons (the rule itself: the package docstring)."""

import functools

from django.db import connections
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from learning.compiled import CompiledQuery, compile_once, stand_in
from learning.models import Assignment, Document, Lesson, LessonRead, LtiResourceLink, User


def documents_visible_to(user: User) -> QuerySet[Document]:
    """The documents `user` may open (read lessons, take quizzes, study cards)."""
    if not user.is_authenticated:
        return Document.objects.none()
    if user.is_staff:
        return Document.objects.all()
    site = Q(created_by__isnull=True, published=True)
    if user.is_teacher:
        return Document.objects.filter(site | Q(created_by=user))
    query = _student_visible_sql(connections[Document.objects.db].vendor)
    # The SQL is the ORM's own (learning.compiled) and every value in it is a bound parameter.
    return Document.objects.filter(pk__in=RawSQL(query.sql, query.bind({_STUDENT: user.pk})))  # noqa: S611


def _students_documents(student) -> QuerySet[Document]:
    """The rule for a student: published site documents, and published documents assigned to (or linked
    from an LMS course of) one of the student's classes."""
    site = Q(created_by__isnull=True, published=True)
    assigned = Exists(
        Assignment.objects.filter(document=OuterRef("pk"), classroom__memberships__student=student).values("pk")
    )
    # A link placed in an LMS course opens its document to the course's class, as an assignment does.
    linked = Exists(
        LtiResourceLink.objects.filter(
            document=OuterRef("pk"), context__classroom__memberships__student=student
        ).values("pk")
    )
    return Document.objects.filter(site | Q(assigned | linked, published=True))


_STUDENT = stand_in()


@functools.cache
def _student_visible_sql(vendor: str) -> CompiledQuery:
    """`_students_documents` compiled once per process (learning.compiled): building and compiling its two
    correlated subqueries cost ~1.4 ms of CPU on every request that reads a student's lesson, quiz or cards."""
    return compile_once(_students_documents(_STUDENT).order_by().values("pk"), [_STUDENT])


def target_visible_to(user: User, target) -> bool:
    """Whether a teacher may assign or link a target (learning.services.targets.Target): one of a document they
    may open, or one with no document. Assigning opens the document to the class, so nothing else may be."""
    return target.document_id is None or documents_visible_to(user).filter(pk=target.document_id).exists()


def document_editable_by(user: User, document: Document) -> bool:
    """Whether `user` may change the document: its lessons (re-import), question bank and quiz settings."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return user.is_teacher and document.created_by_id is not None and document.created_by_id == user.pk


def documents_editable_by(user: User) -> QuerySet[Document]:
    """The documents `user` may change (document_editable_by as a queryset), by title."""
    if not user.is_authenticated:
        return Document.objects.none()
    if user.is_staff:
        return Document.objects.order_by("title", "pk")
    if user.is_teacher:
        return Document.objects.filter(created_by=user).order_by("title", "pk")
    return Document.objects.none()


def access_document_by_slug(user: User, slug: str) -> Document:
    """A document the user may open; 404 otherwise."""
    document = documents_visible_to(user).filter(slug=slug).first()
    if document is None:
        raise Http404("No such document.")
    return document


def access_exportable_document_by_slug(user: User, slug: str) -> Document:
    """A document whose questions (answer keys included) a teacher may download; 404 for anyone else."""
    if not user.is_authenticated or not (user.is_teacher or user.is_staff):
        raise Http404("No such document.")
    return access_document_by_slug(user, slug)


def access_editable_document_by_slug(user: User, slug: str) -> Document:
    """A document the user may change; 404 otherwise (one they may only read included: its bank holds keys)."""
    document = access_document_by_slug(user, slug)
    if not document_editable_by(user, document):
        raise Http404("No such document.")
    return document


def access_lesson_by_id(user: User, lesson_id: int) -> Lesson:
    """The lesson if the user may see it (else 404), with its document and `is_read`."""
    lesson = (
        Lesson.objects.select_related("document")
        .defer("document__source")
        .filter(pk=lesson_id, document__in=documents_visible_to(user))
        .annotate(is_read=lesson_read_by(user))
        .first()
    )
    if lesson is None:
        raise Http404("No such lesson.")
    return lesson


def lesson_read_by(user: User) -> Exists:
    """`is_read` for a lesson queryset: whether `user` has read the lesson (always False for a visitor)."""
    return Exists(
        LessonRead.objects.filter(lesson=OuterRef("pk"), student_id=user.pk if user.is_authenticated else None)
    )
