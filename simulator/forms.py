"""Forms of the simulator pages. A quantity is typed in a unit the student picks (MB, GB, Gbit; per hour...)."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simulator.engine.base import Kind, Param
from simulator.presenters import param_help, param_label
from simulator.texts import exercise_text, unit_label
from simulator.units import UNITS, Unit, best_unit, in_unit, number, unit_by_code

# The unit each parameter is typed in by default (others: the largest unit its default reads >= 1 in).
DEFAULT_UNITS = {
    "file_size_bits": "Gbit",
    "response_size_bits": "Mbit",
    "join_rate": "per_h",
    "leave_rate": "per_h",
    "request_rate": "per_s",
    "server_repair_s": "h",
    "duration_s": "day",
}
# Slack when a bound is typed as shown (rounded to 4 digits in another unit): taken as the bound itself.
BOUND_SLACK = 1e-3


def default_unit(param: Param) -> Unit | None:
    code = DEFAULT_UNITS.get(param.name)
    return (unit_by_code(param.unit, code) if code else None) or best_unit(param.unit, param.default or param.max)


class QuantityWidget(forms.MultiWidget):
    """A number and its unit: `<name>` and `<name>_unit`."""

    # In the app's templates: the form renderer reads app directories, not the project's templates/.
    template_name = "simulator/widgets/quantity.html"

    def __init__(self, units: tuple[Unit, ...], default: Unit, unit_kind: str, attrs: dict | None = None):
        self.default = default
        self.units = units
        self.unit_kind = unit_kind
        widgets = {
            "": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            "unit": forms.Select(choices=[(u.code, u.label) for u in units], attrs={"aria-label": _("Unit")}),
        }
        super().__init__(widgets, attrs)

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        base = (attrs or {}).get("id") or self.attrs.get("id")
        if base:  # the number keeps the field's own id (its <label for>), the picker gets "<id>_unit"
            number_widget, unit_widget = context["widget"]["subwidgets"]
            number_widget["attrs"]["id"], unit_widget["attrs"]["id"] = base, f"{base}_unit"
        return context

    def id_for_label(self, id_: str) -> str:
        return id_

    def decompress(self, value: Any) -> list[Any]:
        """An SI value as (number, unit): in the unit that reads best for it (10 Mbps, not 10000 kbps), in the
        default unit's family (bits stay bits, bytes bytes)."""
        if value in (None, ""):
            return [None, self.default.code]
        value = float(value)
        family = None
        if self.unit_kind == "bit":
            family = tuple(u.code for u in self.units if u.code[-1] == self.default.code[-1])
        unit = self.default
        if value and not 1 <= abs(value) / unit.factor < 1e4:
            unit = best_unit(self.unit_kind, value, codes=family) or unit
        return [f"{value / unit.factor:.12g}", unit.code]

    def value_from_datadict(self, data, files, name):
        number_value, code = super().value_from_datadict(data, files, name)
        return [number_value, code or self.default.code]


class QuantityField(forms.MultiValueField):
    """A parameter typed in a chosen unit; cleans to the engine's SI value, within the parameter's bounds."""

    def __init__(self, param: Param, **kwargs: Any):
        self.param = param
        self.units = UNITS[param.unit]
        self.default_unit = default_unit(param)
        fields = (
            forms.FloatField(),
            forms.ChoiceField(choices=[(u.code, u.label) for u in self.units]),
        )
        widget = QuantityWidget(self.units, self.default_unit, param.unit)
        super().__init__(fields=fields, widget=widget, require_all_fields=True, **kwargs)

    def compress(self, data_list: list[Any]) -> float | None:
        if not data_list or data_list[0] is None:
            return None
        value, code = data_list
        unit = unit_by_code(self.param.unit, code) or self.default_unit
        si = float(value) * unit.factor
        p = self.param
        if not math.isfinite(si):
            raise ValidationError(_("Enter a number."), code="invalid")
        low, high = p.min * (1 - BOUND_SLACK), p.max * (1 + BOUND_SLACK)
        if p.min > 0 and si < low or p.min <= 0 and si < p.min or si > high:
            raise ValidationError(
                _("Enter a value between %(min)s and %(max)s.") % {"min": self.bound(p.min), "max": self.bound(p.max)},
                code="out_of_range",
            )
        return min(max(si, p.min), p.max)

    def bound(self, value: float) -> str:
        """A bound in the default unit when it reads well there, else in the unit that suits it."""
        u = self.default_unit
        shown = value / u.factor
        if value == 0 or 1 <= abs(shown) < 1e6 or self.param.unit == "1/s":
            return in_unit(value, u)
        # Stay in bits when the default is in bits (bytes when in bytes): "8 bit to 10.000 Gbit".
        family = [x for x in self.units if self.param.unit != "bit" or x.code[-1] == u.code[-1]]
        return in_unit(value, best_unit(self.param.unit, value, codes=tuple(x.code for x in family)) or u)


