"""Reads on classes: lists with counts, and what a teacher can assign."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from learning.access import classrooms_for, documents_visible_to
from learning.models import Assignment, Lesson, Membership, Quiz, User
from learning.services.targets import targets_linkable


def classroom_list(*, user: User):
    """The user's classes (taught or joined) with student and assignment counts. 1 query."""
    students = Membership.objects.filter(classroom=OuterRef("pk")).values("classroom").annotate(n=Count("id"))
    assignments = Assignment.objects.filter(classroom=OuterRef("pk")).values("classroom").annotate(n=Count("id"))
    return (
        classrooms_for(user)
        .select_related("teacher")
        .annotate(
            student_count=Coalesce(Subquery(students.values("n")[:1]), 0),
            assignment_count=Coalesce(Subquery(assignments.values("n")[:1]), 0),
        )
        .order_by("name", "id")
    )


def assignable_targets(*, teacher: User) -> dict[str, list]:
    """Lessons, quizzes, flashcard decks and simulation exercises a teacher can pick from: those of the published
    documents the teacher sees (site documents and their own; learning.access). 5 queries."""
    visible = documents_visible_to(teacher).filter(published=True)
    documents = list(visible.only("id", "title", "slug"))
    return {
        "lessons": list(
            Lesson.objects.filter(document__in=visible)
            .select_related("document")
            .only("id", "title", "position", "document__title")
        ),
        "quizzes": list(
            Quiz.objects.filter(document__in=visible, published=True)
            .select_related("document")
            .only("id", "title", "document__title")
        ),
        "documents": documents,
        # Simulation exercises come from the registry (learning never imports simulator): title, kind, difference.
        "exercises": targets_linkable(["exercise"]),
    }
