"""Access to user-owned objects, in one place: documents and lessons, classes and students, quizzes,
attempts and questions, flashcards, Learn sessions. The simulator's runs, exercises and submissions are in
simulator.access.

Missing and forbidden are the same 404: a student sees only the classes they are in, a teacher only
their own. Role checks (a student asking for a teacher's action) are a 403 and live in the callers.

Documents: a site document (imported from the command line, no `created_by`) is seen by everyone
signed in once published and changed by staff only; a teacher's document is seen by that teacher,
staff, and (once published) the students of the classes it is assigned to (any assignment of its
lesson, quiz, flashcards or exercise: `Assignment.document` is filled from the target's document) or
whose LMS course links to it (`LtiResourceLink.document`, likewise).
Nothing one teacher does changes what another teacher's students see: another teacher who wants
other settings or questions works on a copy (learning.services.documents.document_copy).

Modules: `documents` (documents and lessons), `classes` (classes and their students), `quizzes` (quizzes,
attempts, questions), `flashcards`, `learn` (Learn sessions). Import from the package.
"""

from .classes import access_class_student_by_id, access_classroom_by_id, access_taught_classroom_by_id, classrooms_for
from .documents import (
    access_document_by_slug,
    access_editable_document_by_slug,
    access_exportable_document_by_slug,
    access_lesson_by_id,
    document_editable_by,
    documents_editable_by,
    documents_visible_to,
    lesson_read_by,
    target_visible_to,
)
from .flashcards import access_flashcard_by_id, visible_cards
from .learn import access_learn_session_by_id
from .quizzes import (
    access_attempt_as_teacher,
    access_attempt_by_id,
    access_question_by_id,
    access_quiz_by_id,
    quizzes_for,
)

__all__ = [
    "access_attempt_as_teacher",
    "access_attempt_by_id",
    "access_class_student_by_id",
    "access_classroom_by_id",
    "access_document_by_slug",
    "access_editable_document_by_slug",
    "access_exportable_document_by_slug",
    "access_flashcard_by_id",
    "access_learn_session_by_id",
    "access_lesson_by_id",
    "access_question_by_id",
    "access_quiz_by_id",
    "access_taught_classroom_by_id",
    "classrooms_for",
    "document_editable_by",
    "documents_editable_by",
    "documents_visible_to",
    "lesson_read_by",
    "quizzes_for",
    "target_visible_to",
    "visible_cards",
]
