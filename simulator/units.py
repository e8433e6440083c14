"""Numbers and quantities as shown to people, in the reader's language: the one formatting helper of the simulator.

Decimal prefixes, as the textbook counts (1 Mbps = 10^6 bit/s, 1 MB = 8·10^6 bit). Numbers keep a few significant
digits and use the locale's separators (vi: `7.500`, `69,2 %`; en: `7,500`, `69.2%`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.formats import get_format
from django.utils.numberformat import format as _numberformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy


@dataclass(frozen=True)
class Unit:
    """One unit a quantity can be typed or shown in: `factor` SI base units per unit."""

    code: str  # stable id used in forms ("Gbit", "per_h")
    factor: float
    label: object  # lazy translated text


# The units each engine unit can be typed in (the picker), smallest first.
UNITS: dict[str, tuple[Unit, ...]] = {
    "bit": (
        Unit("bit", 1.0, "bit"),
        Unit("kbit", 1e3, "kbit"),
        Unit("kB", 8e3, "kB"),
        Unit("Mbit", 1e6, "Mbit"),
        Unit("MB", 8e6, "MB"),
        Unit("Gbit", 1e9, "Gbit"),
        Unit("GB", 8e9, "GB"),
        Unit("Tbit", 1e12, "Tbit"),
        Unit("TB", 8e12, "TB"),
    ),
    "bit/s": (
        Unit("bps", 1.0, "bps"),
        Unit("kbps", 1e3, "kbps"),
        Unit("Mbps", 1e6, "Mbps"),
        Unit("Gbps", 1e9, "Gbps"),
    ),
    "1/s": (
        Unit("per_day", 1 / 86400, gettext_lazy("per day")),
        Unit("per_h", 1 / 3600, gettext_lazy("per hour")),
        Unit("per_min", 1 / 60, gettext_lazy("per minute")),
        Unit("per_s", 1.0, gettext_lazy("per second")),
    ),
    "s": (
        Unit("s", 1.0, pgettext_lazy("unit", "s")),
        Unit("min", 60.0, pgettext_lazy("unit", "min")),
        Unit("h", 3600.0, pgettext_lazy("unit", "h")),
        Unit("day", 86400.0, pgettext_lazy("unit", "days")),
    ),
    "fraction": (Unit("percent", 0.01, "%"),),
}
# Shown units when a quantity is written out (bit sizes in bit multiples, like the textbook).
_SHOWN = {
    "bit": ("bit", "kbit", "Mbit", "Gbit", "Tbit"),
    "bit/s": ("bps", "kbps", "Mbps", "Gbps"),
}


def unit_by_code(unit: str, code: str) -> Unit | None:
    return next((u for u in UNITS.get(unit, ()) if u.code == code), None)


def best_unit(unit: str, magnitude: float, *, codes: tuple[str, ...] | None = None) -> Unit | None:
    """The largest unit in which `magnitude` reads as at least 1 (the smallest when it is below all of them)."""
    choices = [u for u in UNITS.get(unit, ()) if codes is None or u.code in codes]
    if not choices:
        return None
    best = choices[0]
    for u in choices:
        if abs(magnitude) >= u.factor * (1 - 1e-12):
            best = u
    return best


# --------------------------------------------------------------------------- numbers


def _decimals(value: float, digits: int) -> int:
    if value == 0:
        return 0
    return max(0, digits - 1 - int(math.floor(math.log10(abs(value)))))


def _localized(value: float | int, decimals: int) -> str:
    """`value` with at most `decimals` decimals (trailing zeros dropped), in the locale's separators and grouping."""
    text = _numberformat(
        value,
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=decimals,
        grouping=3,
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )
    if decimals:
        sep = get_format("DECIMAL_SEPARATOR")
        text = text.rstrip("0").rstrip(sep) if sep in text else text
    return text


