"""Template filters of the simulator (no database queries: views hand templates what they show)."""

from django import template
from django.utils.translation import gettext as _

from simulator import selectors, texts
from simulator.engine import KINDS
from simulator.units import human, number

register = template.Library()


@register.filter
def exercise_text(text) -> str:
    """An exercise's stored text in the reader's language (see simulator.texts.exercise_text)."""
    return texts.exercise_text(text)


@register.filter
def exercise_params(exercise) -> list[tuple[str, str]]:
    """The exercise's own parameters as (label, value) rows in the reader's language."""
    return kind_params(exercise.params, exercise.kind)


@register.filter
def kind_params(params, kind_name) -> list[tuple[str, str]]:
    """Parameters of a kind (an attempt's drawn ones, say) as (label, value) rows in the reader's language."""
    kind = KINDS.get(kind_name)
    specs = {p.name: p for p in kind.params} if kind else {}
    values = {**(kind.defaults() if kind else {}), **(params or {})}
    rows = []
    for name, value in values.items():
        p = specs.get(name)
        rows.append((_(p.label or p.name) if p else name, human(value, p.unit if p else "")))
    return rows


@register.filter
def exercise_status(exercise) -> str:
    """ "graded", "in_progress" or "not_started" for an exercise from selectors.exercises_with_progress."""
    return selectors.exercise_progress_status(exercise)


@register.filter
def choice_text(value, question) -> str:
    """A choice id as its text (in the current language); a number as it is."""
    if value is None:
        return "—"
    for choice in (question or {}).get("choices", []):
        if str(choice["id"]) == str(value):
            return texts.exercise_text(choice.get("text"))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(value, 6)
    return str(value)


@register.filter
def kind_title(kind: str) -> str:
    """A kind's title in the reader's language (the kind's name when it is not registered)."""
    engine_kind = KINDS.get(kind)
    return _(engine_kind.title) if engine_kind else kind


@register.filter
def status_label(status: str) -> str:
    """A run's or a submission's status in the reader's language."""
    labels = {
        "queued": _("queued"),
        "running": _("running"),
        "succeeded": _("succeeded"),
        "failed": _("failed"),
        "cancelled": _("cancelled"),
        "graded": _("graded"),
    }
    return labels.get(status, status)
