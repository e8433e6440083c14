"""Reads of the simulator: lists, progress, targets, kinds. Who reaches which run, exercise or submission is
simulator.access."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from learning.ids import ids_parse
from learning.models import Difference, Lesson, User
from learning.services.targets import Target
from simulator.access import exercises_published, runs_visible_to
from simulator.engine import KINDS
from simulator.models import Exercise, ExerciseSubmission, SimulationRun
from simulator.texts import exercise_text, unit_label


def runs_of_owner(user: User) -> QuerySet[SimulationRun]:
    return SimulationRun.objects.filter(owner=user).defer("charts")


def runs_for_compare(user: User, raw_ids: str) -> list[SimulationRun]:
    ids = ids_parse(raw_ids, limit=4)  # a huge or odd id is skipped, never a database error
    runs = {r.pk: r for r in runs_visible_to(user).filter(pk__in=ids[:4])}
    return [runs[i] for i in ids[:4] if i in runs]


def exercises_with_progress(user: User) -> QuerySet[Exercise]:
    """Published exercises with the user's own attempts, best score and whether one is still going. 1 query."""
    mine = Q(submissions__student=user)
    return (
        exercises_published()
        .order_by("position", "id")
        .annotate(
            my_attempts=Count("submissions", filter=mine & ~Q(submissions__status=ExerciseSubmission.Status.FAILED)),
            my_best=Max("submissions__score", filter=mine & Q(submissions__status=ExerciseSubmission.Status.GRADED)),
            my_max=Max("submissions__max_score", filter=mine & Q(submissions__status=ExerciseSubmission.Status.GRADED)),
            my_pending=Count("submissions", filter=mine & Q(submissions__status=ExerciseSubmission.Status.RUNNING)),
        )
    )


def exercise_progress_status(exercise: Exercise) -> str:
    """ "graded", "in_progress" or "not_started" from the annotations of exercises_with_progress."""
    if getattr(exercise, "my_best", None) is not None:
        return "graded"
    return "in_progress" if getattr(exercise, "my_pending", 0) else "not_started"


def exercise_next_attempt(user: User, exercise: Exercise) -> dict[str, Any]:
    """The attempt the student would start now: its number and parameters, and how many are left."""
    from simulator.services.exercises import attempt_draw, attempts_used

    started, counted = attempts_used(exercise=exercise, student_id=user.pk)
    allowed = exercise.attempts_allowed or None
    number = started + 1
    params, _seed = attempt_draw(exercise=exercise, student_id=user.pk, number=number)
    return {
        "number": number,
        "params": params,
        "attempts_allowed": allowed,
        "attempts_used": counted,
        "remaining": None if allowed is None else max(0, allowed - counted),
        "can_start": allowed is None or counted < allowed,
    }


def run_withheld(run: SimulationRun) -> bool:
    """A run of an exercise whose explanations are not in yet: only its observations may be shown."""
    return ExerciseSubmission.objects.filter(run_id=run.pk, answers__isnull=True).exists()


def run_observations(exercise: Exercise, result: dict[str, Any] | None) -> list[dict[str, Any]]:
    """What the exercise lets the student read from the run before explaining: [{"key", "label", "value", "unit"}]."""
    from simulator import grading

    rows = []
    for item in exercise.observations or []:
        try:
            value = grading.lookup(result or {}, item["path"])
        except grading.AnswerKeyError:
            continue
        if isinstance(value, (dict, list)):
            continue
        rows.append(
            {
                "key": item["path"],
                "label": exercise_text(item.get("label")),
                "value": value,
                "unit": unit_label(item.get("unit", "")),
            }
        )
    return rows


def submissions_of(user: User, exercise: Exercise) -> QuerySet[ExerciseSubmission]:
    return ExerciseSubmission.objects.filter(student=user, exercise=exercise).select_related("run")


def exercises_for_lesson(lesson: Lesson) -> list[Exercise]:
    """Exercises demonstrating a difference of this lesson (or tied to the lesson itself)."""
    keys = set(lesson.differences.values_list("key", flat=True))
    candidates = exercises_published().filter(Q(lesson=lesson) | Q(document_id=lesson.document_id))
    return [e for e in candidates if e.lesson_id == lesson.pk or keys.intersection(e.difference_keys or [])]


def _exercise_targets(exercises: list[Exercise]) -> list[Target]:
    """Exercises as linkable targets: title, URL, and what a teacher picks by (the simulation, the difference)."""
    keys = {key for e in exercises for key in (e.difference_keys or [])}
    documents = {e.document_id for e in exercises if e.document_id}
    texts = {
        (document_id, key): source
        for document_id, key, source in Difference.objects.filter(document_id__in=documents, key__in=keys)
        .values_list("document_id", "key", "source")
        .order_by()
    }
    targets = []
    for e in exercises:
        kind = KINDS.get(e.kind)
        shown = [texts[(e.document_id, k)] for k in e.difference_keys or [] if (e.document_id, k) in texts]
        detail = _(kind.title) if kind else e.kind
        if shown:
            detail += " · " + "; ".join(Truncator(text).chars(90) for text in shown[:2])
        url = reverse("simulator:exercise", args=[e.pk])
        title = exercise_text(e.title) or e.slug
        targets.append(Target("exercise", e.pk, title, url, e.document_id, True, e.lesson_id, detail))
    return targets


def exercise_target(exercise_id: int) -> Target | None:
    exercise = Exercise.objects.filter(pk=exercise_id).first()
    return _exercise_targets([exercise])[0] if exercise else None


def exercise_targets() -> list[Target]:
    return _exercise_targets(list(exercises_published().order_by("position", "id")))


def exercise_targets_for_lesson(lesson: Lesson) -> list[Target]:
    return _exercise_targets(exercises_for_lesson(lesson))


def exercise_targets_by_difference(document_ids: list[int]) -> dict[str, list[Target]]:
    """{difference key: the published exercises that show it} for these documents."""
    exercises = list(exercises_published().filter(document_id__in=document_ids).order_by("position", "id"))
    targets = {t.id: t for t in _exercise_targets(exercises)}
    by_key: dict[str, list[Target]] = {}
    for exercise in exercises:
        for key in exercise.difference_keys or []:
            by_key.setdefault(key, []).append(targets[exercise.pk])
    return by_key


def kinds_list() -> list[dict[str, Any]]:
    """Every kind with its parameters and texts in the reader's language (see presenters.kinds_list)."""
    from simulator.presenters import kinds_list

    return kinds_list()


def public_question(question: dict[str, Any]) -> dict[str, Any]:
    """A question as the student sees it before grading: no answer spec."""
    out = {
        "key": question["key"],
        "type": question["type"],
        "prompt": exercise_text(question.get("prompt")),
        "unit": unit_label(question.get("unit", "")),
    }
    if question["type"] == "number":
        out["tolerance"] = question.get("tolerance", 0.05)
    else:
        out["choices"] = [{"id": c["id"], "text": exercise_text(c.get("text"))} for c in question.get("choices", [])]
    return out


def submission_results(submission: ExerciseSubmission) -> list[dict[str, Any]]:
    """The graded rows, each with its explanation worked out from this run, in the reader's language."""
    from simulator.explanations import explain

    exercise, run = submission.exercise, submission.run
    specs = {q["key"]: q for q in exercise.predictions + exercise.questions}
    return [
        {**row, "explanation": explain(specs.get(row["key"], {}), run.params, run.result or {})}
        for row in submission.results
    ]
