"""`server_load`: one server under growing demand against peers serving each other (SimPy, discrete events).

Every client sends requests as a Poisson process (`request_rate` per second each); each response is
exponentially sized with mean `response_size_bits`, so a node serving at C bit/s takes S/C seconds on
average: an M/M/1 queue (FIFO, one response at a time).

- client-server: all N·λ requests per second go to the one server (capacity `server_capacity_bps`).
  M/M/1: utilisation ρ = N·λ·S/C, mean response time W = 1/(μ − N·λ) with μ = C/S, infinite at ρ >= 1.
- P2P: every client is also a peer serving at `peer_capacity_bps`; a request goes to a random other peer.
  Each peer sees about λ requests per second whatever N is, so the load stays spread out.

For each number of clients (a few values up to `clients`) both models run for `requests` requests; the
result gives the mean response time and the busiest node's utilisation (the fraction of time it was busy).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import simpy

from ._util import Progress, chart, gettext_noop, kind_run, rng_for, rounded, table
from .base import Kind, Param, Preset

PARAMS = (
    Param("clients", "count", 120, 1, 1000, type="int", label=gettext_noop("Largest number of clients N")),
    Param("request_rate", "1/s", 1.0, 0.001, 1000.0, label=gettext_noop("Requests per client λ")),
    Param("response_size_bits", "bit", 1e6, 1.0, 1e12, label=gettext_noop("Mean response size S")),
    Param("server_capacity_bps", "bit/s", 100e6, 1e3, 1e12, label=gettext_noop("Server capacity C")),
    Param("peer_capacity_bps", "bit/s", 2e6, 1e3, 1e12, label=gettext_noop("Peer upload capacity c")),
    Param(
        "requests",
        "count",
        4000,
        200,
        10000,
        type="int",
        label=gettext_noop("Requests simulated per point"),
        help=gettext_noop("More requests give steadier averages and take longer."),
    ),
)

PRESETS = (
    Preset("default", gettext_noop("120 clients on a 100 Mbps server"), {}),
    Preset(
        "class_of_30",
        gettext_noop("A class of 30 opening 2 MB pages on a school server"),
        {"clients": 30, "request_rate": 0.2, "response_size_bits": 16e6, "server_capacity_bps": 50e6},
    ),
    Preset(
        "thousand",
        gettext_noop("1,000 clients at once"),
        {"clients": 1000, "request_rate": 0.5, "response_size_bits": 1e6, "server_capacity_bps": 1e9},
    ),
)

POINTS = 8


def mm1_response_time(arrival_rate: float, service_rate: float) -> float:
    """Mean time in an M/M/1 system, W = 1/(μ − λ); infinite when λ >= μ."""
    if arrival_rate >= service_rate:
        return math.inf
    return 1.0 / (service_rate - arrival_rate)


def simulate(
    nodes: int,
    route,
    n_clients: int,
    request_rate: float,
    mean_service_s: np.ndarray,
    requests: int,
    rng: np.random.Generator,
    progress: Any = None,
) -> dict[str, Any]:
    """Run one SimPy model. `route(client, u)` maps a client and a uniform number to the serving node."""
    env = simpy.Environment()
    servers = [simpy.Resource(env, capacity=1) for _ in range(nodes)]
    busy = np.zeros(nodes)
    total_rate = n_clients * request_rate
    gaps = rng.exponential(1.0 / total_rate, size=requests)
    who = rng.integers(0, n_clients, size=requests)
    pick = rng.random(requests)
    work = rng.exponential(1.0, size=requests)
    response = np.zeros(requests)
    # Response times are measured after a warm-up (the first 10% of requests), when the queue has settled.
    warm = requests // 10
    state = {"done": 0, "last": 0.0}

    def request(i: int, node: int):
        arrived = env.now
        with servers[node].request() as slot:
            yield slot
            service = work[i] * mean_service_s[node]
            yield env.timeout(service)
            busy[node] += service
        response[i] = env.now - arrived
        state["done"] += 1
        state["last"] = env.now

    def source():
        for i in range(requests):
            yield env.timeout(gaps[i])
            node = route(int(who[i]), float(pick[i]))
            env.process(request(i, node))
            if progress is not None and i % 256 == 0:
                progress(i / requests)

    env.process(source())
    env.run()
    horizon = max(state["last"], float(gaps.sum()))
    util = busy / horizon if horizon > 0 else busy
    return {
        "mean_response_s": float(response[warm:].mean()),
        "p95_response_s": float(np.percentile(response[warm:], 95)),
        "busiest_utilisation": float(util.max()),
        "mean_utilisation": float(util.mean()),
        "duration_s": horizon,
    }


def _client_points(n: int) -> list[int]:
    pts = np.unique(np.round(np.linspace(1, n, POINTS)).astype(int))
    return [int(p) for p in pts]


@kind_run
def run(params: dict[str, Any], seed: int, prog: Progress) -> dict[str, Any]:
    n_max = int(params["clients"])
    lam = float(params["request_rate"])
    size = float(params["response_size_bits"])
    cap = float(params["server_capacity_bps"])
    peer_cap = float(params["peer_capacity_bps"])
    requests = int(params["requests"])
    mu_server = cap / size
    mu_peer = peer_cap / size

    points = _client_points(n_max)
    rows = []
    steps = 2 * len(points)
    for idx, n in enumerate(points):
        cs = simulate(
            1,
            lambda client, u: 0,
            n,
            lam,
            np.array([1.0 / mu_server]),
            requests,
            rng_for(seed, 20, n),
            prog.part((2 * idx) / steps, (2 * idx + 1) / steps),
        )

        def p2p_route(client: int, u: float, n: int = n) -> int:
            if n == 1:
                return 0
            other = int(u * (n - 1))
            return other + (other >= client)

        p2p = simulate(
            n,
            p2p_route,
            n,
            lam,
            np.full(n, 1.0 / mu_peer),
            requests,
            rng_for(seed, 21, n),
            prog.part((2 * idx + 1) / steps, (2 * idx + 2) / steps),
        )
        rho = n * lam / mu_server
        rows.append(
            {
                "clients": n,
                "server_utilisation_analytic": rho,
                "server_response_s_mm1": mm1_response_time(n * lam, mu_server),
                "server_response_s": cs["mean_response_s"],
                "server_p95_response_s": cs["p95_response_s"],
                "server_utilisation": cs["busiest_utilisation"],
                "p2p_response_s_mm1": mm1_response_time(lam, mu_peer) if n > 1 else mm1_response_time(n * lam, mu_peer),
                "p2p_response_s": p2p["mean_response_s"],
                "p2p_busiest_utilisation": p2p["busiest_utilisation"],
                "p2p_mean_utilisation": p2p["mean_utilisation"],
                "overloaded": rho >= 1.0,
            }
        )

    saturation = mu_server / lam  # clients at which the server is fully busy
    charts = [
        chart(
            "response_vs_clients",
            gettext_noop("Mean response time against number of clients"),
            gettext_noop("N (clients)"),
            gettext_noop("mean response time (s)"),
            points,
            [
                {"name": gettext_noop("client-server (simulated)"), "y": [r["server_response_s"] for r in rows]},
                {"name": gettext_noop("client-server (M/M/1)"), "y": [r["server_response_s_mm1"] for r in rows]},
                {"name": gettext_noop("P2P (simulated)"), "y": [r["p2p_response_s"] for r in rows]},
                {"name": gettext_noop("P2P (M/M/1 per peer)"), "y": [r["p2p_response_s_mm1"] for r in rows]},
            ],
            log_y=True,
        ),
        chart(
            "busiest_vs_clients",
            gettext_noop("Busiest node's utilisation against number of clients"),
            gettext_noop("N (clients)"),
            gettext_noop("utilisation (fraction of time busy)"),
            points,
            [
                {"name": gettext_noop("server"), "y": [r["server_utilisation"] for r in rows]},
                {"name": gettext_noop("busiest peer (P2P)"), "y": [r["p2p_busiest_utilisation"] for r in rows]},
                {"name": gettext_noop("server, offered load ρ"), "y": [r["server_utilisation_analytic"] for r in rows]},
            ],
        ),
    ]
    return {
        "service_rate_server_per_s": mu_server,
        "service_rate_peer_per_s": mu_peer,
        "saturation_clients": saturation,
        "by_clients": rows,
        "charts": charts,
        "table": table(
            [
                gettext_noop("N (clients)"),
                gettext_noop("server load ρ"),
                gettext_noop("server response (s)"),
                gettext_noop("M/M/1 (s)"),
                gettext_noop("P2P response (s)"),
                gettext_noop("busiest peer utilisation"),
            ],
            [
                [
                    r["clients"],
                    rounded(r["server_utilisation_analytic"], 4),
                    rounded(r["server_response_s"]),
                    rounded(r["server_response_s_mm1"]),
                    rounded(r["p2p_response_s"]),
                    rounded(r["p2p_busiest_utilisation"], 4),
                ]
                for r in rows
            ],
        ),
    }


KIND = Kind(
    kind="server_load",
    title=gettext_noop("Server load: one server against peers serving each other"),
    params=PARAMS,
    run=run,
    presets=PRESETS,
    description=gettext_noop(
        "Clients send requests at random (Poisson). One server answers them all, or every peer answers some: "
        "response time and the busiest node's load as the number of clients grows (discrete-event, SimPy)."
    ),
)
