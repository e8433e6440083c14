"""Chord: peers and keys on a 2^32 ring, routing by fingers and successor lists, every lookup advanced at once.

The routing is vectorised: each pass of the loop moves every unfinished lookup one hop with array operations, so
the number of Python-level steps grows with the longest route, not with the number of lookups.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

ID_BITS = 32
RING = 1 << ID_BITS


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
