"""Pieces every question generator shares: sizes, a statement reference and the seeded random source."""

from __future__ import annotations

import random

from .types import DifferenceData, QuestionType, StatementData, Subject

MC_CHOICES = 4
MATCHING_ITEMS = 4
MAX_MATCHING_ITEMS = 6
PER_DIFFERENCE = [QuestionType.WHICH_MODEL, QuestionType.MULTIPLE_CHOICE, QuestionType.TRUE_FALSE]

Ref = tuple[DifferenceData, int]  # a statement: its difference and its index there


def _rng(seed: int | str, key: str) -> random.Random:
    # A string seed is hashed with SHA-512 by `random`: stable across runs and PYTHONHASHSEED.
    return random.Random(f"{seed}:{key}")


def _name(subjects: list[Subject], key: str) -> str:
    return next(s.name for s in subjects if s.key == key)


def _ref_id(ref: Ref) -> str:
    return f"{ref[0].key}#{ref[1]}"


def _statement(ref: Ref) -> StatementData:
    return ref[0].statements[ref[1]]