class RunForm(forms.Form):
    """One field per engine parameter, in units a student reads (with a unit picker), converted back to SI."""

    seed = forms.IntegerField(
        label=gettext_lazy("Seed"),
        min_value=0,
        max_value=2**31 - 1,
        required=False,
        help_text=gettext_lazy("Same seed, same result. Leave empty for a random one."),
    )

    def __init__(self, kind: Kind, *args: Any, preset: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        chosen = next((p for p in kind.presets if p.slug == preset), None)
        self.preset = chosen.slug if chosen else None
        values = {**kind.defaults(), **(chosen.params if chosen else {})}
        fields = {}
        for p in kind.params:
            common = {"label": param_label(p), "help_text": param_help(p), "initial": values[p.name]}
            if p.unit in UNITS and p.unit != "fraction":
                field = QuantityField(p, **common)
                field.bounds = _("%(min)s to %(max)s") % {"min": field.bound(p.min), "max": field.bound(p.max)}
                field.unit = ""
            elif p.unit == "fraction":
                field = forms.FloatField(
                    min_value=100 * p.min,
                    max_value=100 * p.max,
                    **{**common, "initial": round(100 * values[p.name], 9)},
                )
                field.widget.attrs["step"] = "any"
                field.unit = "%"
                field.bounds = _("%(min)s to %(max)s") % {"min": number(100 * p.min), "max": number(100 * p.max)}
            elif p.type == "int":
                field = forms.IntegerField(min_value=int(p.min), max_value=int(p.max), **common)
                field.unit = ""
                field.bounds = _("%(min)s to %(max)s") % {"min": number(p.min), "max": number(p.max)}
            else:
                field = forms.FloatField(min_value=p.min, max_value=p.max, **common)
                field.widget.attrs["step"] = "any"
                field.unit = ""
                field.bounds = _("%(min)s to %(max)s") % {"min": number(p.min), "max": number(p.max)}
            fields[p.name] = field
        fields["seed"] = self.fields.pop("seed")
        self.fields = fields

    def presets(self) -> list[dict[str, Any]]:
        return [{"slug": p.slug, "label": _(p.label), "current": p.slug == self.preset} for p in self.kind.presets]

    def params_si(self) -> dict[str, Any]:
        out = {}
        for p in self.kind.params:
            value = self.cleaned_data[p.name]
            if p.unit == "fraction":
                value = value / 100.0
            out[p.name] = round(value) if p.type == "int" else float(value)
        return out


class QuestionsForm(forms.Form):
    """Prediction or explanation questions; keys and tolerances come from the exercise, never the expected values."""

    def __init__(self, questions: list[dict], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            label = exercise_text(q.get("prompt"))
            if q["type"] == "number":
                field = forms.FloatField(label=label, min_value=-1e15, max_value=1e15)
                field.widget.attrs["step"] = "any"
            else:
                field = forms.ChoiceField(
                    label=label,
                    choices=[(c["id"], exercise_text(c.get("text"))) for c in q.get("choices", [])],
                    widget=forms.RadioSelect,
                )
            field.unit = unit_label(q.get("unit", ""))
            field.tolerance = q.get("tolerance") if q["type"] == "number" else None
            self.fields[q["key"]] = field
