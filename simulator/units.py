"""Units as shown to people: SI base units with decimal prefixes (1 Mbps = 10^6 bit/s, as the textbook counts)."""

from __future__ import annotations

import math

PREFIXES = ((1e9, "G"), (1e6, "M"), (1e3, "k"))
# How a base unit reads once prefixed.
PREFIXED = {"bit/s": "bps", "bit": "bit"}


def display_unit(unit: str, magnitude: float) -> tuple[float, str]:
    """(factor, label) to show a quantity of `unit` around `magnitude`: a form field or a table column."""
    if unit in PREFIXED:
        for factor, prefix in PREFIXES:
            if abs(magnitude) >= factor:
                return factor, prefix + PREFIXED[unit]
    return 1.0, unit


def human(value: float | int | None, unit: str) -> str:
    """A readable quantity: 15000000000 bit -> '15 Gbit', 700000 bit/s -> '700 kbps', 7500 s -> '7500 s'."""
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return str(value)
    factor, label = display_unit(unit, value)
    shown = value / factor
    text = f"{shown:.4g}" if not float(shown).is_integer() else f"{int(shown)}"
    return f"{text} {label}".strip() if label not in ("count", "") else text
