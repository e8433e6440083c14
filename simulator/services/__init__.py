"""Writes of the simulator: runs and exercises."""

from .exercises import submission_answer, submission_grade, submission_start
from .runs import (
    run_cancel,
    run_claim,
    run_create,
    run_dispatch,
    run_execute,
    run_params_clean,
    runs_redispatch_stale,
)

__all__ = [
    "run_cancel",
    "run_claim",
    "run_create",
    "run_dispatch",
    "run_execute",
    "run_params_clean",
    "runs_redispatch_stale",
    "submission_answer",
    "submission_grade",
    "submission_start",
]
