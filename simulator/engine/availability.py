"""`availability`: can the file be fetched right now? Peers that come and go against one server.

P2P: the file is kept on k peers. Each of them leaves at rate `leave_rate` (mean online time 1/leave_rate)
and comes back at rate `join_rate` (mean offline time 1/join_rate), independently: an alternating renewal
process with exponential times. A peer is online a fraction p = join/(join + leave) of the time, and the file
can be fetched while at least one copy is online: analytic availability 1 − (1 − p)^k.

Client-server: one server that is up a fraction `server_uptime` of the time; when it fails it is repaired
in `server_repair_s` on average (exponential), so its mean time between failures is
repair·uptime/(1 − uptime).

The simulation draws every on/off period over `duration_s` and measures the fraction of time the file is
reachable (at 100,000 stratified random instants), for 1..K copies at once (K = max(k, 10)); a timeline
shows the first ~20 on/off cycles.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ._util import Progress, chart, gettext_noop, kind_run, rng_for, rounded, table
from .base import Kind, Param, Preset

SAMPLES = 100_000
TIMELINE_POINTS = 240

PARAMS = (
    Param("copies", "count", 3, 1, 50, type="int", label=gettext_noop("Peers keeping the file k")),
    Param(
        "join_rate",
        "1/s",
        1 / 3600,
        1e-7,
        1e-2,
        label=gettext_noop("Rate at which an offline peer comes back"),
        help=gettext_noop("Once per hour: an offline peer is back after one hour on average."),
    ),
    Param(
        "leave_rate",
        "1/s",
        1 / 3600,
        1e-7,
        1e-2,
        label=gettext_noop("Rate at which an online peer leaves"),
        help=gettext_noop("Once per hour: an online peer stays one hour on average."),
    ),
    Param("server_uptime", "fraction", 0.99, 0.0, 1.0, label=gettext_noop("Server uptime")),
    Param("server_repair_s", "s", 3600.0, 60.0, 1e6, label=gettext_noop("Mean time to repair the server")),
    Param(
        "duration_s",
        "s",
        365 * 86400.0,
        3600.0,
        1e8,
        label=gettext_noop("Time simulated"),
        help=gettext_noop("One year by default; up to about three years."),
    ),
)

PRESETS = (
    Preset("hour_on_hour_off", gettext_noop("Peers online one hour, offline one hour"), {}),
    Preset(
        "laptops",
        gettext_noop("Laptops online 8 hours a day, against a university server"),
        {"copies": 5, "join_rate": 1 / (16 * 3600), "leave_rate": 1 / (8 * 3600), "server_uptime": 0.995},
    ),
    Preset(
        "popular",
        gettext_noop("A popular file on 20 phones that come and go every few minutes"),
        {"copies": 20, "join_rate": 1 / 600, "leave_rate": 1 / 300, "server_uptime": 0.999},
    ),
)


def p2p_availability(p_online: float, copies: int) -> float:
    """1 − (1 − p)^k: at least one of k independent copies online."""
    return 1.0 - (1.0 - p_online) ** copies


def onoff_states(
    mean_on: float,
    mean_off: float,
    p_on: float,
    horizon: float,
    times: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Whether an alternating on/off process (exponential periods, stationary start) is on at each of `times`."""
    if mean_off <= 0 or p_on >= 1.0:
        return np.ones(times.size, dtype=bool)
    if mean_on <= 0 or p_on <= 0.0:
        return np.zeros(times.size, dtype=bool)
    start_on = bool(rng.random() < p_on)
    cycle = mean_on + mean_off
    toggles: list[np.ndarray] = []
    t = 0.0
    state_on = start_on
    while t < horizon:
        pairs = int(1.2 * (horizon - t) / cycle) + 16
        first = rng.exponential(mean_on if state_on else mean_off, size=pairs)
        second = rng.exponential(mean_off if state_on else mean_on, size=pairs)
        periods = np.empty(2 * pairs)
        periods[0::2], periods[1::2] = first, second
        chunk = t + np.cumsum(periods)
        toggles.append(chunk)
        t = float(chunk[-1])
        # An even count of periods was drawn, so the state at t is the state we started this batch in.
    all_toggles = np.concatenate(toggles)
    flips = np.searchsorted(all_toggles, times, side="right")
    return (flips % 2 == 0) == start_on


