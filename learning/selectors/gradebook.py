"""Assignment status and grade per (student, assignment): the gradebook and "my assignments".

Evidence is read from the source tables with one query per target type present (lesson reads, quiz
attempts, exercise results, flashcard states), for all students and assignments at once, and folded in
memory. So a gradebook costs the same number of queries for 5 or 500 students.

Status rules (`now` is the time of the request; "complete" is defined per target type below):
- **done**: the work was first complete at or before `due_at`.
- **late**: the work was first complete after `due_at` and the assignment allows late work.
- **missing**: `due_at` has passed and the work is not complete, or it was completed only after
  `due_at` while late work is not allowed (late work then does not count).
- **in_progress**: not complete, `due_at` not passed, and the student has started (a quiz attempt
  opened, a card of the deck reviewed).
- **not_started**: none of the above (nothing done yet, due date ahead).
Work done before `starts_at` counts: a student who read the lesson earlier has done it.

Complete, and the grade (percent, or None):
- lesson: read (a LessonRead row); grade 100 once counted.
- quiz: a submitted attempt; grade = best score of the attempts that count (all of them when late work
  is allowed, else those submitted by `due_at`).
- exercise: a recorded ExerciseResult (first completion time); grade = its best score.
- flashcards: `goal_cards` cards of the document's deck learned (FSRS state "review"); the completion
  time is when the goal-th card was first learned; grade = learned / goal, capped at 100.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import F, Min, OuterRef, Subquery
from django.utils import timezone

from learning.content.lang import slugify_key
from learning.exports.spreadsheet import csv_bytes, csv_response
from learning.models import (
    Assignment,
    AssignmentGrade,
    Attempt,
    CardState,
    ExerciseResult,
    LessonRead,
    Membership,
    ReviewLog,
    User,
)
from learning.numbers import percent
from learning.selectors.progress import LEARNED_STATE

NOT_STARTED, IN_PROGRESS, DONE, LATE, MISSING = "not_started", "in_progress", "done", "late", "missing"
STATUSES = [NOT_STARTED, IN_PROGRESS, DONE, LATE, MISSING]


@dataclass
class Work:
    """What a student did on one target: completions (time, percent) and whether they started."""

    started: bool = False
    completions: list[tuple[dt.datetime, float | None]] = field(default_factory=list)
    # Flashcards only: times at which each card of the deck was first learned (sorted), and how many now.
    learned_times: list[dt.datetime] = field(default_factory=list)


@dataclass
class Cell:
    status: str
    grade: float | None
    completed_at: dt.datetime | None = None
    # The teacher's override (percent) and comment, kept beside the computed `grade` (AssignmentGrade).
    override: float | None = None
    comment: str = ""

    @property
    def final_grade(self) -> float | None:
        """What counts: the teacher's override when there is one, else the computed grade."""
        return self.override if self.override is not None else self.grade


def cell_for(*, assignment: Assignment, work: Work | None, now: dt.datetime) -> Cell:
    """Apply the status rules (module docstring) to one student's work on one assignment."""
    work = work or Work()
    completions = list(work.completions)
    if assignment.target_type == Assignment.TargetType.FLASHCARDS:
        goal = assignment.goal_cards or 1
        learned = len(work.learned_times)
        completions = [(work.learned_times[goal - 1], None)] if learned >= goal else []
    completions.sort(key=lambda c: c[0])
    due = assignment.due_at
    first = completions[0][0] if completions else None
    counted = completions if assignment.late_allowed else [c for c in completions if c[0] <= due]
    if first is not None and first <= due:
        status = DONE
    elif first is not None and assignment.late_allowed:
        status = LATE
    elif now > due:
        status = MISSING
    elif work.started or completions:
        status = IN_PROGRESS
    else:
        status = NOT_STARTED
    if assignment.target_type == Assignment.TargetType.FLASHCARDS:
        goal = assignment.goal_cards or 1
        grade = round(min(100.0, 100.0 * len(work.learned_times) / goal), 1) if work.started else None
        if status == MISSING and first is not None:
            grade = None  # reached only after the due date, and late work does not count
    else:
        grades = [g for _, g in counted if g is not None]
        grade = max(grades) if grades else None
    return Cell(status=status, grade=grade, completed_at=first if status in (DONE, LATE) else None)


