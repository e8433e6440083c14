"""Reads on classes: lists with counts, and what a teacher can assign."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from learning.access import classrooms_for, documents_visible_to
from learning.models import Assignment, Lesson, Membership, Quiz, User
from learning.numbers import percent
from learning.selectors.gradebook import class_students
from learning.selectors.progress import MASTERED, differences_for, mastery_cells
from learning.services.targets import targets_by_difference, targets_linkable


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


def class_assignments(*, classroom):
    """The class's assignments, by due date (each with its classroom loaded)."""
    return classroom.assignments.select_related("classroom").order_by("due_at", "id")


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


def class_mastery_rows(*, classroom, document) -> dict:
    """The class's mastery of each difference of `document`: per difference, one cell per student (in roster
    order), how many mastered it, the class's rate of right answers, and the exercises that practise it."""
    students = class_students(classroom=classroom)
    differences = differences_for([document.pk]) if document else []
    cells = mastery_cells(students=[s.pk for s in students], differences=differences)
    practice = targets_by_difference([document.pk]) if document else {}
    rows = []
    for difference in differences:
        row = [cells[(s.pk, difference["id"])] for s in students]
        rows.append(
            {
                "difference": difference,
                "practice": practice.get(difference["key"], []),
                "cells": row,
                "mastered": sum(1 for c in row if c.state == MASTERED),
                "correct_rate": percent(sum(c.correct for c in row), sum(c.answered for c in row), digits=None),
            }
        )
    return {"students": students, "rows": rows}
