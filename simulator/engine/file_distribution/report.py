"""The `file_distribution` kind: parameters, presets, and the run that puts the analytic model beside the
simulations (at N/100, N/10 and N) and reports times, per-peer and per-group completion, and charts."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._util import Progress, chart, gettext_noop, kind_run, rng_for, rounded, table
from ..base import Kind, Param, Preset
from .model import analytic, client_server_time, contributors_upload, free_riders_among, p2p_time, peer_uploads
from .swarm import SimResult, simulate_client_server, simulate_swarm

PARAMS = (
    Param(
        "file_size_bits",
        "bit",
        15e9,
        8,
        1e13,
        label=gettext_noop("File size F"),
        help=gettext_noop("Size of the file to distribute (15 Gbit in the textbook problem)."),
    ),
    Param("server_upload_bps", "bit/s", 30e6, 1e3, 1e11, label=gettext_noop("Server upload rate u_s")),
    Param("peers", "count", 100, 1, 1000, type="int", label=gettext_noop("Number of peers N")),
    Param("peer_download_bps", "bit/s", 2e6, 1e3, 1e11, label=gettext_noop("Peer download rate d")),
    Param(
        "peer_upload_bps",
        "bit/s",
        700e3,
        0,
        1e11,
        label=gettext_noop("Peer upload rate u"),
        help=gettext_noop("Upload rate of each peer; 0 makes P2P the same as client-server."),
    ),
    Param(
        "peer_upload_spread",
        "fraction",
        0.0,
        0.0,
        1.0,
        label=gettext_noop("Spread of peer upload rates"),
        help=gettext_noop(
            "0: every peer uploads at u. s > 0: uploads spread evenly from u(1-s) to u(1+s), same total N·u."
        ),
    ),
    Param(
        "chunks",
        "count",
        256,
        1,
        512,
        type="int",
        label=gettext_noop("Chunks M"),
        help=gettext_noop("The simulation cuts the file into this many chunks (pieces)."),
    ),
    Param(
        "free_rider_fraction",
        "fraction",
        0.0,
        0.0,
        0.9,
        label=gettext_noop("Free-riders"),
        help=gettext_noop(
            "Peers that download but never upload. With free-riders the swarm chokes as BitTorrent does: "
            "each peer serves the 4 peers that sent it most in the last rounds, plus 1 chosen at random "
            "every 3 rounds."
        ),
    ),
)

PRESETS = (
    Preset("textbook", gettext_noop("The textbook problem (F = 15 Gbit, N = 100)"), {}),
    Preset(
        "class_of_30",
        gettext_noop("A class of 30 downloading a 1 GB video"),
        {
            "file_size_bits": 8e9,
            "server_upload_bps": 100e6,
            "peers": 30,
            "peer_download_bps": 50e6,
            "peer_upload_bps": 10e6,
        },
    ),
    Preset(
        "swarm_1000",
        gettext_noop("A swarm of 1,000 peers sharing a 4 GB file"),
        {
            "file_size_bits": 32e9,
            "server_upload_bps": 100e6,
            "peers": 1000,
            "peer_download_bps": 20e6,
            "peer_upload_bps": 5e6,
        },
    ),
    Preset(
        "free_riders",
        gettext_noop("A swarm of 1,000 with 20% free-riders"),
        {
            "file_size_bits": 32e9,
            "server_upload_bps": 100e6,
            "peers": 1000,
            "peer_download_bps": 20e6,
            "peer_upload_bps": 5e6,
            "free_rider_fraction": 0.2,
        },
    ),
)

PERCENTILES = (0, 10, 25, 50, 75, 90, 100)


def _sim_points(n: int) -> list[int]:
    return sorted({max(1, n // 100), max(1, n // 10), n})


def _curve_points(n: int) -> list[int]:
    pts = {1, n}
    for decade in (1, 10, 100, 1000):
        for mult in (1, 2, 5):
            v = decade * mult
            if v <= n:
                pts.add(v)
    return sorted(pts)


def _histogram(cs: np.ndarray, p2p: np.ndarray, bins: int = 20) -> tuple[list[float], list[int], list[int]]:
    top = float(max(cs.max(), p2p.max()))
    edges = np.linspace(0.0, top, bins + 1) if top > 0 else np.linspace(0.0, 1.0, bins + 1)
    cs_counts, _ = np.histogram(cs, bins=edges)
    p2p_counts, _ = np.histogram(p2p, bins=edges)
    centers = (edges[:-1] + edges[1:]) / 2
    return [rounded(x) for x in centers.tolist()], cs_counts.tolist(), p2p_counts.tolist()


def _group(times: np.ndarray) -> dict[str, Any] | None:
    """Mean and spread of one group's completion times (None for an empty group)."""
    if times.size == 0:
        return None
    return {
        "peers": int(times.size),
        "mean_s": float(times.mean()),
        "std_s": float(times.std()),
        "min_s": float(times.min()),
        "max_s": float(times.max()),
        "percentiles_s": [float(v) for v in np.percentile(times, PERCENTILES)],
    }