def work_for(*, student_ids: list[int], assignments: list[Assignment]) -> dict[tuple[int, str, int], Work]:
    """{(student_id, target_type, target_id): Work}. At most one query per target type present."""
    by_type: dict[str, set[int]] = defaultdict(set)
    for a in assignments:
        by_type[a.target_type].add(a.target_id)
    work: dict[tuple[int, str, int], Work] = defaultdict(Work)
    if not student_ids:
        return work
    T = Assignment.TargetType
    if by_type[T.LESSON]:
        reads = LessonRead.objects.filter(student_id__in=student_ids, lesson_id__in=by_type[T.LESSON])
        for student_id, lesson_id, read_at in reads.values_list("student_id", "lesson_id", "read_at"):
            w = work[(student_id, T.LESSON, lesson_id)]
            w.started = True
            w.completions.append((read_at, 100.0))
    if by_type[T.QUIZ]:
        attempts = Attempt.objects.filter(student_id__in=student_ids, quiz_id__in=by_type[T.QUIZ]).values_list(
            "student_id", "quiz_id", "submitted_at", "score", "max_score"
        )
        for student_id, quiz_id, submitted_at, score, max_score in attempts:
            w = work[(student_id, T.QUIZ, quiz_id)]
            w.started = True
            if submitted_at is not None:
                w.completions.append((submitted_at, percent(score, max_score)))
    if by_type[T.EXERCISE]:
        results = ExerciseResult.objects.filter(
            student_id__in=student_ids, exercise_id__in=by_type[T.EXERCISE]
        ).values_list("student_id", "exercise_id", "first_completed_at", "completed_at", "best_score", "max_score")
        for student_id, exercise_id, first_at, last_at, best, max_score in results:
            w = work[(student_id, T.EXERCISE, exercise_id)]
            w.started = True
            w.completions.append((first_at or last_at, percent(best, max_score)))
    if by_type[T.FLASHCARDS]:
        first_learned = (
            ReviewLog.objects.filter(
                student_id=OuterRef("student_id"), card_id=OuterRef("card_id"), state_after=LEARNED_STATE, undone=False
            )
            .order_by()
            .values("card_id")
            .annotate(t=Min("reviewed_at"))
            .values("t")[:1]
        )
        states = (
            CardState.objects.filter(student_id__in=student_ids, card__document_id__in=by_type[T.FLASHCARDS])
            .annotate(learned_at=Subquery(first_learned), document_id=F("card__document_id"))
            .values_list("student_id", "document_id", "state", "last_review", "learned_at")
        )
        for student_id, document_id, state, last_review, learned_at in states:
            w = work[(student_id, T.FLASHCARDS, document_id)]
            if last_review is not None:
                w.started = True
            if state == LEARNED_STATE:
                w.learned_times.append(learned_at or last_review)
        for key, w in work.items():
            if key[1] == T.FLASHCARDS:
                w.learned_times = sorted(t for t in w.learned_times if t is not None)
    return work


@dataclass
class Gradebook:
    students: list[User]
    assignments: list[Assignment]
    # {(student_id, assignment_id): Cell}
    cells: dict[tuple[int, int], Cell]

    def row(self, student: User) -> list[Cell]:
        return [self.cells[(student.pk, a.pk)] for a in self.assignments]

    def summary(self, assignment: Assignment) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for s in self.students:
            counts[self.cells[(s.pk, assignment.pk)].status] += 1
        return counts


def grade_notes_for(*, assignment_ids, student_ids) -> dict[tuple[int, int], tuple[float | None, str]]:
    """{(student_id, assignment_id): (override, comment)} of the teacher's notes. 1 query (none when empty)."""
    if not assignment_ids or not student_ids:
        return {}
    rows = AssignmentGrade.objects.filter(assignment_id__in=assignment_ids, student_id__in=student_ids).values_list(
        "student_id", "assignment_id", "grade_override", "comment"
    )
    return {(s, a): (None if g is None else float(g), c) for s, a, g, c in rows}


