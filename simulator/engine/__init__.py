"""Simulation engine: pure Python (numpy, SimPy, networkx), no Django.

`KINDS` maps a kind name to its `Kind` (parameters and run function).
"""

from .base import Cancelled, Kind, Param, validate_params

KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.kind] = kind
    return kind


__all__ = ["KINDS", "Cancelled", "Kind", "Param", "register", "validate_params"]


# The kinds register themselves here (imported last: they import `register`'s module-level names).
from . import file_distribution as _file_distribution  # noqa: E402

register(_file_distribution.KIND)
from . import lookup as _lookup  # noqa: E402

register(_lookup.KIND)
from . import server_load as _server_load  # noqa: E402

register(_server_load.KIND)
from . import availability as _availability  # noqa: E402

register(_availability.KIND)