def _uploads(u: float, npeers: int, spread: float, free_fraction: float) -> np.ndarray:
    """Each peer's upload rate; free-riders upload nothing."""
    uploads = peer_uploads(u, npeers, spread)
    uploads[free_riders_among(npeers, free_fraction)] = 0.0
    return uploads


@kind_run
def run(params: dict[str, Any], seed: int, prog: Progress) -> dict[str, Any]:
    f = float(params["file_size_bits"])
    us = float(params["server_upload_bps"])
    n = int(params["peers"])
    d = float(params["peer_download_bps"])
    u = float(params["peer_upload_bps"])
    spread = float(params.get("peer_upload_spread", 0.0))
    m = int(params["chunks"])
    free = float(params.get("free_rider_fraction", 0.0))

    result_analytic = analytic(params)

    # Simulations at a few N (the requested N last, it carries the per-peer results).
    points = _sim_points(n)
    weights = np.array(points, dtype=float)
    weights = weights / weights.sum()
    sims: dict[int, tuple[SimResult, SimResult]] = {}
    uploads_at: dict[int, np.ndarray] = {}
    start = 0.0
    for idx, npeers in enumerate(points):
        share = float(weights[idx])
        cs_sim = simulate_client_server(
            f, m, us, npeers, d, rng_for(seed, 1, npeers), prog.part(start, start + 0.1 * share)
        )
        uploads_at[npeers] = _uploads(u, npeers, spread, free)
        p2p_sim = simulate_swarm(
            f,
            m,
            us,
            npeers,
            d,
            uploads_at[npeers],
            rng_for(seed, 2, npeers),
            prog.part(start + 0.1 * share, start + share),
            choking=free > 0,
        )
        sims[npeers] = (cs_sim, p2p_sim)
        start += share

    cs_sim, p2p_sim = sims[n]
    curve = _curve_points(max(n, 1000))
    curve_cs = [client_server_time(f, us, k, d) for k in curve]
    curve_p2p = [p2p_time(f, us, k, d, contributors_upload(u, k, 0.0, free)) for k in curve]
    sim_rows = []
    for k in points:
        c_s, p_s = sims[k]
        sim_rows.append(
            {
                "peers": k,
                "client_server_analytic_s": client_server_time(f, us, k, d),
                "client_server_simulated_s": c_s.time_s,
                "p2p_analytic_s": p2p_time(f, us, k, d, contributors_upload(u, k, spread, free)),
                "p2p_simulated_s": p_s.time_s,
            }
        )
    centers, cs_counts, p2p_counts = _histogram(cs_sim.completion_s, p2p_sim.completion_s)

    a_cs, a_p2p = result_analytic["client_server_s"], result_analytic["p2p_s"]
    s_cs, s_p2p = cs_sim.time_s, p2p_sim.time_s
    riders = np.zeros(n, dtype=bool)
    riders[free_riders_among(n, free)] = True
    groups = {
        "contributors": _group(p2p_sim.completion_s[~riders]),
        "free_riders": _group(p2p_sim.completion_s[riders]),
    }
    charts = [
        chart(
            "time_vs_n",
            gettext_noop("Minimum distribution time against N (analytic)"),
            gettext_noop("N (peers)"),
            gettext_noop("distribution time (s)"),
            curve,
            [{"name": gettext_noop("client-server"), "y": curve_cs}, {"name": "P2P", "y": curve_p2p}],
            log_x=True,
            log_y=True,
        ),
        chart(
            "simulated_vs_analytic",
            gettext_noop("Simulated against analytic distribution time"),
            gettext_noop("N (peers)"),
            gettext_noop("distribution time (s)"),
            points,
            [
                {
                    "name": gettext_noop("client-server (analytic)"),
                    "y": [r["client_server_analytic_s"] for r in sim_rows],
                },
                {
                    "name": gettext_noop("client-server (simulated)"),
                    "y": [r["client_server_simulated_s"] for r in sim_rows],
                },
                {"name": gettext_noop("P2P (analytic)"), "y": [r["p2p_analytic_s"] for r in sim_rows]},
                {"name": gettext_noop("P2P (simulated)"), "y": [r["p2p_simulated_s"] for r in sim_rows]},
            ],
            log_x=len(points) > 1,
            kind="points",
        ),
        chart(
            "completion_histogram",
            gettext_noop("When each of the %(n)s peers has the whole file (simulated)"),
            gettext_noop("completion time (s)"),
            gettext_noop("peers"),
            centers,
            [{"name": gettext_noop("client-server"), "y": cs_counts}, {"name": "P2P", "y": p2p_counts}],
            kind="bar",
            title_args={"n": n},
        ),
    ]
    if groups["free_riders"] is not None:
        series = [
            {"name": gettext_noop("contributors"), "y": groups["contributors"]["percentiles_s"]}
            if groups["contributors"]
            else None,
            {"name": gettext_noop("free-riders"), "y": groups["free_riders"]["percentiles_s"]},
            {"name": gettext_noop("P2P analytic bound"), "y": [a_p2p] * len(PERCENTILES)},
        ]
        charts.append(
            chart(
                "completion_by_group",
                gettext_noop("When contributors and free-riders have the whole file (simulated)"),
                gettext_noop("share of the group that has the file (%)"),
                gettext_noop("completion time (s)"),
                list(PERCENTILES),
                [s for s in series if s is not None],
            )
        )
    return {
        "analytic": result_analytic,
        "simulated": {
            "client_server_s": s_cs,
            "p2p_s": s_p2p,
            "client_server_per_peer_s": cs_sim.completion_s.tolist(),
            "p2p_per_peer_s": p2p_sim.completion_s.tolist(),
            "p2p_mean_completion_s": float(p2p_sim.completion_s.mean()),
            "p2p_over_analytic": s_p2p / a_p2p,
            "client_server_over_analytic": s_cs / a_cs,
            "transfers": p2p_sim.transfers,
            "rounds": p2p_sim.rounds,
            "round_s": p2p_sim.plan.round_s,
            "connection_bps": p2p_sim.plan.rate,
        },
        "free_riders": int(riders.sum()),
        "groups": groups,
        "by_n": sim_rows,
        "charts": charts,
        "table": table(
            [
                gettext_noop("N (peers)"),
                gettext_noop("client-server analytic (s)"),
                gettext_noop("client-server simulated (s)"),
                gettext_noop("P2P analytic (s)"),
                gettext_noop("P2P simulated (s)"),
            ],
            [
                [
                    r["peers"],
                    rounded(r["client_server_analytic_s"]),
                    rounded(r["client_server_simulated_s"]),
                    rounded(r["p2p_analytic_s"]),
                    rounded(r["p2p_simulated_s"]),
                ]
                for r in sim_rows
            ],
        ),
    }


KIND = Kind(
    kind="file_distribution",
    title=gettext_noop("File distribution: client-server vs P2P"),
    params=PARAMS,
    run=run,
    presets=PRESETS,
    description=gettext_noop(
        "How long it takes to send one file to N peers, from one server alone or with the peers sharing "
        "chunks (Kurose & Ross, section 2.5): analytic minimum times and a chunk-level simulation."
    ),
)
