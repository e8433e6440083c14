"""Access to user-owned objects, in one place: documents, classes, students, assignments.

Missing and forbidden are the same 404: a student sees only the classes they are in, a teacher only
their own. Role checks (a student asking for a teacher's action) are a 403 and live in the callers.

Documents: a site document (imported from the command line, no `created_by`) is seen by everyone
signed in once published and changed by staff only; a teacher's document is seen by that teacher,
staff, and (once published) the students of the classes it is assigned to (any assignment of its
lesson, quiz, flashcards or exercise: `Assignment.document` is filled from the target's document) or
whose LMS course links to it (`LtiResourceLink.document`, likewise).
Nothing one teacher does changes what another teacher's students see: another teacher who wants
other settings or questions works on a copy (learning.services.documents.document_copy).
"""

import functools

from django.db import connections
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from learning.models import Assignment, Classroom, Document, LtiResourceLink, Membership, User


def documents_visible_to(user: User) -> QuerySet[Document]:
    """The documents `user` may open (read lessons, take quizzes, study cards)."""
    if not user.is_authenticated:
        return Document.objects.none()
    if user.is_staff:
        return Document.objects.all()
    site = Q(created_by__isnull=True, published=True)
    if user.is_teacher:
        return Document.objects.filter(site | Q(created_by=user))
    sql, params = _student_visible_sql(connections[Document.objects.db].vendor)
    # The SQL is the ORM's own (below) and every value in it is a bound parameter.
    return Document.objects.filter(pk__in=RawSQL(sql, [user.pk if p == _STUDENT else p for p in params]))  # noqa: S611


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


_STUDENT = -4_611_686_018_427_387_903  # stands for the student's id while the rule is compiled: no real id is negative


@functools.cache
def _student_visible_sql(vendor: str) -> tuple[str, tuple]:
    """`_students_documents` compiled once per process: building and compiling its two correlated subqueries
    cost ~1.4 ms of CPU on every request that reads a student's lesson, quiz or cards. The SQL is the ORM's
    own; only the student's id changes from one request to the next."""
    sql, params = _students_documents(_STUDENT).order_by().values("pk").query.sql_with_params()
    assert sum(p == _STUDENT for p in params) == 2, "the rule names the student twice"
    return sql, params


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


def classrooms_for(user: User):
    """The classes `user` may see: taught (teacher) or joined (student)."""
    if not user.is_authenticated:
        return Classroom.objects.none()
    if user.is_teacher:
        return Classroom.objects.filter(teacher=user)
    return Classroom.objects.filter(memberships__student=user)


def access_classroom_by_id(user: User, classroom_id: int) -> Classroom:
    """A class the user teaches or has joined; 404 otherwise."""
    classroom = classrooms_for(user).select_related("teacher").filter(pk=classroom_id).first()
    if classroom is None:
        raise Http404("No such class.")
    return classroom


def access_taught_classroom_by_id(user: User, classroom_id: int) -> Classroom:
    """A class the user teaches; 404 for anyone else (another teacher, or a student of that class)."""
    classroom = Classroom.objects.filter(pk=classroom_id, teacher_id=user.pk).first() if user.is_teacher else None
    if classroom is None:
        raise Http404("No such class.")
    return classroom


def access_class_student_by_id(classroom: Classroom, student_id: int) -> User:
    """A student of `classroom` (the caller already holds the class); 404 when not a member."""
    membership = Membership.objects.select_related("student").filter(classroom=classroom, student_id=student_id).first()
    if membership is None:
        raise Http404("No such student in this class.")
    return membership.student


def access_assignment_by_id(user: User, assignment_id: int) -> Assignment:
    """An assignment of a class the user teaches or has joined; 404 otherwise."""
    assignment = (
        Assignment.objects.select_related("classroom")
        .filter(pk=assignment_id, classroom__in=classrooms_for(user))
        .first()
    )
    if assignment is None:
        raise Http404("No such assignment.")
    return assignment
