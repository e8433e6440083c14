"""The lookup kind: its parameters, presets, the run that compares the three ways, and its charts."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._util import Progress, chart, gettext_noop, kind_run, rng_for, rounded, table
from ..base import Kind, Param, Preset
from .central import central_lookups
from .chord import dht_lookups
from .flooding import flooding_lookups

PARAMS = (
    Param("peers", "count", 1000, 8, 10000, type="int", label=gettext_noop("Number of peers N")),
    Param("degree", "count", 4, 2, 16, type="int", label=gettext_noop("Overlay links per peer (flooding)")),
    Param("ttl_max", "count", 7, 1, 12, type="int", label=gettext_noop("Largest TTL tried (flooding)")),
    Param("replicas", "count", 3, 1, 50, type="int", label=gettext_noop("Copies of the resource")),
    Param("lookups", "count", 300, 10, 1000, type="int", label=gettext_noop("Lookups simulated")),
    Param(
        "failed_fraction",
        "fraction",
        0.0,
        0.0,
        0.9,
        label=gettext_noop("Fraction of peers gone"),
        help=gettext_noop("Peers that left without notice: they do not answer or forward."),
    ),
    Param(
        "index_uptime",
        "fraction",
        1.0,
        0.0,
        1.0,
        label=gettext_noop("Index server uptime"),
        help=gettext_noop("Probability that the central index answers a lookup; 0 means the index is down."),
    ),
)

PRESETS = (
    Preset("default", gettext_noop("1,000 peers, none gone"), {}),
    Preset("small", gettext_noop("A class network of 30 peers"), {"peers": 30, "degree": 3, "ttl_max": 5}),
    Preset(
        "churn",
        gettext_noop("10,000 peers with a third gone and the index down half the time"),
        {"peers": 10000, "failed_fraction": 0.33, "index_uptime": 0.5, "replicas": 5},
    ),
)


def _dht_sizes(n: int) -> list[int]:
    sizes = [2**k for k in range(4, 14) if 2**k < n]
    return sorted(set(sizes + [n]))


@kind_run
def run(params: dict[str, Any], seed: int, prog: Progress) -> dict[str, Any]:
    n = int(params["peers"])
    degree = int(params["degree"])
    ttl_max = int(params["ttl_max"])
    replicas = min(int(params["replicas"]), n)
    lookups = int(params["lookups"])
    failed = float(params["failed_fraction"])
    uptime = float(params["index_uptime"])

    rng = rng_for(seed, 10)
    alive = np.ones(n, dtype=bool)
    dead = min(int(round(failed * n)), n - 1)
    if dead:
        alive[rng.choice(n, size=dead, replace=False)] = False
    holders = rng.choice(n, size=replicas, replace=False)
    origins = rng.choice(np.flatnonzero(alive), size=lookups)

    central = central_lookups(holders, alive, lookups, uptime, rng_for(seed, 11))
    flooding = flooding_lookups(n, degree, ttl_max, holders, alive, origins, rng_for(seed, 12), prog.part(0.0, 0.7))
    dht = dht_lookups(n, replicas, failed, lookups, rng_for(seed, 13))
    prog(0.75)

    sizes = _dht_sizes(n)
    dht_by_n = []
    for i, size in enumerate(sizes):
        res = dht if size == n else dht_lookups(size, replicas, failed, lookups, rng_for(seed, 14, size))
        dht_by_n.append(
            {
                "peers": size,
                "mean_hops": res["mean_hops"],
                "max_hops": res["max_hops"],
                "log2_n": math.log2(size),
                "success_rate": res["success_rate"],
            }
        )
        prog(0.75 + 0.25 * (i + 1) / len(sizes))

    ttls = flooding["ttl"]
    dht_mean = dht["mean_hops"]
    charts = [
        chart(
            "success_vs_ttl",
            gettext_noop("Lookup success rate against TTL"),
            gettext_noop("TTL (hops)"),
            gettext_noop("success rate"),
            ttls,
            [
                {"name": gettext_noop("flooding"), "y": flooding["success_rate"]},
                {"name": gettext_noop("central index"), "y": [central["success_rate"]] * len(ttls)},
                {"name": gettext_noop("DHT (Chord)"), "y": [dht["success_rate"]] * len(ttls)},
            ],
        ),
        chart(
            "messages_vs_ttl",
            gettext_noop("Messages per lookup against TTL"),
            gettext_noop("TTL (hops)"),
            gettext_noop("messages per lookup"),
            ttls,
            [
                {"name": gettext_noop("flooding"), "y": flooding["messages_per_lookup"]},
                {"name": gettext_noop("central index"), "y": [central["messages_per_lookup"]] * len(ttls)},
                {"name": gettext_noop("DHT (Chord)"), "y": [dht_mean if dht_mean is not None else 0.0] * len(ttls)},
            ],
            log_y=True,
        ),
        chart(
            "dht_hops_vs_n",
            gettext_noop("DHT (Chord) hops against N"),
            gettext_noop("N (peers)"),
            gettext_noop("hops per lookup"),
            sizes,
            [
                {"name": gettext_noop("mean hops (simulated)"), "y": [r["mean_hops"] for r in dht_by_n]},
                {"name": gettext_noop("max hops (simulated)"), "y": [r["max_hops"] for r in dht_by_n]},
                {"name": "log2 N", "y": [r["log2_n"] for r in dht_by_n]},
                {"name": "½·log2 N", "y": [r["log2_n"] / 2 for r in dht_by_n]},
            ],
            log_x=True,
        ),
    ]
    return {
        "central": central,
        "flooding": flooding,
        "dht": {k: v for k, v in dht.items() if k != "hops"},
        "dht_by_n": dht_by_n,
        "alive_peers": int(alive.sum()),
        "charts": charts,
        "table": table(
            [
                "TTL",
                gettext_noop("flooding success rate"),
                gettext_noop("flooding messages per lookup"),
            ],
            [
                [t, rounded(s, 4), rounded(m, 6)]
                for t, s, m in zip(ttls, flooding["success_rate"], flooding["messages_per_lookup"], strict=True)
            ],
        ),
    }


KIND = Kind(
    kind="lookup",
    title=gettext_noop("Finding a resource: central index, flooding, DHT"),
    params=PARAMS,
    run=run,
    presets=PRESETS,
    description=gettext_noop(
        "How a peer finds who holds a file: ask a central index (Napster), flood the query with a TTL "
        "(Gnutella), or route it through a distributed hash table (Chord); with failures injected."
    ),
)
