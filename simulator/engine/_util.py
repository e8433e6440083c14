"""Small helpers shared by the kinds: the run wrapper, throttled progress, JSON-ready conversion, seeded
generators, charts and tables."""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from .base import ProgressFn, gettext_noop

__all__ = ["Progress", "chart", "gettext_noop", "jsonable", "kind_run", "rng_for", "rounded", "table"]

RunBody = Callable[[dict[str, Any], int, "Progress"], dict[str, Any]]


class Progress:
    """Calls the run's `progress(fraction)` at most every `interval` seconds (and always at 0 and 1).

    The callback may raise `Cancelled`; it propagates out of the kind, so a cancel stops a run
    within `interval` plus one step of work (every kind keeps a step well under a second).
    """

    def __init__(self, callback: ProgressFn | None, interval: float = 0.2):
        self.callback = callback
        self.interval = interval
        self.last = -math.inf
        self.fraction = 0.0

    def __call__(self, fraction: float, force: bool = False) -> None:
        fraction = min(1.0, max(self.fraction, float(fraction)))
        self.fraction = fraction
        if self.callback is None:
            return
        now = time.monotonic()
        if force or fraction >= 1.0 or now - self.last >= self.interval:
            self.last = now
            self.callback(fraction)

    def part(self, start: float, end: float) -> _Part:
        """A view mapping 0..1 onto start..end of the whole run."""
        return _Part(self, start, end)


class _Part:
    def __init__(self, parent: Progress, start: float, end: float):
        self.parent, self.start, self.end = parent, start, end

    def __call__(self, fraction: float, force: bool = False) -> None:
        fraction = min(1.0, max(0.0, float(fraction)))
        self.parent(self.start + (self.end - self.start) * fraction, force=force)


def kind_run(body: RunBody) -> Callable[..., dict[str, Any]]:
    """A kind's `run(params, *, seed=0, progress=None)` from `body(params, seed, prog)`: the callback always hears
    0 before the body and 1 after it (whatever the throttle), and the body's result comes back JSON-ready."""

    @functools.wraps(body)
    def run(params: dict[str, Any], *, seed: int = 0, progress: ProgressFn | None = None) -> dict[str, Any]:
        prog = Progress(progress)
        prog(0.0, force=True)
        out = body(params, seed, prog)
        prog(1.0, force=True)
        return jsonable(out)

    return run


def rng_for(seed: int, *stream: int) -> np.random.Generator:
    """An independent, reproducible generator for (seed, stream...)."""
    return np.random.default_rng([int(seed) & 0xFFFFFFFFFFFFFFFF, *[int(s) for s in stream]])


def jsonable(value: Any) -> Any:
    """Plain Python types only (no numpy scalars/arrays, no NaN/inf: those become None)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return [jsonable(v) for v in value.tolist()]
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        value = float(value)
        return value if math.isfinite(value) else None
    return value


def rounded(value: float, digits: int = 6) -> float:
    """Round to `digits` significant digits (for tables and summaries, never for analytic answers)."""
    if value == 0 or not math.isfinite(value):
        return value
    return float(f"{value:.{digits}g}")


def chart(
    chart_id: str,
    title: str,
    x_label: str,
    y_label: str,
    x: list,
    series: list[dict],
    *,
    log_x: bool = False,
    log_y: bool = False,
    kind: str = "line",
    **extra: Any,
) -> dict[str, Any]:
    """A chart in the shape base.py documents. `kind` is a hint for the drawer: "line", "bar" or "points".

    `title`, the labels and each series' `name` are msgids (marked with gettext_noop); their arguments go in
    `title_args` / `name_args`."""
    return {
        "id": chart_id,
        "title": title,
        "x_label": x_label,
        "y_label": y_label,
        "x": list(x),
        "series": series,
        "log_x": log_x,
        "log_y": log_y,
        "kind": kind,
        **extra,
    }


def table(columns: list[str], rows: list[list[Any]]) -> dict[str, list]:
    """The numbers behind a kind's main chart: column msgids and one list of values a row."""
    return {"columns": columns, "rows": rows}
