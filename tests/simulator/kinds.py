"""A tiny simulation kind for the tests: counts down in steps, reporting progress (and may fail)."""

import time

from simulator.engine import KINDS, Kind, Param


def _countdown(params, *, seed, progress):
    steps = params["steps"]
    for i in range(steps):
        progress(i / steps)
        time.sleep(params["step_s"])
    if params["fail"]:
        raise RuntimeError("asked to fail")
    total = steps * params["step_s"]
    return {
        "summary": f"Counted {steps} steps.",
        "seed": seed,
        "total_s": total,
        "analytic": {"client_server_s": 2.0 * steps, "p2p_s": 1.0 * steps},
        "charts": [
            {
                "id": "steps",
                "title": "Steps",
                "x_label": "step",
                "y_label": "time (s)",
                "x": list(range(1, steps + 1)),
                "series": [{"name": "elapsed", "y": [(i + 1) * params["step_s"] for i in range(steps)]}],
                "log_x": False,
                "log_y": False,
            }
        ],
    }


COUNTDOWN = Kind(
    kind="test_countdown",
    title="Countdown (test)",
    params=(
        Param("steps", "count", 5, 1, 400, type="int"),
        Param("step_s", "s", 0.01, 0, 1),
        Param("rate_bps", "bit/s", 1e6, 1, 1e9),
        Param("fail", "count", 0, 0, 1, type="int"),
    ),
    run=_countdown,
)


def register_test_kinds() -> None:
    KINDS.setdefault(COUNTDOWN.kind, COUNTDOWN)
