"""Simulation engine: pure Python (numpy, SimPy, networkx), no Django.

`KINDS` maps a kind name to its `Kind` (parameters and run function).
"""

from .base import Cancelled, Kind, Param, validate_params

KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.kind] = kind
    return kind


__all__ = ["KINDS", "Cancelled", "Kind", "Param", "register", "validate_params"]
