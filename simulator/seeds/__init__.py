"""The seed exercises for the seed document: at least one per simulation kind, and one for every difference a
simulation can show, each tied to the difference(s) it demonstrates. Found by keywords in the bullets, so a
re-import (new keys) still links them. Seeded by `manage.py seed_exercises` (simulator.services.seeding).

Each spec's keys: slug, kind, params, param_ranges (each attempt draws within them), seed, title, intro,
predictions, questions (each with its "explain" from simulator.explanations), observations (what the explain step
may show of the run), attempts_allowed, match (the difference's keywords, else its position; a lesson's words).
"""

from __future__ import annotations

from typing import Any

from .common import ATTEMPTS, FD_TEXTBOOK
from .file_distribution import FILE_DISTRIBUTION
from .networks import NETWORKS

EXERCISES: list[dict[str, Any]] = [*FILE_DISTRIBUTION, *NETWORKS]

__all__ = ["ATTEMPTS", "EXERCISES", "FD_TEXTBOOK"]
