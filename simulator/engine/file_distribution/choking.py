"""The swarm with BitTorrent's choking (tit-for-tat), for swarms with free-riders.

Same slotted model as `swarm.simulate_swarm` (rounds, connections of rate r, rarest first, a peer uploads only
chunks it fully holds; `simulate_swarm(..., choking=True)` sets the swarm up and runs `choke_rounds`), with one
rule added: a peer that is still downloading uploads only to the peers it unchokes. Every round it unchokes the
UNCHOKED (4) peers that uploaded most to it over the last WINDOW rounds (ties, and a peer with fewer
reciprocators, filled at random among the peers still downloading), plus one optimistic unchoke chosen at random
and kept for OPTIMISTIC_ROUNDS (3) rounds. The server and the peers that already hold the whole file (seeds)
upload to anyone, as a BitTorrent seed does.

A free-rider uploads nothing, so it never earns a regular unchoke from a contributor once contributors have
reciprocators: it gets chunks from the server, from optimistic unchokes and from seeds, and finishes later.
"""

from __future__ import annotations

import numpy as np

from ..base import ProgressFn
from .rounds import SimResult, Swarm
from .swarm import MAX_PASSES

UNCHOKED = 4
OPTIMISTIC_ROUNDS = 3
WINDOW = 3


def _top_reciprocators(
    history: list[tuple[np.ndarray, np.ndarray]], n: int, downloading: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """(n, UNCHOKED) peers that sent each peer most over the window (-1 where there are not enough)."""
    out = np.full((n, UNCHOKED), -1, dtype=np.int64)
    if not history:
        return out
    senders = np.concatenate([h[0] for h in history])
    receivers = np.concatenate([h[1] for h in history])
    keep = downloading[senders]  # a peer only unchokes peers that still want something
    senders, receivers = senders[keep], receivers[keep]
    if senders.size == 0:
        return out
    pair, counts = np.unique(receivers * n + senders, return_counts=True)
    uploader, partner = pair // n, pair % n
    # Most sent first, ties at random; then the first UNCHOKED of each uploader.
    order = np.lexsort((rng.random(pair.size), -counts, uploader))
    uploader, partner = uploader[order], partner[order]
    starts = np.searchsorted(uploader, uploader, side="left")
    rank = np.arange(uploader.size) - starts
    take = rank < UNCHOKED
    out[uploader[take], rank[take]] = partner[take]
    return out


def choke_rounds(swarm: Swarm, rng: np.random.Generator, progress: ProgressFn | None = None) -> SimResult:
    """The rounds of `swarm` (set up by `swarm.simulate_swarm`) with every downloading peer choking."""
    n = swarm.peers
    peer_ids = np.arange(n)
    node_ids = np.arange(n + 1)
    history: list[tuple[np.ndarray, np.ndarray]] = []  # (sender, receiver) of peer-to-peer transfers, per round
    optimistic = np.full(n, -1, dtype=np.int64)
    for rnd in swarm.rounds(patience=2):
        downloading = swarm.missing > 0
        wanting = np.flatnonzero(downloading)
        # Rechoke: the best reciprocators, random fill for empty places, and the optimistic unchoke.
        unchoke = _top_reciprocators(history, n, downloading, rng)
        empty = unchoke < 0
        if empty.any():
            unchoke[empty] = wanting[rng.integers(0, wanting.size, size=int(empty.sum()))]
        if rnd % OPTIMISTIC_ROUNDS == 0 or (optimistic >= 0).sum() == 0:
            optimistic = wanting[rng.integers(0, wanting.size, size=n)]
        unchoke = np.concatenate([unchoke, optimistic[:, None]], axis=1)  # (n, UNCHOKED + 1)

        rd = swarm.start_round()
        seeding = ~downloading
        free_up, free_down = rd.free_up, rd.free_down
        sent_i: list[np.ndarray] = []
        sent_j: list[np.ndarray] = []
        for _ in range(MAX_PASSES):
            # Choked uploaders (still downloading): one connection attempt per unchoked partner and pass.
            choked_up = np.flatnonzero((free_up[:n] > 0) & downloading)
            ei = np.repeat(choked_up, UNCHOKED + 1)
            ej = unchoke[choked_up].ravel()
            ok = (ej != ei) & (free_down[ej] > 0)
            ei, ej = ei[ok], ej[ok]
            if ei.size:
                order = rng.permutation(ei.size)
                ei, ej = ei[order], ej[order]
                ei, ej = _within(ei, free_up, ej, free_down)
            # The server and the seeds: any peer that still has room to receive.
            left_down = free_down - np.bincount(ej, minlength=n)
            open_nodes = np.flatnonzero((free_up > 0) & np.append(seeding, True))
            ups = np.repeat(node_ids[open_nodes], free_up[open_nodes])
            downs = np.repeat(peer_ids, np.maximum(left_down, 0))
            k = min(ups.size, downs.size)
            rng.shuffle(ups)
            rng.shuffle(downs)
            i = np.concatenate([ei, ups[:k]])
            j = np.concatenate([ej, downs[:k]])
            if i.size == 0:
                break
            i, j, c = swarm.pick_chunks(rd, i, j, None, rng)
            if i.size == 0:
                break
            i, j, c = rd.send(i, j, c)
            peer_sent = i < n
            sent_i.append(i[peer_sent])
            sent_j.append(j[peer_sent])
        history.append(
            (np.concatenate(sent_i), np.concatenate(sent_j)) if sent_i else (np.empty(0, int), np.empty(0, int))
        )
        history = history[-WINDOW:]
        swarm.end_swarm_round(rd, progress)
    return swarm.result()


def _within(
    ei: np.ndarray, free_up: np.ndarray, ej: np.ndarray, free_down: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Keep, in order, the edges that fit both the uploader's and the receiver's free connections."""
    keep = _rank_in_group(ei) < free_up[ei]
    ei, ej = ei[keep], ej[keep]
    keep = _rank_in_group(ej) < free_down[ej]
    return ei[keep], ej[keep]


def _rank_in_group(keys: np.ndarray) -> np.ndarray:
    """For each element, how many earlier elements share its key (0 for the first)."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.searchsorted(sorted_keys, sorted_keys, side="left")
    ranks = np.empty(keys.size, dtype=np.int64)
    ranks[order] = np.arange(keys.size) - starts
    return ranks
