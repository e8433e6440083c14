"""Reads of the simulator: access checks (missing and forbidden are the same 404), lists, kinds."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import get_language

from learning.models import Lesson, User
from simulator.engine import KINDS
from simulator.models import Exercise, ExerciseSubmission, SimulationRun


def localized(texts: dict[str, str] | str | None) -> str:
    """Pick the current language's text from {"vi": ..., "en": ...}."""
    if not isinstance(texts, dict):
        return texts or ""
    lang = (get_language() or "vi")[:2]
    return texts.get(lang) or texts.get("en") or texts.get("vi") or ""


def _visible_owner_q(user: User, field: str) -> Q:
    """The user's own rows, and for a teacher, the rows of students in the classes they teach."""
    q = Q(**{field: user})
    if user.is_teacher:
        q |= Q(**{f"{field}__memberships__classroom__teacher": user})
    return q


def runs_visible_to(user: User) -> QuerySet[SimulationRun]:
    return SimulationRun.objects.filter(_visible_owner_q(user, "owner")).distinct()


def runs_of_owner(user: User) -> QuerySet[SimulationRun]:
    return SimulationRun.objects.filter(owner=user).defer("charts")


def access_run_by_id(user: User, run_id: Any) -> SimulationRun:
    try:
        run_id = int(run_id)
    except (TypeError, ValueError):
        raise Http404
    run = runs_visible_to(user).filter(pk=run_id).first()
    if run is None:
        raise Http404
    return run


def runs_for_compare(user: User, raw_ids: str) -> list[SimulationRun]:
    ids = []
    for part in (raw_ids or "").split(","):
        if part.strip().isdigit() and int(part) not in ids:
            ids.append(int(part))
    runs = {r.pk: r for r in runs_visible_to(user).filter(pk__in=ids[:4])}
    return [runs[i] for i in ids[:4] if i in runs]


def exercises_published() -> QuerySet[Exercise]:
    return Exercise.objects.filter(published=True).select_related("document")


def access_exercise_by_id(user: User, exercise_id: Any) -> Exercise:
    try:
        return exercises_published().get(pk=int(exercise_id))
    except (TypeError, ValueError, Exercise.DoesNotExist):
        raise Http404


def access_submission_by_id(user: User, submission_id: Any) -> ExerciseSubmission:
    try:
        submission_id = int(submission_id)
    except (TypeError, ValueError):
        raise Http404
    submission = (
        ExerciseSubmission.objects.filter(_visible_owner_q(user, "student"))
        .select_related("exercise", "run")
        .filter(pk=submission_id)
        .distinct()
        .first()
    )
    if submission is None:
        raise Http404
    return submission


def submissions_of(user: User, exercise: Exercise) -> QuerySet[ExerciseSubmission]:
    return ExerciseSubmission.objects.filter(student=user, exercise=exercise).select_related("run")


def exercises_for_lesson(lesson: Lesson) -> list[Exercise]:
    """Exercises demonstrating a difference of this lesson (or tied to the lesson itself)."""
    keys = set(lesson.differences.values_list("key", flat=True))
    candidates = exercises_published().filter(Q(lesson=lesson) | Q(document_id=lesson.document_id))
    return [e for e in candidates if e.lesson_id == lesson.pk or keys.intersection(e.difference_keys or [])]


def kinds_list() -> list[dict[str, Any]]:
    return [
        {
            "kind": kind.kind,
            "title": kind.title,
            "description": kind.description,
            "params": [p.as_dict() for p in kind.params],
        }
        for kind in KINDS.values()
    ]


def public_question(question: dict[str, Any]) -> dict[str, Any]:
    """A question as the student sees it before grading: no answer spec."""
    out = {
        "key": question["key"],
        "type": question["type"],
        "prompt": localized(question.get("prompt")),
        "unit": question.get("unit", ""),
    }
    if question["type"] == "number":
        out["tolerance"] = question.get("tolerance", 0.05)
    else:
        out["choices"] = [{"id": c["id"], "text": localized(c.get("text"))} for c in question.get("choices", [])]
    return out
