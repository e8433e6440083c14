"""The contract every simulation kind follows. Pure Python: no Django here.

A kind declares its parameters (SI base units: bit, bit/s, s) and a `run`
function. `run(params, seed=..., progress=...)` returns a JSON-ready dict of
numbers and English message ids (the engine speaks no language: the Django layer
translates every text with gettext and writes the summary from the numbers):

    {
      "charts": [  # drawn on first view in the reader's language, shown with a data table
        {"id": "time_vs_n", "title": "<msgid>", "title_args": {...}, "x_label": "<msgid>", "y_label": "<msgid>",
         "x": [...], "series": [{"name": "<msgid>", "name_args": {...}, "y": [...]}], "log_x": false, "log_y": false}
      ],
      "table": {"columns": ["<msgid>", ...], "rows": [[...], ...]},
      ...kind-specific numbers (e.g. "analytic": {"client_server_s": ..., "p2p_s": ...})
    }

Every text is marked with `gettext_noop` so that `makemessages` finds it; `Message` carries a msgid and
its arguments (validation errors), so the Django layer can translate it and format its numbers.

`progress(fraction)` may be called any number of times with 0..1; it raises
`Cancelled` when the run should stop, and the kind lets that propagate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ProgressFn = Callable[[float], None]


def gettext_noop(message: str) -> str:
    """Marks an English message id for `makemessages`; the Django layer translates it when it is shown."""
    return message


class Message(str):
    """An English message whose msgid and arguments stay known: str() is the English text, the Django layer
    translates `msgid` and formats `args` (numbers with their units) in the reader's language."""

    msgid: str
    args: dict[str, Any]

    def __new__(cls, msgid: str, **args: Any) -> Message:
        obj = super().__new__(cls, msgid % args if args else msgid)
        obj.msgid = msgid
        obj.args = args
        return obj


@dataclass(frozen=True)
class Preset:
    """A named set of parameter values shown on the form ("the textbook problem")."""

    slug: str
    label: str  # msgid
    params: dict[str, Any]


class Cancelled(Exception):
    """Raised from the progress callback when a run is cancelled."""


@dataclass(frozen=True)
class Param:
    name: str
    unit: str  # "bit", "bit/s", "s", "1/s", "count", "fraction", ...
    default: float | int
    min: float | int
    max: float | int
    type: str = "float"  # "int" or "float"
    label: str = ""  # msgid
    help: str = ""  # msgid

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "unit": self.unit,
            "default": self.default,
            "min": self.min,
            "max": self.max,
            "type": self.type,
            "label": self.label or self.name,
            "help": self.help,
        }


@dataclass(frozen=True)
class Kind:
    kind: str
    title: str
    params: tuple[Param, ...]
    run: Callable[..., dict[str, Any]]
    description: str = ""
    presets: tuple[Preset, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}


def validate_params(kind: Kind, raw: Any) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Check `raw` against the kind's schema. Returns (clean params with defaults filled, errors by field).

    Unknown names, wrong types, non-finite numbers and values outside [min, max] are errors.
    """
    import math

    errors: dict[str, list[str]] = {}
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        return {}, {"params": [Message(gettext_noop("must be an object of parameter names to numbers"))]}
    known = {p.name: p for p in kind.params}
    for name in raw:
        if name not in known:
            errors.setdefault(str(name), []).append(
                Message(gettext_noop("unknown parameter for %(kind)s"), kind=kind.kind)
            )
    clean: dict[str, Any] = {}
    for p in kind.params:
        if p.name not in raw:
            clean[p.name] = p.default
            continue
        value = raw[p.name]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            errors.setdefault(p.name, []).append(Message(gettext_noop("must be a number")))
            continue
        if isinstance(value, float) and not math.isfinite(value):
            errors.setdefault(p.name, []).append(Message(gettext_noop("must be a finite number")))
            continue
        if p.type == "int":
            if isinstance(value, float) and not value.is_integer():
                errors.setdefault(p.name, []).append(Message(gettext_noop("must be a whole number")))
                continue
            value = int(value)
        else:
            value = float(value)
        if value < p.min or value > p.max:
            errors.setdefault(p.name, []).append(
                Message(gettext_noop("must be between %(min)s and %(max)s"), min=p.min, max=p.max, unit=p.unit)
            )
            continue
        clean[p.name] = value
    return clean, errors
