"""Who reaches which run, exercise or submission of the simulator; missing and forbidden are the same 404.

A run or submission is its owner's, and a teacher also sees those of the students in the classes they teach.
Published exercises are open to everyone signed in. An id that is not a number (or out of range) is a 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from learning.ids import id_parse
from learning.models import User
from simulator.models import Exercise, ExerciseSubmission, SimulationRun


def _visible_owner_q(user: User, field: str) -> Q:
    """The user's own rows, and for a teacher, the rows of students in the classes they teach."""
    q = Q(**{field: user})
    if user.is_teacher:
        q |= Q(**{f"{field}__memberships__classroom__teacher": user})
    return q


def runs_visible_to(user: User) -> QuerySet[SimulationRun]:
    if not user.is_teacher:  # a student's own runs: no join, so nothing to de-duplicate
        return SimulationRun.objects.filter(owner=user)
    return SimulationRun.objects.filter(_visible_owner_q(user, "owner")).distinct()


def access_run_by_id(user: User, run_id: Any) -> SimulationRun:
    """The run with its exercise submission, if any (read with it: the API shows a run's result only once the
    submission's explanations are in)."""
    run_id = id_parse(run_id)
    if run_id is None:
        raise Http404
    run = runs_visible_to(user).select_related("submission").filter(pk=run_id).first()
    if run is None:
        raise Http404
    return run


def exercises_published() -> QuerySet[Exercise]:
    return Exercise.objects.filter(published=True).select_related("document")


def access_exercise_by_id(user: User, exercise_id: Any) -> Exercise:
    exercise_id = id_parse(exercise_id)
    exercise = exercises_published().filter(pk=exercise_id).first() if exercise_id is not None else None
    if exercise is None:
        raise Http404
    return exercise


def access_submission_by_id(user: User, submission_id: Any) -> ExerciseSubmission:
    submission_id = id_parse(submission_id)
    if submission_id is None:
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
