"""The bookkeeping every slotted simulation shares: rounds, who holds which chunk, and one round's connections.

`Rounds` counts what each peer still misses and the round it finished in (client-server needs no more);
`Swarm` adds which node holds which chunk and the tie-break noise, set up the same way for the plain and the
choking swarm (so both draw the same random numbers in the same order); `Round` is one round's free
connections and the chunks already on their way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..base import ProgressFn

if TYPE_CHECKING:
    from .swarm import Plan

NOISE_ROWS = 512  # random tie-break permutations kept per run


@dataclass
class SimResult:
    time_s: float
    completion_s: np.ndarray  # per peer
    transfers: int
    rounds: int
    plan: Plan


class Rounds:
    """Chunks each peer still misses, the round each finished in, transfers and rounds so far."""

    def __init__(self, plan: Plan, peers: int, chunks: int):
        self.plan = plan
        self.peers, self.chunks = peers, chunks
        self.missing = np.full(peers, chunks, dtype=np.int64)
        self.done_round = np.full(peers, -1, dtype=np.int64)
        self.transfers = 0
        self.rnd = 0
        self.expected_rounds = max(1.0, plan.rounds_lb)

    def end_round(self, got: np.ndarray, progress: ProgressFn | None, spare_rounds: float = 0.0) -> None:
        """Count the chunks each peer got this round; progress runs against the expected rounds plus `spare_rounds`."""
        self.missing -= got
        self.transfers += int(got.sum())
        newly = (self.missing == 0) & (self.done_round < 0)
        self.done_round[newly] = self.rnd + 1
        self.rnd += 1
        if progress is not None:
            progress(min(1.0, self.rnd / (self.expected_rounds + spare_rounds)))

    def result(self) -> SimResult:
        completion = self.done_round * self.plan.round_s
        return SimResult(float(completion.max()), completion, self.transfers, self.rnd, self.plan)


class Swarm(Rounds):
    """Rounds of a swarm: have[i, c] says node i holds chunk c; row `peers` is the server, which holds everything."""

    def __init__(self, plan: Plan, peers: int, chunks: int, rng: np.random.Generator):
        super().__init__(plan, peers, chunks)
        self.server = peers
        self.have = np.zeros((peers + 1, chunks), dtype=bool)
        self.have[self.server] = True
        self.noise = np.stack([rng.permutation(chunks) for _ in range(NOISE_ROWS)]).astype(np.int32)

    def rounds(self, patience: int = 1) -> Iterator[int]:
        """The rounds until every peer holds the file; past `patience` times the usual limit it cannot converge."""
        n, m, s = self.peers, self.chunks, self.plan.server_slots
        hard_limit = int(20 * patience * self.expected_rounds) + 1000 * patience + n * m // max(1, s)
        while (self.missing > 0).any():
            if self.rnd > hard_limit:  # pragma: no cover - the server makes progress every round
                raise RuntimeError("swarm simulation did not converge")
            yield self.rnd

    def start_round(self) -> Round:
        """Free connections: a peer uploads once it holds a chunk, the server on all its slots; receivers up to
        what they miss."""
        m = self.chunks
        free_up = np.where(self.missing < m, self.plan.up_per_peer, 0).astype(np.int64)
        return Round(
            holders=self.have[: self.peers].sum(axis=0, dtype=np.int32),
            free_up=np.append(free_up, self.plan.server_slots),
            free_down=np.minimum(self.missing, self.plan.down_slots),
            pending=np.zeros((self.peers, m), dtype=bool),
            in_flight=np.zeros(m, dtype=np.int32),
        )

    def pick_chunks(
        self, rd: Round, i: np.ndarray, j: np.ndarray, cols: np.ndarray | None, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For each pair (uploader i, receiver j): the rarest chunk (among `cols`, or all) that i holds and j neither
        holds nor is already getting; ties broken at random per pair. Returns the pairs that found one."""
        have, pending, noise = self.have, rd.pending, self.noise
        key = (rd.holders + rd.in_flight) * self.chunks
        rows = rng.integers(0, noise.shape[0], size=i.size)
        if cols is None:
            useful = have[i] & ~have[j] & ~pending[j]
            score = noise[rows]
            score += key
        else:
            useful = have[np.ix_(i, cols)] & ~have[np.ix_(j, cols)] & ~pending[np.ix_(j, cols)]
            score = noise[np.ix_(rows, cols)]
            score += key[cols]
        score[~useful] = np.iinfo(np.int32).max
        best = score.argmin(axis=1)
        ok = useful[np.arange(i.size), best]
        chosen = best if cols is None else cols[best]
        return i[ok], j[ok], chosen[ok]

    def end_swarm_round(self, rd: Round, progress: ProgressFn | None) -> None:
        """Every chunk sent this round arrives; progress allows two rounds past the bound to fill the pipeline."""
        self.have[: self.peers] |= rd.pending
        self.end_round(rd.pending.sum(axis=1), progress, spare_rounds=2)


@dataclass
class Round:
    """One round: chunk holders at its start, free connections (uploads: peers then the server; downloads: peers),
    pending[j, c] for chunk c on its way to peer j, and how many copies of each chunk are on their way."""

    holders: np.ndarray
    free_up: np.ndarray
    free_down: np.ndarray
    pending: np.ndarray
    in_flight: np.ndarray

    def send(self, i: np.ndarray, j: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Start the transfers (i sends c to j), one per receiver and chunk; returns those kept."""
        peers, chunks = self.pending.shape
        _, first = np.unique(j * chunks + c, return_index=True)
        i, j, c = i[first], j[first], c[first]
        self.pending[j, c] = True
        self.free_up -= np.bincount(i, minlength=peers + 1)
        self.free_down -= np.bincount(j, minlength=peers)
        self.in_flight += np.bincount(c, minlength=chunks).astype(np.int32)
        return i, j, c