def number(value: float | int | None, digits: int = 3) -> str:
    """`value` with `digits` significant digits (whole numbers stay whole), in the locale's separators."""
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if not math.isfinite(value):
        return "∞" if value > 0 else "−∞"
    if isinstance(value, int) or (float(value).is_integer() and abs(value) >= 10 ** (digits - 1)):
        decimals = 0
        value = round(value)
        if abs(value) >= 10**digits:  # 123456 with 3 digits -> 123000: keep the meaningful digits only
            scale = 10 ** (int(math.floor(math.log10(abs(value)))) - digits + 1)
            value = int(round(value / scale) * scale)
    else:
        decimals = _decimals(value, digits)
        rounded = round(float(value), decimals)
        if rounded != 0 and _decimals(rounded, digits) < decimals:  # 9.996 -> 10.0: one decimal fewer
            decimals = _decimals(rounded, digits)
            rounded = round(float(value), decimals)
        value = rounded
        if decimals == 0 and abs(value) >= 10**digits:
            scale = 10 ** (int(math.floor(math.log10(abs(value)))) - digits + 1)
            value = int(round(value / scale) * scale)
    return _localized(value, decimals)


def percent(fraction: float | None, digits: int = 3) -> str:
    """A fraction as a percentage that never reads 0 % or 100 % unless it is exactly that (vi `69,2 %`)."""
    if fraction is None:
        return "—"
    value = 100.0 * float(fraction)
    decimals = 1
    shown = round(value, decimals)
    # 99.96 % must not read "100 %", nor 0.001 % "0 %": add decimals until the text tells them apart.
    while decimals < 6 and ((shown >= 100 and value < 100) or (shown <= 0 < value)):
        decimals += 1
        shown = round(value, decimals)
    text = _localized(shown, decimals)
    return _("%(number)s%%") % {"number": text}


# --------------------------------------------------------------------------- quantities


def duration(seconds: float | None) -> str:
    """A time span in the unit that reads best: 0,25 ms; 15,6 s; 7.500 s; 2,8 giờ; 12 ngày; 3,2 năm."""
    if seconds is None:
        return "—"
    if not math.isfinite(seconds):
        return _("never")
    s = abs(seconds)
    if s == 0:
        return _("%(n)s s") % {"n": "0"}
    if s < 1e-6:
        return _("%(n)s ns") % {"n": number(seconds * 1e9)}
    if s < 1e-3:
        return _("%(n)s µs") % {"n": number(seconds * 1e6)}
    if s < 1:
        return _("%(n)s ms") % {"n": number(seconds * 1e3)}
    if s < 1e5:
        return _("%(n)s s") % {"n": number(seconds)}
    if s < 1e6:
        return _("%(n)s h") % {"n": number(seconds / 3600)}
    if s < 365 * 86400:
        return _("%(n)s days") % {"n": number(seconds / 86400)}
    return _("%(n)s years") % {"n": number(seconds / (365 * 86400))}


def rate(per_second: float | None) -> str:
    """How often something happens, per second/minute/hour/day: never "0.000278 per second"."""
    if per_second is None:
        return "—"
    steps = ((1.0, _("%(n)s per second")), (1 / 60, _("%(n)s per minute")), (1 / 3600, _("%(n)s per hour")))
    for factor, text in steps:
        if per_second >= factor:
            return text % {"n": number(per_second / factor)}
    return _("%(n)s per day") % {"n": number(per_second * 86400)}


def human(value: float | int | None, unit: str, digits: int = 4) -> str:
    """A quantity in an engine unit, readable: 15000000000 bit -> '15 Gbit', 700000 bit/s -> '700 kbps'."""
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if unit in _SHOWN:
        u = best_unit(unit, value, codes=_SHOWN[unit])
        return f"{number(value / u.factor, digits)} {u.label}"
    if unit == "s":
        return duration(value)
    if unit == "1/s":
        return rate(value)
    if unit == "fraction":
        return percent(value)
    return number(value, digits)


def in_unit(value: float, u: Unit, digits: int = 4) -> str:
    """`value` (SI) written in the given unit: '0,00036 per hour', '10.000 Gbit'."""
    return f"{number(value / u.factor, digits)} {u.label}".strip() if u.code != "percent" else percent(value)


def display_unit(unit: str, magnitude: float) -> tuple[float, str]:
    """(factor, label) to show a quantity of `unit` around `magnitude` (kept for callers outside the simulator)."""
    if unit in _SHOWN:
        u = best_unit(unit, magnitude, codes=_SHOWN[unit])
        return u.factor, str(u.label)
    return 1.0, unit