def _with_notes(cell: Cell, note: tuple[float | None, str] | None) -> Cell:
    if note is not None:
        cell.override, cell.comment = note
    return cell


def class_students(*, classroom) -> list[User]:
    """The class roster, by last then first name. 1 query."""
    return list(
        User.objects.filter(memberships__classroom=classroom)
        .annotate(joined_at=F("memberships__joined_at"))
        .order_by("last_name", "first_name", "username")
    )


def gradebook_for_class(*, classroom, now: dt.datetime | None = None) -> Gradebook:
    """Students x assignments of a class, each cell with status, grade and the teacher's notes.

    3 + (1 per target type) queries.
    """
    now = now or timezone.now()
    students = class_students(classroom=classroom)
    assignments = list(classroom.assignments.order_by("due_at", "id"))
    work = work_for(student_ids=[s.pk for s in students], assignments=assignments)
    notes = grade_notes_for(assignment_ids=[a.pk for a in assignments], student_ids=[s.pk for s in students])
    cells = {
        (s.pk, a.pk): _with_notes(
            cell_for(assignment=a, work=work.get((s.pk, a.target_type, a.target_id)), now=now), notes.get((s.pk, a.pk))
        )
        for s in students
        for a in assignments
    }
    return Gradebook(students=students, assignments=assignments, cells=cells)


def assignments_for_student(*, student: User, classroom=None, now: dt.datetime | None = None) -> list[dict]:
    """The student's assignments (all their classes, or one), by due date, with status and grade.

    2 + (1 per target type) queries.
    """
    now = now or timezone.now()
    classes = Membership.objects.filter(student=student)
    if classroom is not None:
        classes = classes.filter(classroom=classroom)
    assignments = list(
        Assignment.objects.filter(classroom_id__in=classes.values("classroom_id"))
        .select_related("classroom")
        .order_by("due_at", "id")
    )
    work = work_for(student_ids=[student.pk], assignments=assignments)
    notes = grade_notes_for(assignment_ids=[a.pk for a in assignments], student_ids=[student.pk])
    return [
        {
            "assignment": a,
            "cell": _with_notes(
                cell_for(assignment=a, work=work.get((student.pk, a.target_type, a.target_id)), now=now),
                notes.get((student.pk, a.pk)),
            ),
        }
        for a in assignments
    ]


DUE_SOON = dt.timedelta(days=7)


def due_soon(items: list[dict], *, now: dt.datetime, within: dt.timedelta = DUE_SOON) -> list[dict]:
    """Of `assignments_for_student` items: the unfinished ones due between now and `within` from now, soonest first."""
    return [
        item
        for item in items
        if item["cell"].status in (NOT_STARTED, IN_PROGRESS) and now <= item["assignment"].due_at <= now + within
    ]


def gradebook_csv_filename(classroom) -> str:
    return f"gradebook-{slugify_key(classroom.name, fallback=str(classroom.pk))}.csv"


def gradebook_csv_rows(book: Gradebook) -> Iterator[list]:
    """The gradebook as CSV rows (header first), produced one at a time for a streamed download.

    One row per student: last name, first name, username, then per assignment its status, computed grade,
    the teacher's override and comment.
    """
    header = ["last_name", "first_name", "username"]
    for a in book.assignments:
        due = timezone.localtime(a.due_at).strftime("%Y-%m-%d %H:%M")
        label = f"{a.title} ({due})"
        header += [f"{label} status", f"{label} grade", f"{label} override", f"{label} comment"]
    yield header
    for student in book.students:
        row = [student.last_name, student.first_name, student.username]
        for cell in book.row(student):
            row += [
                cell.status,
                "" if cell.grade is None else f"{cell.grade:g}",
                "" if cell.override is None else f"{cell.override:g}",
                cell.comment,
            ]
        yield row


def gradebook_csv_bytes(classroom, book: Gradebook) -> bytes:
    """The whole file at once (csv_bytes): Vietnamese names intact in spreadsheets, no formula run."""
    return csv_bytes(gradebook_csv_rows(book))


def gradebook_csv_response(classroom, book: Gradebook):
    """The gradebook's CSV download, streamed (csv_response)."""
    return csv_response(gradebook_csv_rows(book), gradebook_csv_filename(classroom))
