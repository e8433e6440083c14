"""Forms of the simulator pages. Parameters are shown with decimal prefixes (1 Mbps = 10^6 bit/s)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from simulator.engine.base import Kind, Param
from simulator.selectors import localized
from simulator.units import display_unit


def param_display(param: Param) -> tuple[float, str]:
    """The factor and unit a parameter is typed in (chosen from its default, so 30 Mbps reads as 30)."""
    return display_unit(param.unit, param.default or param.max)


def _shown(value: float, factor: float) -> float:
    return float(f"{value / factor:.12g}")


class RunForm(forms.Form):
    """One field per engine parameter, bounds as min/max (the browser checks them too), converted back to SI."""

    seed = forms.IntegerField(
        label=_("Seed"),
        min_value=0,
        max_value=2**31 - 1,
        required=False,
        help_text=_("Same seed, same result. Leave empty for a random one."),
    )

    def __init__(self, kind: Kind, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.factors: dict[str, float] = {}
        fields = {}
        for p in kind.params:
            factor, unit = param_display(p)
            self.factors[p.name] = factor
            lo, hi, default = _shown(p.min, factor), _shown(p.max, factor), _shown(p.default, factor)
            if p.type == "int" and factor == 1:
                lo, hi, default = int(lo), int(hi), int(default)
            common = {
                "label": p.label or p.name,
                "initial": default,
                "min_value": lo,
                "max_value": hi,
                "help_text": p.help,
            }
            if p.type == "int" and factor == 1:
                field = forms.IntegerField(**common)
            else:
                field = forms.FloatField(**common)
                field.widget.attrs["step"] = "any"
            field.unit = unit
            shown_unit = "" if unit in ("count", "") else f" {unit}"
            field.bounds = f"{lo:g} – {hi:g}{shown_unit}"
            fields[p.name] = field
        fields["seed"] = self.fields.pop("seed")
        self.fields = {**fields}

    def params_si(self) -> dict[str, Any]:
        out = {}
        for p in self.kind.params:
            value = self.cleaned_data[p.name] * self.factors[p.name]
            out[p.name] = round(value) if p.type == "int" else float(value)
        return out


class QuestionsForm(forms.Form):
    """Prediction or explanation questions; keys and tolerances come from the exercise, never the expected values."""

    def __init__(self, questions: list[dict], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            label = localized(q.get("prompt"))
            if q["type"] == "number":
                field = forms.FloatField(label=label, min_value=-1e15, max_value=1e15)
                field.widget.attrs["step"] = "any"
            else:
                field = forms.ChoiceField(
                    label=label,
                    choices=[(c["id"], localized(c.get("text"))) for c in q.get("choices", [])],
                    widget=forms.RadioSelect,
                )
            field.unit = q.get("unit", "")
            field.tolerance = q.get("tolerance") if q["type"] == "number" else None
            self.fields[q["key"]] = field
