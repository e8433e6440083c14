"""Writes on exercises: start a submission (predict + run), answer it (explain), grade it exactly once."""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import random
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learning.models import User
from learning.services.grades import grade_report
from learning.services.progress import exercise_result_record
from simulator import grading
from simulator.engine import KINDS, validate_params
from simulator.explanations import grading_data
from simulator.models import Exercise, ExerciseSubmission, SimulationRun
from simulator.texts import engine_message

log = logging.getLogger(__name__)
MAX_SEED = 2**31 - 1


class AlreadyAnswered(Exception):
    """The explanations of this submission were already sent (a submission is graded once)."""


class ExerciseConflict(Exception):
    """The request is well formed but the exercise's state refuses it (HTTP 409); the message says why."""


class AttemptLimitReached(ExerciseConflict):
    pass


class StaleAttempt(ExerciseConflict):
    """The predictions were made on the parameters of an attempt that is already used (an old page or tab)."""


def attempt_draw(*, exercise: Exercise, student_id: int, number: int) -> tuple[dict[str, Any], int]:
    """(params, seed) of a student's attempt `number`: drawn within the exercise's ranges, its own every attempt.

    Deterministic (a keyed hash of exercise, student and number), so the page that shows the parameters and the
    post that starts the run agree without storing anything on a GET, and no attempt repeats another's run.
    """
    key = f"exercise-attempt:{exercise.pk}:{exercise.seed}:{student_id}:{number}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), key, hashlib.sha256).digest()
    seed = int.from_bytes(digest[:8], "big") % MAX_SEED
    rng = random.Random(seed)
    drawn = dict(exercise.params or {})
    for name in sorted(exercise.param_ranges or {}):
        drawn[name] = _draw_one(exercise.param_ranges[name], rng, drawn.get(name))
    kind = KINDS.get(exercise.kind)
    if kind is None:
        return drawn, seed
    clean, errors = validate_params(kind, drawn)
    if errors:  # a range reaching past the engine's bounds: fall back to the exercise's own values, new seed
        log.error("exercise %s draws invalid params %s: %s", exercise.pk, drawn, errors)
        clean, _errors = validate_params(kind, exercise.params or {})
    return clean, seed


def _draw_one(spec: Any, rng: random.Random, default: Any) -> Any:
    if isinstance(spec, list) and spec:
        return rng.choice(spec)
    if not isinstance(spec, dict) or "min" not in spec or "max" not in spec:
        return default
    lo, hi = float(spec["min"]), float(spec["max"])
    if spec.get("log") and lo > 0:
        value = 10 ** rng.uniform(math.log10(lo), math.log10(hi))
        digits = int(spec.get("digits", 2))
        return float(f"{value:.{digits}g}")
    step = float(spec.get("step") or 0)
    if step > 0:
        value = lo + step * rng.randint(0, int((hi - lo) // step))
    else:
        value = rng.uniform(lo, hi)
    return int(round(value)) if spec.get("int") or (step and float(step).is_integer() and lo.is_integer()) else value


def attempts_used(*, exercise: Exercise, student_id: int) -> tuple[int, int]:
    """(attempts started, attempts that count against the limit: a run that failed costs the student nothing)."""
    rows = list(
        ExerciseSubmission.objects.filter(exercise=exercise, student_id=student_id).values_list("status", "attempt")
    )
    started = max((attempt for _status, attempt in rows), default=0)
    counted = sum(1 for status, _attempt in rows if status != ExerciseSubmission.Status.FAILED)
    return started, counted


def exercise_max_score(exercise: Exercise) -> float:
    return float(len(exercise.predictions) + len(exercise.questions))


def _translated(errors: dict[str, list]) -> dict[str, list[str]]:
    """grading's messages (English msgids) in the reader's language."""
    return {name: [engine_message(m) for m in messages] for name, messages in errors.items()}


def submission_start(
    *, student: User, exercise: Exercise, predictions: Any, answers: Any = None, attempt: Any = None
) -> ExerciseSubmission:
    """Record the predictions and start this attempt's run, on parameters drawn for this attempt only.

    `attempt` is the number the student's page showed parameters for (None: the next one). Answers may come now
    (API) or after the run (web). Raises AttemptLimitReached, StaleAttempt, RunLimitReached, ValidationError.
    """
    from simulator.services.runs import run_create

    clean_predictions, errors = grading.clean_answers(exercise.predictions, predictions, field="predictions")
    clean_answers = None
    if answers is not None:
        clean_answers, answer_errors = grading.clean_answers(exercise.questions, answers, field="answers")
        errors.update(answer_errors)
    if attempt is not None and (isinstance(attempt, bool) or not isinstance(attempt, int) or not 1 <= attempt <= 1000):
        errors["attempt"] = [_("must be a whole number between 1 and 1000")]
    if errors:
        raise ValidationError(_translated(errors))
    try:
        with transaction.atomic():
            started, counted = attempts_used(exercise=exercise, student_id=student.pk)
            if exercise.attempts_allowed and counted >= exercise.attempts_allowed:
                raise AttemptLimitReached(
                    _("You have used all %(n)d attempts this exercise allows.") % {"n": exercise.attempts_allowed}
                )
            number = started + 1
            if attempt is not None and attempt != number:
                raise StaleAttempt(
                    _(
                        "Your predictions were for the parameters of attempt %(old)d, which is already used. "
                        "Attempt %(new)d has new parameters: look at them and predict again."
                    )
                    % {"old": attempt, "new": number}
                )
            params, seed = attempt_draw(exercise=exercise, student_id=student.pk, number=number)
            run = run_create(owner=student, kind=exercise.kind, params=params, seed=seed)
            submission = ExerciseSubmission.objects.create(
                student=student,
                exercise=exercise,
                run=run,
                attempt=number,
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
    except IntegrityError:  # the same attempt started twice at once (two tabs): the other one won
        raise StaleAttempt(_("This attempt was just started from another page; open the exercise again."))
    return submission


def submission_answer(*, submission: ExerciseSubmission, answers: Any) -> ExerciseSubmission:
    """Store the explanations once; grade now if the run is done (else the worker grades when it finishes)."""
    with transaction.atomic():
        submission = ExerciseSubmission.objects.select_for_update().select_related("exercise").get(pk=submission.pk)
        if submission.answers is not None:
            raise AlreadyAnswered()
        clean, errors = grading.clean_answers(submission.exercise.questions, answers, field="answers")
        if errors:
            raise ValidationError(_translated(errors))
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
            data = grading_data(run.kind, run.params, run.result or {})
            rows = grading.grade(
                exercise.predictions, exercise.questions, submission.predictions, submission.answers, data
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
        # The stored text (a seed msgid is translated where the record is shown).
        title = exercise.title or exercise.slug
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
