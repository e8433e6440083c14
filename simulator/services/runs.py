"""Writes on simulation runs: create, dispatch, claim (idempotency guard), progress, finish, cancel, re-dispatch."""

from __future__ import annotations

import logging
import secrets
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from learning.models import User
from simulator.engine import KINDS, Cancelled, validate_params
from simulator.models import SimulationRun
from simulator.units import number

log = logging.getLogger(__name__)

Status = SimulationRun.Status
MAX_ATTEMPTS = 3
PROGRESS_EVERY_S = 0.25
MAX_SEED = 2**31 - 1


class _Deadline(Cancelled):
    """The run passed the soft time limit: stop cooperatively (also where the pool cannot send signals)."""


class RunLimitReached(Exception):
    """The user already has as many runs queued or running as fair use allows (answered as 429)."""

    def __init__(self, *, limit: int, retry_after: int):
        self.limit, self.retry_after = limit, retry_after
        super().__init__(
            ngettext(
                "You already have %(n)d simulation waiting or running. Wait for it to finish "
                "(about %(s)d seconds) or cancel it, then try again.",
                "You already have %(n)d simulations waiting or running. Wait for one to finish "
                "(about %(s)d seconds) or cancel one, then try again.",
                limit,
            )
            % {"n": limit, "s": retry_after}
        )


ACTIVE = (Status.QUEUED, Status.RUNNING)


def run_params_clean(*, kind: Any, params: Any) -> tuple[str, dict[str, Any]]:
    """Validate a kind name and its params against the engine's schema; ValidationError names each bad field."""
    if kind in (None, ""):
        raise ValidationError({"kind": [_("This field is required.")]})
    if not isinstance(kind, str) or kind not in KINDS:
        raise ValidationError(
            {"kind": [_("Unknown simulation kind; one of: %(kinds)s.") % {"kinds": ", ".join(sorted(KINDS))}]}
        )
    if params is None:
        raise ValidationError({"params": [_("This field is required.")]})
    clean, errors = validate_params(KINDS[kind], params)
    if errors:
        from simulator.texts import engine_message  # the engine's messages, in the reader's language

        raise ValidationError(
            {
                f"params.{name}" if name != "params" else name: [engine_message(m) for m in msgs]
                for name, msgs in errors.items()
            }
        )
    return kind, clean


def run_create(*, owner: User, kind: Any, params: Any, seed: Any = None) -> SimulationRun:
    """Save a queued run and hand it to the fair dispatcher once the transaction commits.

    A user has at most SIMULATION_MAX_ACTIVE_PER_USER runs queued or running (RunLimitReached beyond).
    """
    kind, clean = run_params_clean(kind=kind, params=params)
    if seed is None:
        seed = secrets.randbelow(MAX_SEED)
    elif isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ValidationError(
            {"seed": [_("The seed must be a whole number between 0 and %(max)s.") % {"max": number(MAX_SEED, 10)}]}
        )
    limit = settings.SIMULATION_MAX_ACTIVE_PER_USER
    with transaction.atomic():
        # The owner's row lock serialises this user's creates, so two posts at once cannot both pass the count.
        User.objects.select_for_update().filter(pk=owner.pk).exists()
        if SimulationRun.objects.filter(owner=owner, status__in=ACTIVE).count() >= limit:
            raise RunLimitReached(limit=limit, retry_after=_retry_after(owner))
        run = SimulationRun.objects.create(owner=owner, kind=kind, params=clean, seed=seed)
        owner_id = owner.pk
        transaction.on_commit(lambda: runs_dispatch_for_owner(owner_id=owner_id))
    return run


