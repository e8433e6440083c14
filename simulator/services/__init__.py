"""Writes of the simulator: runs and exercises."""

from .exercises import attempt_draw, attempts_used, submission_answer, submission_grade, submission_start
from .runs import (
    run_cancel,
    run_claim,
    run_create,
    run_dispatch,
    run_execute,
    run_params_clean,
    runs_dispatch_for_owner,
    runs_redispatch_stale,
)

__all__ = [
    "attempt_draw",
    "attempts_used",
    "run_cancel",
    "run_claim",
    "run_create",
    "run_dispatch",
    "run_execute",
    "run_params_clean",
    "runs_dispatch_for_owner",
    "runs_redispatch_stale",
    "submission_answer",
    "submission_grade",
    "submission_start",
]
