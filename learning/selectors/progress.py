"""Reads of students' progress, computed from the source tables.

Every function here runs a fixed number of SQL queries (noted on each), whatever the number of
students, lessons, attempts or cards: rows come back in one query per source table and are folded in
memory, never fetched per student.

Mastery of a difference (one student, one difference of a document):
- **mastered**: among the student's last three answers on questions about that difference (graded quiz
  answers and Learn-mode answers alike: learning.models.LearnAnswer), at
  least two are correct, AND, if the document has a flashcard for that difference, the student's
  retrievability of that card (as fsrs computes it from the stability S and t, the whole days since the
  last review) is at least 0.9. A difference card never reviewed has R = 0.
- **in_progress**: some evidence but not mastered: at least one graded answer on that difference, or
  its card reviewed at least once.
- **not_started**: no graded answer on that difference and its card never reviewed.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Exists, F, FloatField, Max, OuterRef, Subquery
from django.db.models.functions import Cast, NullIf
from django.utils import timezone
from fsrs import Card, Scheduler

from learning.access import documents_visible_to
from learning.models import (
    Answer,
    Attempt,
    CardState,
    Difference,
    ExerciseResult,
    Flashcard,
    LearnAnswer,
    Lesson,
    LessonRead,
    StudyDay,
    User,
)
from learning.numbers import percent
from learning.selectors.flashcards import student_day_bounds

# The forgetting curve of fsrs's default parameters (what the service schedules with); desired retention
# changes when a card is due, not how fast it is forgotten.
_FORGETTING = Scheduler()

MASTERY_WINDOW = 3
MASTERY_MIN_CORRECT = 2
MASTERY_MIN_RETRIEVABILITY = 0.9
LEARNED_STATE = CardState.State.REVIEW

MASTERED, IN_PROGRESS, NOT_STARTED = "mastered", "in_progress", "not_started"


def retrievability(*, stability: float | None, last_review: dt.datetime | None, now: dt.datetime) -> float:
    """FSRS retrievability from a card's stored row, computed by fsrs itself (whole elapsed days)."""
    if stability is None or last_review is None or stability <= 0:
        return 0.0
    card = Card(card_id=1, stability=stability, last_review=last_review)  # an id: Card() would sleep to draw one
    return float(_FORGETTING.get_card_retrievability(card, now))


def mastery_state(*, recent_correct: list[bool], has_card: bool, card_retrievability: float | None) -> str:
    """The mastery rule (see the module docstring). `recent_correct`: the last graded answers, newest first."""
    window = recent_correct[:MASTERY_WINDOW]
    card_ok = not has_card or (card_retrievability or 0.0) >= MASTERY_MIN_RETRIEVABILITY
    if sum(window) >= MASTERY_MIN_CORRECT and card_ok:
        return MASTERED
    if window or card_retrievability is not None:
        return IN_PROGRESS
    return NOT_STARTED


# --- Mastery (one student or a whole class) ----------------------------------------------------------


@dataclass
class MasteryCell:
    state: str
    answered: int  # graded answers counted (at most MASTERY_WINDOW)
    correct: int
    retrievability: float | None  # None: no card for the difference, or never reviewed


def difference_label(*, aspect: str, source: str) -> str:
    """A short name for a difference in charts: the part of its aspect question after the shared lead-in
    ("... khác nhau thế nào ở điểm: dữ liệu được lưu trữ ..." -> "Dữ liệu được lưu trữ ..."), else the bullet."""
    label = (aspect.rsplit(": ", 1)[-1] if ": " in aspect else aspect).strip() or source.strip()
    label = label.rstrip(" .…?") if label.endswith(("…", "...")) else label
    return label[:1].upper() + label[1:]


def differences_for(document_ids) -> list[dict]:
    """Differences of these documents with whether each has a difference flashcard, and a label. 1 query."""
    has_card = Exists(Flashcard.objects.filter(difference=OuterRef("pk"), kind=Flashcard.Kind.DIFFERENCE))
    rows = list(
        Difference.objects.filter(document_id__in=document_ids)
        .annotate(has_card=has_card)
        .order_by("document_id", "position", "id")
        .values("id", "document_id", "key", "aspect", "source", "position", "has_card")
    )
    for row in rows:
        row["label"] = difference_label(aspect=row["aspect"], source=row["source"])
    return rows