def _retry_after(owner: User) -> int:
    """Seconds until the user's oldest running run is likely done (bounded by the hard time limit)."""
    hard = settings.SIMULATION_HARD_TIME_LIMIT
    started = (
        SimulationRun.objects.filter(owner=owner, status=Status.RUNNING, started_at__isnull=False)
        .order_by("started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    if started is None:
        return 10
    elapsed = (timezone.now() - started).total_seconds()
    return int(min(max(settings.SIMULATION_SOFT_TIME_LIMIT - elapsed, 5), hard))


def runs_dispatch_for_owner(*, owner_id: int) -> int:
    """Fair dispatch: send the user's oldest held runs while fewer than SIMULATION_DISPATCHED_PER_USER are out.

    A run is "out" when it sits in the broker (queued, dispatched_at set) or runs. The rest wait in the database
    (queued, dispatched_at null) and go out as this user's earlier runs finish, so one student's burst occupies
    at most that many places in the broker's first-come queue and everyone else's runs pass between them.
    Returns how many were sent.
    """
    if not SimulationRun.objects.filter(owner_id=owner_id, status=Status.QUEUED, dispatched_at__isnull=True).exists():
        return 0  # nothing held (the usual case): no lock needed; a run held later is sent by its own create
    with transaction.atomic():
        # Two finishing runs of one user must not both see a free place: the owner's row lock orders them.
        User.objects.select_for_update().filter(pk=owner_id).exists()
        mine = SimulationRun.objects.filter(owner_id=owner_id)
        out = mine.filter(Q(status=Status.RUNNING) | Q(status=Status.QUEUED, dispatched_at__isnull=False)).count()
        free = settings.SIMULATION_DISPATCHED_PER_USER - out
        if free <= 0:
            return 0
        held = list(
            mine.filter(status=Status.QUEUED, dispatched_at__isnull=True)
            .order_by("created_at", "id")
            .values_list("pk", flat=True)[:free]
        )
        # Reserve them before sending: a concurrent dispatcher now counts them as out.
        SimulationRun.objects.filter(pk__in=held).update(dispatched_at=timezone.now())
    return sum(run_dispatch(run_id=run_id) for run_id in held)


def run_dispatch(*, run_id: int) -> bool:
    """Publish the task. A broker that is down leaves the run queued and held: the sweep or a worker re-sends it."""
    from simulator.tasks import simulation_run

    try:
        simulation_run.apply_async(args=[run_id], retry=False)
    except Exception as exc:  # kombu raises several types for "broker unreachable"; none may lose the run
        log.warning("simulation run %s not dispatched (broker unavailable?): %s", run_id, exc)
        SimulationRun.objects.filter(pk=run_id, status=Status.QUEUED).update(dispatched_at=None)
        return False
    SimulationRun.objects.filter(pk=run_id).update(dispatched_at=timezone.now())
    return True


def runs_redispatch_stale(*, on_startup: bool = False) -> int:
    """Re-send runs that were sent but never started, and runs whose worker died; release held runs fairly.

    Returns how many messages were sent.
    """
    now = timezone.now()
    hard = settings.SIMULATION_HARD_TIME_LIMIT
    wait = timedelta(seconds=10 if on_startup else hard + 30)
    not_picked = SimulationRun.objects.filter(status=Status.QUEUED, dispatched_at__lt=now - wait)
    ids = set(not_picked.values_list("pk", flat=True))
    # A run still "running" long after the hard time limit lost its worker (the filesystem broker never re-delivers).
    dead = SimulationRun.objects.filter(status=Status.RUNNING, started_at__lt=now - timedelta(seconds=hard + 60))
    for run_id in dead.values_list("pk", flat=True):
        if SimulationRun.objects.filter(pk=run_id, status=Status.RUNNING).update(status=Status.QUEUED):
            ids.add(run_id)
    sent = 0
    for run_id in sorted(ids):
        sent += run_dispatch(run_id=run_id)
    # Held runs (never sent: waiting their owner's turn, or accepted while the broker was down) go out per owner.
    owners = (
        SimulationRun.objects.filter(status=Status.QUEUED, dispatched_at__isnull=True)
        .values_list("owner_id", flat=True)
        .distinct()
    )
    for owner_id in sorted(set(owners)):
        sent += runs_dispatch_for_owner(owner_id=owner_id)
    return sent


def run_claim(*, run_id: int) -> SimulationRun | None:
    """Idempotency guard: start (or take over) the run, or None when there is nothing to do.

    The usual case (a queued run, not cancelled) is one conditional UPDATE: a duplicate message finds the run
    no longer queued and takes the locked path, which decides between a duplicate and a take-over."""
    claimed = SimulationRun.objects.filter(
        pk=run_id, status=Status.QUEUED, cancel_requested=False, attempts__lt=MAX_ATTEMPTS
    ).update(
        status=Status.RUNNING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
        progress=0.0,
        result=None,
        error="",
        charts=[],
    )
    if claimed:
        return SimulationRun.objects.filter(pk=run_id).first()
    return _run_claim_locked(run_id=run_id)


@transaction.atomic
def _run_claim_locked(*, run_id: int) -> SimulationRun | None:
    run = SimulationRun.objects.select_for_update().filter(pk=run_id).first()
    if run is None or run.is_finished:
        return None
    now = timezone.now()
    if run.status == Status.QUEUED and run.cancel_requested:
        _finish(run, Status.CANCELLED)
        return None
    if (
        run.status == Status.RUNNING
        and run.started_at
        and now - run.started_at < timedelta(seconds=settings.SIMULATION_HARD_TIME_LIMIT)
    ):
        return None  # another worker is on it; this is a duplicate message
    if run.attempts >= MAX_ATTEMPTS:
        run.error = f"gave up after {run.attempts} attempts (the worker stopped each time)"
        _finish(run, Status.FAILED)
        return None
    run.status = Status.RUNNING
    run.started_at = now
    run.attempts += 1
    run.progress = 0.0
    run.result = None
    run.error = ""
    run.charts = []
    run.save(update_fields=["status", "started_at", "attempts", "progress", "result", "error", "charts"])
    return run


def _finish(run: SimulationRun, status: str) -> None:
    """Close the run; once that commits, its owner's next held run (if any) takes the freed place."""
    run.status = status
    run.finished_at = timezone.now()
    if status == Status.SUCCEEDED:
        run.progress = 1.0
    run.save(update_fields=["status", "finished_at", "progress", "result", "error", "charts"])
    owner_id = run.owner_id
    transaction.on_commit(lambda: runs_dispatch_for_owner(owner_id=owner_id))


def _owned_attempt(run_id: int, attempt: int):
    """The run as long as this attempt still owns it (a newer attempt may have taken it over)."""
    return SimulationRun.objects.select_for_update().filter(pk=run_id, status=Status.RUNNING, attempts=attempt)


def run_execute(*, run_id: int) -> str | None:
    """Claim the run, call the engine with a throttled progress callback and store its data.

    Charts are not drawn here: they are drawn on first view, in the reader's language (simulator.charts)."""

    run = run_claim(run_id=run_id)
    if run is None:
        return None
    attempt = run.attempts
    kind = KINDS.get(run.kind)
    if kind is None:
        return run_fail(run_id=run_id, attempt=attempt, error=f"unknown simulation kind {run.kind!r}")
    started = time.monotonic()
    last = [started]  # the first progress write after PROGRESS_EVERY_S: a quick run writes none

    def progress(fraction: float) -> None:
        now = time.monotonic()
        if now - started > settings.SIMULATION_SOFT_TIME_LIMIT:
            raise _Deadline()
        if now - last[0] < PROGRESS_EVERY_S:
            return
        last[0] = now
        fraction = min(max(float(fraction), 0.0), 0.99)
        still_mine = SimulationRun.objects.filter(
            pk=run_id, status=Status.RUNNING, attempts=attempt, cancel_requested=False
        ).update(progress=fraction)
        if not still_mine:
            raise Cancelled()

    try:
        result = kind.run(dict(run.params), seed=run.seed, progress=progress)
    except _Deadline:
        return run_fail(run_id=run_id, attempt=attempt, error="stopped: the simulation passed its time limit")
    except Cancelled:
        return run_cancelled(run_id=run_id, attempt=attempt)
    except Exception as exc:
        from celery.exceptions import SoftTimeLimitExceeded

        if isinstance(exc, SoftTimeLimitExceeded):
            return run_fail(run_id=run_id, attempt=attempt, error="stopped: the simulation passed its time limit")
        log.exception("simulation run %s failed", run_id)
        return run_fail(run_id=run_id, attempt=attempt, error=f"{type(exc).__name__}: {exc}"[:2000])
    return run_succeed(run_id=run_id, attempt=attempt, result=result, owner_id=run.owner_id)


def run_succeed(*, run_id: int, attempt: int, result: dict, owner_id: int | None = None) -> str | None:
    """Store the result of the attempt that still owns the run. The usual case (not cancelled, still this
    attempt's) is one conditional UPDATE; the cheapest runs are bound by these queries, not by the engine."""
    from simulator.models import ExerciseSubmission
    from simulator.services.exercises import submission_grade

    if owner_id is not None:
        stored = SimulationRun.objects.filter(
            pk=run_id, status=Status.RUNNING, attempts=attempt, cancel_requested=False
        ).update(status=Status.SUCCEEDED, finished_at=timezone.now(), progress=1.0, result=result, error="", charts=[])
        if stored:
            if ExerciseSubmission.objects.filter(run_id=run_id).exists():
                submission_grade(run_id=run_id)
            runs_dispatch_for_owner(owner_id=owner_id)
            return Status.SUCCEEDED
    with transaction.atomic():
        run = _owned_attempt(run_id, attempt).first()
        if run is None:
            return None
        if run.cancel_requested:
            _finish(run, Status.CANCELLED)
        else:
            run.result, run.charts, run.error = result, [], ""
            _finish(run, Status.SUCCEEDED)
        transaction.on_commit(lambda: submission_grade(run_id=run_id))
    return run.status


def run_fail(*, run_id: int, attempt: int, error: str) -> str | None:
    from simulator.services.exercises import submission_grade

    with transaction.atomic():
        run = _owned_attempt(run_id, attempt).first()
        if run is None:
            return None
        run.error = error
        _finish(run, Status.FAILED)
        transaction.on_commit(lambda: submission_grade(run_id=run_id))
    return run.status


def run_cancelled(*, run_id: int, attempt: int) -> str | None:
    """The engine stopped at a progress call: either a cancel request or a newer attempt took the run."""
    from simulator.services.exercises import submission_grade

    with transaction.atomic():
        run = _owned_attempt(run_id, attempt).first()
        if run is None or not run.cancel_requested:
            return None
        _finish(run, Status.CANCELLED)
        transaction.on_commit(lambda: submission_grade(run_id=run_id))
    return run.status


@transaction.atomic
def run_cancel(*, run: SimulationRun) -> SimulationRun:
    """Cancel a queued run at once; ask a running one to stop at its next progress report."""
    from simulator.services.exercises import submission_grade

    run = SimulationRun.objects.select_for_update().get(pk=run.pk)
    if run.is_finished:
        return run
    run.cancel_requested = True
    run.save(update_fields=["cancel_requested"])
    if run.status == Status.QUEUED:
        _finish(run, Status.CANCELLED)
        transaction.on_commit(lambda: submission_grade(run_id=run.pk))
    return run
