"""A central index (Napster-like): one query, one answer; fails when the index or every holder is down."""

from __future__ import annotations

import numpy as np


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