def _recent_answers(students, difference_ids) -> dict[tuple[int, int], list[bool]]:
    """{(student, difference): correct flags of the last MASTERY_WINDOW answers, newest first}, graded quiz
    answers and Learn answers merged. 1 query: both sources in one UNION ALL, ranked per pair in SQL."""
    graded = (
        Answer.objects.filter(
            attempt__student_id__in=students,
            attempt__submitted_at__isnull=False,
            question__difference_id__in=difference_ids,
        )
        .order_by()
        .annotate(s=F("attempt__student_id"), d=F("question__difference_id"), at=F("answered_at"), ok=F("correct"))
        .values_list("s", "d", "at", "id", "ok")
    )
    practice = (
        LearnAnswer.objects.filter(student_id__in=students, difference_id__in=difference_ids)
        .order_by()
        .annotate(s=F("student_id"), d=F("difference_id"), at=F("answered_at"), ok=F("correct"))
        .values_list("s", "d", "at", "id", "ok")
    )
    graded_sql, graded_params = graded.query.sql_with_params()
    practice_sql, practice_params = practice.query.sql_with_params()
    # The ORM cannot rank over a UNION; both halves are its own SQL, only the ranking is written here.
    # The interpolated parts are the ORM's own SQL (values go in params), so nothing user-given is formatted in.
    sql = (
        "SELECT s, d, ok FROM (SELECT u.s, u.d, u.ok, ROW_NUMBER() OVER "  # noqa: S608
        "(PARTITION BY u.s, u.d ORDER BY u.at DESC, u.id DESC) AS rk "
        f"FROM ({graded_sql} UNION ALL {practice_sql}) u) ranked WHERE rk <= %s ORDER BY s, d, rk"
    )
    recent: dict[tuple[int, int], list[bool]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*graded_params, *practice_params, MASTERY_WINDOW])
        for student_id, difference_id, correct in cursor.fetchall():
            recent[(student_id, difference_id)].append(bool(correct))
    return recent


def mastery_cells(
    *, students, differences: list[dict], now: dt.datetime | None = None, card_rows: list[tuple] | None = None
) -> dict:
    """{(student_id, difference_id): MasteryCell} for every student and difference given. 2 queries.

    `students`: a list of student ids. Cells are filled for every pair. `card_rows`, when the caller
    already read them: (student_id, difference_id, stability, last_review) of difference cards (1 query less).
    """
    now = now or timezone.now()
    difference_ids = [d["id"] for d in differences]
    recent: dict[tuple[int, int], list[bool]] = defaultdict(list)
    card_r: dict[tuple[int, int], float] = {}
    if difference_ids and students:
        recent = _recent_answers(students, difference_ids)
        if card_rows is None:
            card_rows = CardState.objects.filter(
                student_id__in=students,
                card__kind=Flashcard.Kind.DIFFERENCE,
                card__difference_id__in=difference_ids,
            ).values_list("student_id", "card__difference_id", "stability", "last_review")
        wanted = set(difference_ids)
        for student_id, difference_id, stability, last_review in card_rows:
            if difference_id not in wanted:
                continue
            if last_review is None:
                continue
            r = retrievability(stability=stability, last_review=last_review, now=now)
            key = (student_id, difference_id)
            # Several cards on one difference: the weakest one decides.
            card_r[key] = min(card_r.get(key, 1.0), r)
    cells = {}
    for student_id in students:
        for difference in differences:
            key = (student_id, difference["id"])
            window = recent.get(key, [])
            r = card_r.get(key)
            cells[key] = MasteryCell(
                state=mastery_state(recent_correct=window, has_card=difference["has_card"], card_retrievability=r),
                answered=len(window),
                correct=sum(window),
                retrievability=None if r is None else round(r, 3),
            )
    return cells


# --- One student's progress ---------------------------------------------------------------------------


@dataclass
class DocumentProgress:
    id: int
    slug: str
    title: str
    language: str
    lessons_total: int = 0
    lessons_read: int = 0
    cards_total: int = 0
    cards_seen: int = 0
    cards_due: int = 0
    cards_learned: int = 0
    retrievability_sum: float = 0.0
    differences: list[dict] = field(default_factory=list)

    @property
    def avg_retrievability(self) -> float | None:
        return round(self.retrievability_sum / self.cards_seen, 3) if self.cards_seen else None

    @property
    def differences_mastered(self) -> int:
        return sum(1 for d in self.differences if d["state"] == MASTERED)

    def _fraction(self, done: int, total: int) -> float | None:
        return done / total if total else None

    @property
    def percent(self) -> int:
        """Overall bar: the mean of lessons read, cards learned and differences mastered (those that exist)."""
        parts = [
            self._fraction(self.lessons_read, self.lessons_total),
            self._fraction(self.cards_learned, self.cards_total),
            self._fraction(self.differences_mastered, len(self.differences)),
        ]
        parts = [p for p in parts if p is not None]
        return percent(sum(parts), len(parts), digits=None) or 0


