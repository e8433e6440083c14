"""Writes on exercises: start a submission (predict + run), answer it (explain), grade it exactly once."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from learning.models import User
from learning.services.grades import grade_report
from learning.services.progress import exercise_result_record
from simulator import grading
from simulator.models import Exercise, ExerciseSubmission, SimulationRun

log = logging.getLogger(__name__)


class AlreadyAnswered(Exception):
    """The explanations of this submission were already sent (a submission is graded once)."""


def exercise_max_score(exercise: Exercise) -> float:
    return float(len(exercise.predictions) + len(exercise.questions))


def submission_start(*, student: User, exercise: Exercise, predictions: Any, answers: Any = None) -> ExerciseSubmission:
    """Record the predictions and start the exercise's run. Answers may come now (API) or after the run (web)."""
    from simulator.services.runs import run_create

    clean_predictions, errors = grading.clean_answers(exercise.predictions, predictions, field="predictions")
    clean_answers = None
    if answers is not None:
        clean_answers, answer_errors = grading.clean_answers(exercise.questions, answers, field="answers")
        errors.update(answer_errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        run = run_create(owner=student, kind=exercise.kind, params=exercise.params, seed=exercise.seed)
        submission = ExerciseSubmission.objects.create(
            student=student,
            exercise=exercise,
            run=run,
            predictions=clean_predictions,
            answers=clean_answers,
            answered_at=timezone.now() if clean_answers is not None else None,
        )
        grade_report(
            student=student,
            target_type="exercise",
            target_id=exercise.pk,
            score=None,
            max_score=exercise_max_score(exercise),
            pending=True,
        )
    return submission


def submission_answer(*, submission: ExerciseSubmission, answers: Any) -> ExerciseSubmission:
    """Store the explanations once; grade now if the run is done (else the worker grades when it finishes)."""
    with transaction.atomic():
        submission = ExerciseSubmission.objects.select_for_update().select_related("exercise").get(pk=submission.pk)
        if submission.answers is not None:
            raise AlreadyAnswered()
        clean, errors = grading.clean_answers(submission.exercise.questions, answers, field="answers")
        if errors:
            raise ValidationError(errors)
        submission.answers = clean
        submission.answered_at = timezone.now()
        submission.save(update_fields=["answers", "answered_at"])
    submission_grade(run_id=submission.run_id)
    submission.refresh_from_db()
    return submission


def submission_grade(*, run_id: int) -> ExerciseSubmission | None:
    """Grade the submission of a finished run, exactly once; a failed run leaves nothing to grade against."""
    with transaction.atomic():
        submission = (
            ExerciseSubmission.objects.select_for_update()
            .select_related("exercise", "run", "student")
            .filter(run_id=run_id)
            .first()
        )
        if submission is None or submission.status != ExerciseSubmission.Status.RUNNING:
            return submission
        run, exercise = submission.run, submission.exercise
        if run.status in (SimulationRun.Status.FAILED, SimulationRun.Status.CANCELLED):
            submission.status = ExerciseSubmission.Status.FAILED
            submission.save(update_fields=["status"])
            return submission
        if run.status != SimulationRun.Status.SUCCEEDED or submission.answers is None:
            return submission
        try:
            rows = grading.grade(
                exercise.predictions, exercise.questions, submission.predictions, submission.answers, run.result or {}
            )
        except (grading.AnswerKeyError, KeyError) as exc:
            log.error("exercise %s cannot be graded against run %s: %s", exercise.pk, run_id, exc)
            submission.status = ExerciseSubmission.Status.FAILED
            submission.save(update_fields=["status"])
            return submission
        submission.results = rows
        submission.score = float(sum(1 for r in rows if r["correct"]))
        submission.max_score = float(len(rows))
        submission.status = ExerciseSubmission.Status.GRADED
        submission.graded_at = timezone.now()
        submission.save(update_fields=["results", "score", "max_score", "status", "graded_at"])
        title = exercise.title.get("vi") or exercise.title.get("en") or exercise.slug
        exercise_result_record(
            student=submission.student,
            exercise_id=exercise.pk,
            title=title,
            score=submission.score,
            max_score=submission.max_score,
            document_id=exercise.document_id,
            difference_keys=list(exercise.difference_keys),
            when=submission.graded_at,
        )
        grade_report(
            student=submission.student,
            target_type="exercise",
            target_id=exercise.pk,
            score=submission.score,
            max_score=submission.max_score,
            pending=False,
        )
    return submission
