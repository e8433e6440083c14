"""Template helpers of the simulator, including `{% exercises_for_lesson lesson %}` for lesson pages."""

from django import template
from django.utils.translation import gettext as _

from simulator import selectors
from simulator.engine import KINDS
from simulator.units import human

register = template.Library()


@register.filter
def pick_language(texts) -> str:
    return selectors.localized(texts)


@register.filter
def exercise_params(exercise) -> list[tuple[str, str]]:
    kind = KINDS.get(exercise.kind)
    specs = {p.name: p for p in kind.params} if kind else {}
    values = {**(kind.defaults() if kind else {}), **(exercise.params or {})}
    rows = []
    for name, value in values.items():
        p = specs.get(name)
        rows.append(((p.label or p.name) if p else name, human(value, p.unit if p else "")))
    return rows


@register.filter
def choice_text(value, question) -> str:
    """A choice id as its text (in the current language); a number as it is."""
    if value is None:
        return "—"
    for choice in (question or {}).get("choices", []):
        if str(choice["id"]) == str(value):
            return selectors.localized(choice.get("text")) if isinstance(choice.get("text"), dict) else choice["text"]
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


@register.inclusion_tag("simulator/_exercise_links.html")
def exercises_for_lesson(lesson):
    """Links to the simulation exercises that demonstrate this lesson's differences (nothing when there are none)."""
    return {"exercises": selectors.exercises_for_lesson(lesson) if lesson is not None else []}


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