def documents_progress(*, student: User, now: dt.datetime | None = None) -> list[DocumentProgress]:
    """Per document the student may open: lessons read, cards (due, learned, retrievability), mastery. 5 queries."""
    now = now or timezone.now()
    lesson_count = Lesson.objects.filter(document=OuterRef("pk")).values("document").annotate(n=Count("id"))
    card_count = Flashcard.objects.filter(document=OuterRef("pk")).values("document").annotate(n=Count("id"))
    documents = {
        d.id: DocumentProgress(
            id=d.id,
            slug=d.slug,
            title=d.title,
            language=d.language,
            lessons_total=d.lessons_total or 0,
            cards_total=d.cards_total or 0,
        )
        for d in documents_visible_to(student)
        .annotate(
            lessons_total=Subquery(lesson_count.values("n")[:1]),
            cards_total=Subquery(card_count.values("n")[:1]),
        )
        .only("id", "slug", "title", "language")
    }
    reads = (
        LessonRead.objects.filter(student=student, lesson__document_id__in=documents, lesson__retired_at__isnull=True)
        .values("lesson__document_id")
        .annotate(n=Count("id"))
    )
    for row in reads:
        documents[row["lesson__document_id"]].lessons_read = row["n"]
    states = CardState.objects.filter(
        student=student, card__document_id__in=documents, card__retired_at__isnull=True
    ).values_list("card__document_id", "state", "stability", "last_review", "due", "card__kind", "card__difference_id")
    _day_start, day_end = student_day_bounds(student, now)  # "due" means due by the end of the student's day
    difference_card_rows = []
    for document_id, state, stability, last_review, due, kind, difference_id in states:
        progress = documents[document_id]
        if last_review is None:
            continue
        if kind == Flashcard.Kind.DIFFERENCE and difference_id is not None:
            difference_card_rows.append((student.pk, difference_id, stability, last_review))
        progress.cards_seen += 1
        progress.retrievability_sum += retrievability(stability=stability, last_review=last_review, now=now)
        progress.cards_due += due < day_end
        progress.cards_learned += state == LEARNED_STATE
    differences = differences_for(list(documents))
    cells = mastery_cells(students=[student.pk], differences=differences, now=now, card_rows=difference_card_rows)
    for difference in differences:
        cell = cells[(student.pk, difference["id"])]
        documents[difference["document_id"]].differences.append(
            {
                "id": difference["id"],
                "key": difference["key"],
                "label": difference["label"],
                "source": difference["source"],
                "state": cell.state,
                "answered": cell.answered,
                "correct": cell.correct,
                "retrievability": cell.retrievability,
                "has_card": difference["has_card"],
            }
        )
    return list(documents.values())


def quiz_progress(*, student: User) -> list[dict]:
    """Per quiz the student submitted: attempts, best and last score in percent. 1 query."""
    pct = Cast(F("score"), FloatField()) * 100.0 / NullIf(F("max_score"), 0.0)
    submitted = Attempt.objects.filter(student=student, submitted_at__isnull=False)
    last = submitted.filter(quiz=OuterRef("quiz")).order_by("-submitted_at", "-id").annotate(p=pct).values("p")[:1]
    rows = (
        submitted.values("quiz_id", "quiz__title", "quiz__document_id")
        .annotate(attempts=Count("id"), best=Max(pct), last_at=Max("submitted_at"), last=Subquery(last))
        .order_by("quiz__document_id", "quiz_id")
    )
    return [
        {
            "quiz": r["quiz_id"],
            "title": r["quiz__title"],
            "document": r["quiz__document_id"],
            "attempts": r["attempts"],
            "best_percent": None if r["best"] is None else round(r["best"], 1),
            "last_percent": None if r["last"] is None else round(r["last"], 1),
            "last_submitted_at": r["last_at"],
        }
        for r in rows
    ]


def exercise_progress(*, student: User) -> list[dict]:
    """Simulation exercises the student completed, with latest and best grade. 1 query."""
    return [
        {
            "exercise": r.exercise_id,
            "title": r.title,
            "document": r.document_id,
            "attempts": r.attempts,
            "last_percent": percent(r.score, r.max_score),
            "best_percent": percent(r.best_score, r.max_score),
            "completed_at": r.completed_at,
        }
        for r in ExerciseResult.objects.filter(student=student).order_by("-completed_at")
    ]


def study_streak(*, student: User, now: dt.datetime | None = None) -> dict:
    """Days in a row with study, ending today or yesterday (the student's own day). 1 query."""
    now = now or timezone.now()
    today = now.astimezone(student.zone).date()
    days = set(
        StudyDay.objects.filter(student=student, day__gte=today - dt.timedelta(days=400), day__lte=today).values_list(
            "day", flat=True
        )
    )
    day = today if today in days else today - dt.timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= dt.timedelta(days=1)
    return {
        "days": streak,
        "studied_today": today in days,
        "last_30_days": sum(1 for d in days if (today - d).days < 30),
    }


def student_progress(*, student: User, now: dt.datetime | None = None) -> dict:
    """Everything progress/me shows. 8 queries, whatever the amount of work done."""
    now = now or timezone.now()
    documents = documents_progress(student=student, now=now)
    return {
        "documents": documents,
        "quizzes": quiz_progress(student=student),
        "exercises": exercise_progress(student=student),
        "streak": study_streak(student=student, now=now),
        "cards_due": sum(d.cards_due for d in documents),
    }
