"""Assignment status and grade per (student, assignment): the gradebook and "my assignments".

Evidence is read from the source tables with one query per target type present (lesson reads, quiz
attempts, exercise results, flashcard states), for all students and assignments at once, aggregated in the
database to one row per student and target (first completion time and best grades; for a deck, the count
learned and when the goal-th card was learned). So a gradebook costs the same number of queries for 5 or
500 students, and its Python work grows with students x targets, not with attempts or cards.

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

from django.db import connection
from django.db.models import ExpressionWrapper, F, FloatField, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone

from learning.content.lang import slugify_key
from learning.exports.spreadsheet import csv_bytes, csv_response
from learning.models import (
    Assignment,
    AssignmentGrade,
    Attempt,
    CardState,
    ExerciseResult,
    Flashcard,
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
    """What a student did on one target, aggregated (no per-attempt or per-card rows): whether they started,
    the first completion time, the best grade of all completions and of those by a due date."""

    started: bool = False
    first_at: dt.datetime | None = None
    best: float | None = None
    # Quizzes (several attempts): best grade of the attempts submitted by each due date asked for.
    best_by_due: dict[dt.datetime, float | None] = field(default_factory=dict)
    # Flashcards only: cards of the deck learned now, and when the goal-th was first learned, per goal.
    learned: int = 0
    goal_at: dict[int, dt.datetime] = field(default_factory=dict)

    def best_until(self, due: dt.datetime) -> float | None:
        if due in self.best_by_due:
            return self.best_by_due[due]
        return self.best if self.first_at is not None and self.first_at <= due else None


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


_NO_WORK = Work()


def cell_for(*, assignment: Assignment, work: Work | None, now: dt.datetime) -> Cell:
    """Apply the status rules (module docstring) to one student's work on one assignment."""
    work = work or _NO_WORK
    due = assignment.due_at
    flashcards = assignment.target_type == Assignment.TargetType.FLASHCARDS
    if flashcards:
        goal = assignment.goal_cards or 1
        first = work.goal_at.get(goal) if work.learned >= goal else None
    else:
        first = work.first_at
    if first is not None and first <= due:
        status = DONE
    elif first is not None and assignment.late_allowed:
        status = LATE
    elif now > due:
        status = MISSING
    elif work.started or first is not None:
        status = IN_PROGRESS
    else:
        status = NOT_STARTED
    if flashcards:
        grade = round(min(100.0, 100.0 * work.learned / goal), 1) if work.started else None
        if status == MISSING and first is not None:
            grade = None  # reached only after the due date, and late work does not count
    else:
        grade = work.best if assignment.late_allowed else work.best_until(due)
    return Cell(status=status, grade=grade, completed_at=first if status in (DONE, LATE) else None)


