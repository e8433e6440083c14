"""Celery tasks of the simulator: thin wrappers around services (routed to the "simulations" queue)."""

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings

from simulator import services


@shared_task(
    name="simulator.tasks.simulation_run",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.SIMULATION_SOFT_TIME_LIMIT,
    time_limit=settings.SIMULATION_HARD_TIME_LIMIT,
)
def simulation_run(run_id: int) -> str | None:
    """Run a saved simulation. Idempotent: a finished run is left alone; a re-delivered one overwrites its result."""
    return services.run_execute(run_id=run_id)


@shared_task(name="simulator.tasks.redispatch_stale_runs", soft_time_limit=20, time_limit=30)
def redispatch_stale_runs() -> int:
    """Periodic sweep (beat): re-send runs that were accepted while the broker was down, or lost their worker."""
    return services.runs_redispatch_stale()


@worker_ready.connect
def _redispatch_on_worker_start(sender=None, **kwargs) -> None:
    """A worker that starts re-sends runs that never started (the broker may have been down when they came)."""
    try:
        services.runs_redispatch_stale(on_startup=True)
    except Exception:  # the database may not be there yet; the periodic sweep will do it
        import logging

        logging.getLogger(__name__).exception("re-dispatch on worker start failed")
