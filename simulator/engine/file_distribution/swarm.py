"""The slotted chunk-level simulations: client-server (the server alone) and a BitTorrent-like swarm.

The model (chunks, connections of rate r, rounds; why a simulated time never beats the analytic bound) and the
swarm's rarest-first pairing are described in the package docstring (`file_distribution/__init__.py`); here
are the connection-rate planning and the two simulations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from ..base import ProgressFn
from .rounds import Rounds, SimResult, Swarm

# Bounds on the slotted model, so the largest allowed parameters stay within the time budget.
MAX_SLOTS = 16  # connections per peer (each way)
MAX_ROUNDS_SWARM = 400
MAX_ROUNDS_CS = 4000
MAX_PASSES = 24  # pairing passes per round (a round stops early when a pass finds nothing)


@dataclass(frozen=True)
class Plan:
    """One connection rate r and the slot counts it gives. Every node stays within its rates."""

    rate: float  # bit/s per connection
    round_s: float  # seconds per round (one chunk over one connection)
    server_slots: int
    down_slots: int
    up_slots: int  # the most any peer has
    rounds_lb: float  # lower bound on rounds in this model
    up_per_peer: np.ndarray | None = field(default=None, compare=False, repr=False)  # connections of each peer


def _slots(rate: float, r: float, cap: int = 10**9) -> int:
    """min(cap, floor(rate / r)), guarding against k·r landing one ulp above rate."""
    if r <= 0 or rate <= 0:
        return 0
    ratio = rate / r
    if ratio >= cap:
        return cap
    k = int(math.floor(ratio))
    while k > 0 and k * r > rate:
        k -= 1
    if (k + 1) * r <= rate:
        k += 1
    return k


def plan_rounds(
    file_size_bits: float,
    chunks: int,
    server_upload_bps: float,
    peers: int,
    peer_download_bps: float,
    peer_upload_bps: float | np.ndarray,
    *,
    max_slots: int = MAX_SLOTS,
    max_rounds: int = MAX_ROUNDS_SWARM,
    fill_rounds: float = 2.0,
) -> Plan:
    """Pick the connection rate r (a fraction u/k, d/k or u_s/k) with the smallest predicted time."""
    n, m = peers, chunks
    uploads = np.broadcast_to(np.asarray(peer_upload_bps, dtype=float), (peers,))
    mean_upload = float(uploads.mean())
    # Identical peers (the usual case) are one value: keep the search cheap.
    upload_values, upload_counts = np.unique(uploads, return_counts=True)
    bases = [server_upload_bps, peer_download_bps] + ([mean_upload] if mean_upload > 0 else [])
    best: tuple[float, Plan] | None = None
    fallback: tuple[float, Plan] | None = None
    # Connections slower than this only add slots past the caps: not worth looking at.
    floor_rate = min(server_upload_bps, peer_download_bps) / (2 * divisors_max(max_slots))
    divisors = sorted(set(range(1, 4 * max_slots + 1)) | {int(round(1.2**e)) for e in range(20, 61)})
    for base in bases:
        for k in divisors:
            r = base / k
            if r > server_upload_bps or r > peer_download_bps or r < floor_rate:
                continue
            s = _slots(server_upload_bps, r)
            dn = min(_slots(peer_download_bps, r), max_slots, m)
            if mean_upload > 0:
                if upload_values.size == 1:
                    up = _slots(float(upload_values[0]), r, max_slots)
                    up_total = up * n
                else:
                    up_values = _slots_each(upload_values, r, max_slots)
                    up_total = int((up_values * upload_counts).sum())
                    up = int(up_values.max())
            else:
                up = up_total = 0
            if s < 1 or dn < 1:
                continue
            s = min(s, n * dn)
            rounds_lb = max(m / s, m / dn, n * m / (s + up_total))
            round_s = (file_size_bits / m) / r
            predicted = (math.ceil(rounds_lb - 1e-9) + (fill_rounds if up else 0.0)) * round_s
            plan = Plan(r, round_s, s, dn, up, rounds_lb)
            if rounds_lb <= max_rounds:
                if best is None or predicted < best[0]:
                    best = (predicted, plan)
            elif fallback is None or rounds_lb < fallback[1].rounds_lb:
                fallback = (predicted, plan)
    chosen = best or fallback
    assert chosen is not None  # r = min(u_s, d) always gives s >= 1 and dn >= 1
    plan = chosen[1]
    return replace(plan, up_per_peer=_slots_each(uploads, plan.rate, max_slots) if mean_upload > 0 else None)


def divisors_max(max_slots: int) -> int:
    return max(4 * max_slots, int(round(1.2**60)))


def _slots_each(rates: np.ndarray, r: float, cap: int) -> np.ndarray:
    """Vectorised _slots: min(cap, floor(rate / r)) for every rate, never letting k·r exceed the rate."""
    k = np.minimum(np.floor(rates / r), cap)
    k = np.where(k * r > rates, k - 1, k)
    k = np.where(((k + 1) * r <= rates) & (k < cap), k + 1, k)
    return np.maximum(k, 0).astype(np.int64)


def simulate_client_server(
    file_size_bits: float,
    chunks: int,
    server_upload_bps: float,
    peers: int,
    peer_download_bps: float,
    rng: np.random.Generator,
    progress: ProgressFn | None = None,
) -> SimResult:
    """The server alone sends every chunk to every peer, sharing its connections fairly (water-filling)."""
    plan = plan_rounds(
        file_size_bits,
        chunks,
        server_upload_bps,
        peers,
        peer_download_bps,
        0.0,
        max_slots=4096,
        max_rounds=MAX_ROUNDS_CS,
    )
    s, dn = plan.server_slots, plan.down_slots
    rounds = Rounds(plan, peers, chunks)
    while (rounds.missing > 0).any():
        want = np.minimum(rounds.missing, dn)
        total = int(want.sum())
        if total <= s:
            give = want
        else:
            # Water-fill: the largest level L with sum(min(want, L)) <= s, then one more to `rest` random peers.
            lo, hi = 0, dn
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if int(np.minimum(want, mid).sum()) <= s:
                    lo = mid
                else:
                    hi = mid - 1
            give = np.minimum(want, lo)
            rest = s - int(give.sum())
            if rest > 0:
                eligible = np.flatnonzero(want > lo)
                pick = rng.choice(eligible, size=min(rest, eligible.size), replace=False)
                give[pick] += 1
        rounds.end_round(give, progress)
    return rounds.result()


def simulate_swarm(
    file_size_bits: float,
    chunks: int,
    server_upload_bps: float,
    peers: int,
    peer_download_bps: float,
    peer_upload_bps: float | np.ndarray,
    rng: np.random.Generator,
    progress: ProgressFn | None = None,
    *,
    choking: bool = False,
) -> SimResult:
    """BitTorrent-like swarm: rarest first, every peer uploads the chunks it holds. See the module docstring.

    With `choking`, a peer uploads only to the peers it unchokes (tit-for-tat, see `choking.py`)."""
    plan = plan_rounds(file_size_bits, chunks, server_upload_bps, peers, peer_download_bps, peer_upload_bps)
    if plan.up_slots == 0:  # no peer can carry one connection
        # Peers upload nothing (u = 0, or u too small to carry one connection): only the server sends, exactly
        # the client-server model.
        return simulate_client_server(
            file_size_bits, chunks, server_upload_bps, peers, peer_download_bps, rng, progress
        )
    swarm = Swarm(plan, peers, chunks, rng)
    if choking:
        from .choking import choke_rounds

        return choke_rounds(swarm, rng, progress)
    n, m, server = peers, chunks, swarm.server
    have = swarm.have
    node_ids = np.arange(n + 1)
    peer_ids = np.arange(n)
    for _ in swarm.rounds():
        rd = swarm.start_round()
        holders, free_up, free_down, pending = rd.holders, rd.free_up, rd.free_down, rd.pending
        filtered = False
        for _ in range(MAX_PASSES):
            # Chunks on the move: held by some peer and still needed by another. A peer can only help with
            # those; the server can help with anything a receiver lacks.
            moving = np.flatnonzero((holders + rd.in_flight < n) & (holders > 0))
            use_filter = filtered or min(int(free_up.sum()), int(free_down.sum())) > 2 * n
            if use_filter:
                # Only nodes that can help: an uploader holding a moving chunk, a receiver lacking a chunk some
                # free uploader holds. Costs O(N·|moving|), so only used when there are many more pairs than
                # peers or most random pairs failed (a swarm waiting on the server).
                can_up = free_up > 0
                can_up[:n] &= have[:n, moving].any(axis=1)
                if not can_up.any():
                    break
                if can_up[server]:
                    can_down = free_down > 0  # the server holds every chunk a peer may still lack
                else:
                    supply = np.flatnonzero(have[can_up].any(axis=0))
                    can_down = (free_down > 0) & (~have[:n, supply] & ~pending[:, supply]).any(axis=1)
                ups = np.repeat(node_ids[can_up], free_up[can_up])
                downs = np.repeat(peer_ids[can_down], free_down[can_down])
            else:
                ups = np.repeat(node_ids, free_up)
                downs = np.repeat(peer_ids, free_down)
            k = min(ups.size, downs.size)
            if k == 0:
                break
            rng.shuffle(ups)
            rng.shuffle(downs)
            i, j = ups[:k], downs[:k]
            from_server = i == server
            parts = []
            if 2 * moving.size > m:
                # Most chunks are moving: cheaper to look at every column for every pair (never wrong: a
                # chunk that is not moving is useless to a peer's pair anyway).
                parts.append(swarm.pick_chunks(rd, i, j, None, rng))
            elif from_server.any():
                parts.append(swarm.pick_chunks(rd, i[from_server], j[from_server], None, rng))
            if 2 * moving.size <= m and moving.size and not from_server.all():
                parts.append(swarm.pick_chunks(rd, i[~from_server], j[~from_server], moving, rng))
            if parts:
                i = np.concatenate([p[0] for p in parts])
                j = np.concatenate([p[1] for p in parts])
                c = np.concatenate([p[2] for p in parts])
            else:
                i = j = c = np.empty(0, dtype=np.int64)
            filtered = i.size < k / 2
            if i.size == 0 and (use_filter or not moving.size):
                break
            rd.send(i, j, c)
        swarm.end_swarm_round(rd, progress)
    return swarm.result()
