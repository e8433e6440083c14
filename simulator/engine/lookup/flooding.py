"""Flooding (Gnutella-like) over a random overlay held as CSR arrays, one breadth-first search per lookup.

Messages count every copy sent, duplicates too: that cost against the TTL is what the kind shows.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np


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
