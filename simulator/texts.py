"""Engine message ids in the reader's language: the one place the simulator turns a msgid and its arguments
into text (the engine marks its English texts with `gettext_noop`; `makemessages` finds them)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from simulator.engine.base import Message
from simulator.units import UNITS, human, number


def translate(msgid: str, args: dict[str, Any] | None = None) -> str:
    """An engine msgid in the reader's language, its arguments written with the simulator's number formats.

    An argument is a number, a string, or a quantity {"value": 300000, "unit": "bit/s"}."""
    text = _(msgid) if msgid else ""
    if not args:
        return text
    shown = {}
    for key, value in args.items():
        if isinstance(value, dict) and "value" in value:
            shown[key] = human(value["value"], value.get("unit", ""))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            shown[key] = number(value, 4)
        else:
            shown[key] = value
    try:
        return text % shown
    except (KeyError, TypeError, ValueError):  # a catalog entry that lost a placeholder must not break a page
        return msgid


def engine_message(message: Any) -> str:
    """A validation message from the engine, translated (bounds written with their units)."""
    if not isinstance(message, Message):
        return str(message)
    args = dict(message.args)
    unit = args.pop("unit", "")
    for key in ("min", "max"):
        if key in args:
            args[key] = {"value": args[key], "unit": unit}
    return translate(message.msgid, args)


def exercise_text(text: Any) -> str:
    """An exercise's stored text (title, intro, prompt, choice, observation label) in the reader's language.

    The seed stores English msgids (locale/simulator has their Vietnamese); a text written by hand in the admin
    has no catalog entry and reads as written."""
    return _(text) if isinstance(text, str) and text else ""


def unit_label(code: str) -> str:
    """A unit code of an exercise question ("s", "h") as the reader's unit label; an unknown code as it is."""
    return next((str(u.label) for units in UNITS.values() for u in units if u.code == code), code or "")
