"""`lookup`: how a peer finds which node holds a resource.

Three ways, with the same peers, resource copies and failures:

- central index (Napster-like): one query to the index server and one answer (2 messages). It fails when
  the index is down (each lookup finds it up with probability `index_uptime`) or no live peer holds a copy.
- flooding (Gnutella-like): the query spreads over a random overlay (every peer linked to about `degree`
  others); every peer that receives it for the first time forwards it to all its other live neighbours while
  the TTL lasts. Success when a holder is within TTL hops; messages count every copy sent, duplicates too.
- DHT (Chord): peers and keys get 32-bit ids on a ring; each peer keeps fingers (the successor of
  id + 2^k) and a successor list; a lookup hops to the closest live finger preceding the key. About
  ½·log2 N hops on average, at most about log2 N. The resource is stored on the key's first `replicas`
  successors, so it survives failures while one of them is alive.

Failure injection: `failed_fraction` of the peers are gone (they neither answer nor forward).
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import numpy as np

from ._util import Progress, chart, gettext_noop, jsonable, rng_for, rounded
from .base import Kind, Param, Preset, ProgressFn

ID_BITS = 32
RING = 1 << ID_BITS

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


# --------------------------------------------------------------------------- central index


def central_lookups(
    holders: np.ndarray, alive: np.ndarray, lookups: int, index_uptime: float, rng: np.random.Generator
) -> dict[str, float]:
    """Each lookup: ask the index (1 message), get the answer (1 message)."""
    index_up = rng.random(lookups) < index_uptime
    holder_alive = bool(alive[holders].any())
    success = index_up & holder_alive
    return {
        "success_rate": float(success.mean()),
        "messages_per_lookup": float(np.where(index_up, 2.0, 1.0).mean()),
        "hops": 1.0,
    }


# --------------------------------------------------------------------------- flooding


def overlay(n: int, degree: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A random overlay (random regular graph when possible) as CSR arrays (indptr, indices)."""
    degree = min(degree, n - 1)
    seed = int(rng.integers(0, 2**31 - 1))
    if (n * degree) % 2 == 0:
        graph = nx.random_regular_graph(degree, n, seed=seed)
    else:
        graph = nx.gnm_random_graph(n, n * degree // 2, seed=seed)
    edges = np.array(list(graph.edges()), dtype=np.int64).reshape(-1, 2)
    src = np.concatenate([edges[:, 0], edges[:, 1]])
    dst = np.concatenate([edges[:, 1], edges[:, 0]])
    order = np.lexsort((dst, src))
    src, dst = src[order], dst[order]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.add.at(indptr, src + 1, 1)
    indptr = np.cumsum(indptr)
    return indptr, dst


def _neighbours(indptr: np.ndarray, indices: np.ndarray, nodes: np.ndarray) -> np.ndarray:
    starts, ends = indptr[nodes], indptr[nodes + 1]
    lengths = ends - starts
    total = int(lengths.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    return indices[offsets + np.arange(total)]


def flood(
    indptr: np.ndarray,
    indices: np.ndarray,
    alive: np.ndarray,
    alive_degree: np.ndarray,
    is_holder: np.ndarray,
    origin: int,
    ttl_max: int,
) -> tuple[int, np.ndarray]:
    """BFS from `origin` over live peers. Returns (hops to the nearest holder or -1, messages sent per TTL 1..max).

    With TTL t the peers at depth 0..t-1 forward: the origin to all its live neighbours, every other peer to all
    live neighbours but the one it heard from first.
    """
    n = alive.size
    depth = np.full(n, -1, dtype=np.int64)
    depth[origin] = 0
    frontier = np.array([origin], dtype=np.int64)
    sent_at_depth = np.zeros(ttl_max, dtype=np.int64)
    found = 0 if is_holder[origin] else -1
    for h in range(ttl_max):
        if frontier.size == 0:
            break
        forwards = alive_degree[frontier].sum() - (frontier.size if h > 0 else 0)
        sent_at_depth[h] = forwards
        mark = np.zeros(n, dtype=bool)
        mark[_neighbours(indptr, indices, frontier)] = True
        nxt = np.flatnonzero(mark & alive & (depth < 0))
        depth[nxt] = h + 1
        if found < 0 and is_holder[nxt].any():
            found = h + 1
        frontier = nxt
    return found, np.cumsum(sent_at_depth)


def flooding_lookups(
    n: int,
    degree: int,
    ttl_max: int,
    holders: np.ndarray,
    alive: np.ndarray,
    origins: np.ndarray,
    rng: np.random.Generator,
    progress: Any = None,
) -> dict[str, Any]:
    indptr, indices = overlay(n, degree, rng)
    owner_of_entry = np.repeat(np.arange(n), np.diff(indptr))
    alive_degree = np.bincount(owner_of_entry, weights=alive[indices], minlength=n).astype(np.int64)
    is_holder = np.zeros(n, dtype=bool)
    is_holder[holders] = True
    is_holder &= alive
    hops = np.empty(origins.size, dtype=np.int64)
    messages = np.empty((origins.size, ttl_max), dtype=np.int64)
    for idx, origin in enumerate(origins):
        hops[idx], messages[idx] = flood(indptr, indices, alive, alive_degree, is_holder, int(origin), ttl_max)
        if progress is not None and idx % 16 == 0:
            progress(idx / origins.size)
    ttls = np.arange(1, ttl_max + 1)
    success = [(hops >= 0) & (hops <= t) for t in ttls]
    found_hops = hops[hops >= 0]
    return {
        "ttl": ttls.tolist(),
        "success_rate": [float(s.mean()) for s in success],
        "messages_per_lookup": messages.mean(axis=0).tolist(),
        "mean_hops_when_found": float(found_hops.mean()) if found_hops.size else None,
    }


# --------------------------------------------------------------------------- Chord DHT


class Chord:
    """A static Chord ring: sorted ids, finger tables and successor lists as index arrays."""

    def __init__(self, n: int, rng: np.random.Generator, succ_list: int | None = None):
        ids = np.unique(rng.integers(0, RING, size=n * 2, dtype=np.int64))
        ids = rng.permutation(ids)[:n]
        self.ids = np.sort(ids)
        self.n = self.ids.size
        self.r = succ_list or max(2, int(math.ceil(math.log2(max(self.n, 2)))))
        starts = (self.ids[:, None] + (np.int64(1) << np.arange(ID_BITS, dtype=np.int64))[None, :]) % RING
        self.fingers = self.successor_index(starts)  # n x ID_BITS
        self.succ = (np.arange(self.n)[:, None] + np.arange(1, self.r + 1)[None, :]) % self.n  # n x r

    def successor_index(self, keys: np.ndarray) -> np.ndarray:
        """Index of the first node with id >= key (clockwise), wrapping around."""
        return np.searchsorted(self.ids, keys, side="left") % self.n

    def lookup(self, origins: np.ndarray, keys: np.ndarray, alive: np.ndarray, replicas: int) -> dict[str, Any]:
        """Route every (origin, key) at once. Returns per-lookup hops and success."""
        ids = self.ids
        cur = origins.copy()
        hops = np.zeros(origins.size, dtype=np.int64)
        done = np.zeros(origins.size, dtype=bool)
        ok = np.zeros(origins.size, dtype=bool)
        # The data sits on the key's first `replicas` successors; the first live one among them answers.
        owner = self.successor_index(keys)
        # A peer that holds the data itself answers at once (0 hops).
        done[:] = ok[:] = self._holds(cur, owner, replicas)
        tables = np.concatenate([self.fingers, self.succ], axis=1)  # candidates for the next hop
        for _ in range(4 * ID_BITS):
            active = np.flatnonzero(~done)
            if active.size == 0:
                break
            c = cur[active]
            k = keys[active]
            # The first live successor of the current node.
            succ = self.succ[c]
            live = alive[succ]
            has_live = live.any(axis=1)
            first = succ[np.arange(c.size), live.argmax(axis=1)]
            dist_key = (k - ids[c]) % RING
            dist_succ = (ids[first] - ids[c]) % RING
            # Key in (cur, first live successor]: the successor answers (one more hop).
            arrive = has_live & (dist_key <= dist_succ) & (dist_key > 0)
            # The node itself is responsible when the key equals its id.
            at_self = dist_key == 0
            if at_self.any():
                idx = active[at_self]
                done[idx] = True
                ok[idx] = self._holds(cur[idx], owner[idx], replicas)
            idx = active[arrive & ~at_self]
            if idx.size:
                target = first[arrive & ~at_self]
                hops[idx] += 1
                cur[idx] = target
                done[idx] = True
                ok[idx] = self._holds(target, owner[idx], replicas)
            move = ~arrive & ~at_self
            if not move.any():
                continue
            a = active[move]
            cm, km = c[move], dist_key[move]
            cand = tables[cm]
            cand_dist = (ids[cand] - ids[cm][:, None]) % RING
            usable = alive[cand] & (cand_dist > 0) & (cand_dist < km[:, None])
            best = np.where(usable, cand_dist, -1).argmax(axis=1)
            can = usable[np.arange(cm.size), best]
            stuck = a[~can]
            done[stuck] = True  # no live node to forward to: the lookup fails
            moved = a[can]
            cur[moved] = cand[np.arange(cm.size), best][can]
            hops[moved] += 1
        return {"hops": hops, "success": ok}

    def _holds(self, nodes: np.ndarray, owner: np.ndarray, replicas: int) -> np.ndarray:
        return ((nodes - owner) % self.n) < replicas


def dht_lookups(
    n: int, replicas: int, alive_fraction_dead: float, lookups: int, rng: np.random.Generator
) -> dict[str, Any]:
    ring = Chord(n, rng)
    alive = np.ones(ring.n, dtype=bool)
    dead = int(round(alive_fraction_dead * ring.n))
    if dead:
        alive[rng.choice(ring.n, size=min(dead, ring.n - 1), replace=False)] = False
    live = np.flatnonzero(alive)
    origins = rng.choice(live, size=lookups)
    keys = rng.integers(0, RING, size=lookups, dtype=np.int64)
    out = ring.lookup(origins, keys, alive, replicas)
    hops = out["hops"][out["success"]]
    return {
        "success_rate": float(out["success"].mean()),
        "mean_hops": float(hops.mean()) if hops.size else None,
        "max_hops": int(hops.max()) if hops.size else None,
        "hops": out["hops"],
    }


# --------------------------------------------------------------------------- the kind


def _dht_sizes(n: int) -> list[int]:
    sizes = [2**k for k in range(4, 14) if 2**k < n]
    return sorted(set(sizes + [n]))


def run(params: dict[str, Any], *, seed: int = 0, progress: ProgressFn | None = None) -> dict[str, Any]:
    prog = Progress(progress)
    prog(0.0, force=True)
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
    out = {
        "central": central,
        "flooding": flooding,
        "dht": {k: v for k, v in dht.items() if k != "hops"},
        "dht_by_n": dht_by_n,
        "alive_peers": int(alive.sum()),
        "charts": charts,
        "table": {
            "columns": [
                "TTL",
                gettext_noop("flooding success rate"),
                gettext_noop("flooding messages per lookup"),
            ],
            "rows": [
                [t, rounded(s, 4), rounded(m, 6)]
                for t, s, m in zip(ttls, flooding["success_rate"], flooding["messages_per_lookup"], strict=True)
            ],
        },
    }
    prog(1.0, force=True)
    return jsonable(out)


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