def _grade(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def work_for(*, student_ids: list[int], assignments: list[Assignment]) -> dict[tuple[int, str, int], Work]:
    """{(student_id, target_type, target_id): Work}. At most one query per target type present, each
    aggregated in the database to one row per student and target (GROUP BY)."""
    by_type: dict[str, set[int]] = defaultdict(set)
    for a in assignments:
        by_type[a.target_type].add(a.target_id)
    work: dict[tuple[int, str, int], Work] = {}
    if not student_ids:
        return work
    T = Assignment.TargetType
    if by_type[T.LESSON]:
        reads = LessonRead.objects.filter(student_id__in=student_ids, lesson_id__in=by_type[T.LESSON])
        for student_id, lesson_id, read_at in reads.values_list("student_id", "lesson_id", "read_at"):
            work[(student_id, T.LESSON, lesson_id)] = Work(started=True, first_at=read_at, best=100.0)
    if by_type[T.QUIZ]:
        dues = sorted({a.due_at for a in assignments if a.target_type == T.QUIZ and not a.late_allowed})
        ratio = ExpressionWrapper(
            100.0 * Cast("score", FloatField()) / NullIf(Cast("max_score", FloatField()), 0.0),
            output_field=FloatField(),
        )
        on_time = {f"d{i}": Max(ratio, filter=Q(submitted_at__lte=due)) for i, due in enumerate(dues)}
        attempts = (
            Attempt.objects.filter(student_id__in=student_ids, quiz_id__in=by_type[T.QUIZ])
            .values("student_id", "quiz_id")
            .annotate(first_at=Min("submitted_at"), best=Max(ratio, filter=Q(submitted_at__isnull=False)), **on_time)
            .order_by()
        )
        for row in attempts:
            work[(row["student_id"], T.QUIZ, row["quiz_id"])] = Work(
                started=True,
                first_at=row["first_at"],
                best=_grade(row["best"]),
                best_by_due={due: _grade(row[f"d{i}"]) for i, due in enumerate(dues)},
            )
    if by_type[T.EXERCISE]:
        results = (
            ExerciseResult.objects.filter(student_id__in=student_ids, exercise_id__in=by_type[T.EXERCISE])
            .annotate(first_at=Coalesce("first_completed_at", "completed_at"))
            .values_list("student_id", "exercise_id", "first_at", "best_score", "max_score")
        )
        for student_id, exercise_id, first_at, best, max_score in results:
            work[(student_id, T.EXERCISE, exercise_id)] = Work(
                started=True, first_at=first_at, best=percent(best, max_score)
            )
    if by_type[T.FLASHCARDS]:
        goals = sorted({a.goal_cards or 1 for a in assignments if a.target_type == T.FLASHCARDS})
        rows = _flashcard_work(student_ids, sorted(by_type[T.FLASHCARDS]), goals)
        for student_id, document_id, started, learned, goal_times in rows:
            work[(student_id, T.FLASHCARDS, document_id)] = Work(
                started=started,
                learned=learned,
                goal_at={g: t for g, t in zip(goals, goal_times, strict=True) if t is not None},
            )
    return work


def _flashcard_work(student_ids, document_ids, goals) -> list[tuple]:
    """(student_id, document_id, started, learned, [time the goal-th card was first learned, per goal]).

    A card's learning time is its first review that left it learned (not undone), else its last review.
    PostgreSQL: one query, the first-learned times grouped once (no subquery per card state) and only the
    goal-th of each student's sorted times returned. Elsewhere: the rows, folded here.
    """
    if connection.vendor == "postgresql":
        cs, fc, rl = CardState._meta.db_table, Flashcard._meta.db_table, ReviewLog._meta.db_table
        picks = ", ".join(
            f"(array_agg(t ORDER BY t) FILTER (WHERE learned AND t IS NOT NULL))[{int(g)}]" for g in goals
        )
        sql = (
            f"WITH fl AS (SELECT r.student_id, r.card_id, MIN(r.reviewed_at) AS t FROM {rl} r "  # noqa: S608
            f"JOIN {fc} f ON f.id = r.card_id WHERE r.student_id = ANY(%s) AND f.document_id = ANY(%s) "
            "AND r.state_after = %s AND NOT r.undone GROUP BY r.student_id, r.card_id), "
            f"s AS (SELECT c.student_id, f.document_id, c.last_review, c.state = %s AS learned, "
            "COALESCE(fl.t, c.last_review) AS t "
            f"FROM {cs} c JOIN {fc} f ON f.id = c.card_id "
            "LEFT JOIN fl ON fl.student_id = c.student_id AND fl.card_id = c.card_id "
            "WHERE c.student_id = ANY(%s) AND f.document_id = ANY(%s)) "
            "SELECT student_id, document_id, bool_or(last_review IS NOT NULL), "
            f"count(*) FILTER (WHERE learned AND t IS NOT NULL), {picks} "
            "FROM s GROUP BY student_id, document_id"
        )
        params = [list(student_ids), list(document_ids), LEARNED_STATE, LEARNED_STATE]
        params += [list(student_ids), list(document_ids)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [(r[0], r[1], r[2], r[3], list(r[4:])) for r in cursor.fetchall()]
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
        CardState.objects.filter(student_id__in=student_ids, card__document_id__in=document_ids)
        .annotate(learned_at=Subquery(first_learned), document_id=F("card__document_id"))
        .values_list("student_id", "document_id", "state", "last_review", "learned_at")
    )
    folded: dict[tuple[int, int], list] = {}
    for student_id, document_id, state, last_review, learned_at in states:
        entry = folded.setdefault((student_id, document_id), [False, []])
        entry[0] = entry[0] or last_review is not None
        t = learned_at or last_review
        if state == LEARNED_STATE and t is not None:
            entry[1].append(t)
    out = []
    for (student_id, document_id), (started, times) in folded.items():
        times.sort()
        out.append(
            (student_id, document_id, started, len(times), [times[g - 1] if len(times) >= g else None for g in goals])
        )
    return out


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