@kind_run
def run(params: dict[str, Any], seed: int, prog: Progress) -> dict[str, Any]:
    k = int(params["copies"])
    join = float(params["join_rate"])
    leave = float(params["leave_rate"])
    uptime = float(params["server_uptime"])
    repair = float(params["server_repair_s"])
    horizon = float(params["duration_s"])

    p_on = join / (join + leave)
    mean_on, mean_off = 1.0 / leave, 1.0 / join
    big_k = min(50, max(k, 10))

    rng = rng_for(seed, 30)
    # Stratified random instants: one in each of SAMPLES equal slices of [0, horizon).
    samples = (np.arange(SAMPLES) + rng.random(SAMPLES)) * (horizon / SAMPLES)
    # The timeline chart looks at the first stretch (about 20 peer on/off cycles), evenly, on the same processes.
    window = min(horizon, 20 * (mean_on + mean_off))
    timeline = np.linspace(0.0, window, TIMELINE_POINTS)
    times = np.concatenate([samples, timeline])
    any_on = np.zeros(SAMPLES, dtype=bool)
    online_count = np.zeros(TIMELINE_POINTS, dtype=np.int64)
    by_k = []
    online_k = None
    for j in range(1, big_k + 1):
        state = onoff_states(mean_on, mean_off, p_on, horizon, times, rng_for(seed, 31, j))
        any_on |= state[:SAMPLES]
        if j <= k:
            online_count += state[SAMPLES:]
        if j == k:
            online_k = online_count.copy()
        by_k.append({"copies": j, "simulated": float(any_on.mean()), "analytic": p2p_availability(p_on, j)})
        prog(0.9 * j / big_k)

    if uptime >= 1.0:
        server_on = np.ones(times.size, dtype=bool)
        mtbf = math.inf
    elif uptime <= 0.0:
        server_on = np.zeros(times.size, dtype=bool)
        mtbf = 0.0
    else:
        mtbf = repair * uptime / (1.0 - uptime)
        server_on = onoff_states(mtbf, repair, uptime, horizon, times, rng_for(seed, 32))
    server_sim = float(server_on[:SAMPLES].mean())
    prog(0.95)

    chosen = by_k[k - 1]
    year = 365 * 86400.0
    p2p_down_h = (1 - chosen["simulated"]) * year / 3600
    server_down_h = (1 - server_sim) * year / 3600
    assert online_k is not None
    timeline_x = [rounded(t / 3600, 6) for t in timeline]

    ks = [r["copies"] for r in by_k]
    charts = [
        chart(
            "availability_vs_copies",
            gettext_noop("Fraction of time the file can be fetched, against the number of copies k"),
            gettext_noop("k (peers keeping the file)"),
            gettext_noop("availability (fraction of time)"),
            ks,
            [
                {"name": gettext_noop("P2P (simulated)"), "y": [r["simulated"] for r in by_k]},
                {"name": gettext_noop("P2P: 1-(1-p)^k"), "y": [r["analytic"] for r in by_k]},
                {"name": gettext_noop("server (simulated)"), "y": [server_sim] * len(ks)},
                {"name": gettext_noop("server uptime"), "y": [uptime] * len(ks)},
            ],
        ),
        chart(
            "online_over_time",
            gettext_noop("Copies online (k = %(k)s) and the server, first %(hours)s h"),
            gettext_noop("time (h)"),
            gettext_noop("online"),
            timeline_x,
            [
                {"name": gettext_noop("copies online"), "y": online_k.tolist()},
                {"name": gettext_noop("server up (1) or down (0)"), "y": server_on[SAMPLES:].astype(int).tolist()},
            ],
            title_args={"k": k, "hours": rounded(window / 3600, 4)},
        ),
    ]
    return {
        "p_online": p_on,
        "analytic": {"p2p": chosen["analytic"], "server": uptime},
        "simulated": {"p2p": chosen["simulated"], "server": server_sim},
        "unavailable_hours_per_year": {"p2p": p2p_down_h, "server": server_down_h},
        "server_mtbf_s": mtbf,
        "by_copies": by_k,
        "charts": charts,
        "table": table(
            [
                gettext_noop("k (copies)"),
                gettext_noop("P2P simulated"),
                gettext_noop("P2P analytic 1-(1-p)^k"),
            ],
            [[r["copies"], rounded(r["simulated"], 5), rounded(r["analytic"], 5)] for r in by_k],
        ),
    }


KIND = Kind(
    kind="availability",
    title=gettext_noop("Availability: peers that come and go against one server"),
    params=PARAMS,
    run=run,
    description=gettext_noop(
        "A file kept on k peers that join and leave (churn) against one server with a given uptime: the "
        "fraction of time the file can be fetched, simulated and from the formula 1-(1-p)^k."
    ),
    presets=PRESETS,
)
