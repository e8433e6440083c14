"""What the simulator pages and the API show, in the reader's language: kinds, parameters, summaries, charts and
their data tables. The engine returns English message ids and numbers; every text is translated here."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from simulator.engine import KINDS, Kind, Param
from simulator.models import SimulationRun
from simulator.summaries import summary_of
from simulator.texts import translate
from simulator.units import human, number, percent

# Bump when a chart's drawing changes: cached SVGs are keyed by it (and run, language, chart).
CHART_VERSION = 2


def kind_text(kind: Kind) -> dict[str, str]:
    return {"title": _(kind.title), "description": _(kind.description) if kind.description else ""}


def param_label(param: Param) -> str:
    return _(param.label) if param.label else param.name


def param_help(param: Param) -> str:
    return _(param.help) if param.help else ""


def kinds_list() -> list[dict[str, Any]]:
    """Every kind with its parameters (SI units, bounds) and texts in the reader's language (API and index)."""
    out = []
    for kind in KINDS.values():
        params = []
        for p in kind.params:
            d = p.as_dict()
            d["label"], d["help"] = param_label(p), param_help(p)
            params.append(d)
        out.append(
            {
                "kind": kind.kind,
                **kind_text(kind),
                "params": params,
                "presets": [{"slug": ps.slug, "label": _(ps.label), "params": ps.params} for ps in kind.presets],
            }
        )
    return out


# --------------------------------------------------------------------------- charts


def chart_translated(chart: dict[str, Any]) -> dict[str, Any]:
    """The engine chart with its title, axes and legend in the reader's language (what the SVG and table show)."""
    return {
        **chart,
        "title": translate(chart.get("title", ""), chart.get("title_args")),
        "x_label": translate(chart.get("x_label", ""), chart.get("x_label_args")),
        "y_label": translate(chart.get("y_label", ""), chart.get("y_label_args")),
        "series": [{**s, "name": translate(s.get("name", ""), s.get("name_args"))} for s in chart.get("series", [])],
    }


def chart_of(run: SimulationRun, chart_id: str) -> dict[str, Any] | None:
    """One chart of a finished run, translated (None when there is no such chart)."""
    if run.status != SimulationRun.Status.SUCCEEDED or not run.result:
        return None
    for i, chart in enumerate(run.result.get("charts", [])):
        if chart.get("id", f"chart{i}") == chart_id:
            return chart_translated(chart)
    return None


def _cell(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "—" if value is None else str(value)
    return number(value, 4)


# --------------------------------------------------------------------------- a run


def run_waits_its_turn(run: SimulationRun) -> bool:
    """A run held back by the fair queue: its owner has an earlier run still queued or running."""
    active = (SimulationRun.Status.QUEUED, SimulationRun.Status.RUNNING)
    earlier = SimulationRun.objects.filter(owner_id=run.owner_id, status__in=active, created_at__lt=run.created_at)
    return earlier.exists()


def status_text(run: SimulationRun) -> str:
    if run.status == SimulationRun.Status.QUEUED:
        if run.dispatched_at is None and run_waits_its_turn(run):
            return _(
                "Waiting for your earlier simulations to finish: each student's runs take turns with everyone else's."
            )
        if run.dispatched_at is None:
            return _(
                "Waiting for a worker. The task queue cannot be reached right now: your run is saved and will "
                "start as soon as it is back."
            )
        return _("Waiting for a worker…")
    return {
        SimulationRun.Status.RUNNING: _("Running…"),
        SimulationRun.Status.SUCCEEDED: _("Done"),
        SimulationRun.Status.FAILED: _("Failed"),
        SimulationRun.Status.CANCELLED: _("Cancelled"),
    }[run.status]


# The model's own numbers, by kind: (key, label, how to write the value).
ANALYTIC_ROWS = {
    "file_distribution": (
        ("client_server_s", gettext_lazy("Client-server: minimum distribution time"), "s"),
        ("p2p_s", gettext_lazy("P2P: minimum distribution time"), "s"),
    ),
    "availability": (
        ("p2p", gettext_lazy("P2P: 1-(1-p)^k"), "fraction"),
        ("server", gettext_lazy("Server uptime"), "fraction"),
    ),
}


def analytic_rows(kind: str, result: dict[str, Any]) -> list[tuple[str, str]]:
    analytic = result.get("analytic") if isinstance(result.get("analytic"), dict) else {}
    rows = []
    for key, label, unit in ANALYTIC_ROWS.get(kind, ()):
        if key in analytic:
            rows.append((str(label), human(analytic[key], unit)))
    return rows


def group_rows(result: dict[str, Any]) -> list[dict[str, str]]:
    """Contributors and free-riders side by side (mean and spread of completion time), when there are groups."""
    groups = result.get("groups") or {}
    if not groups.get("free_riders"):
        return []
    rows = []
    for key, label in (("contributors", _("Contributors")), ("free_riders", _("Free-riders"))):
        g = groups.get(key)
        if not g:
            continue
        rows.append(
            {
                "label": label,
                "peers": number(g["peers"]),
                "mean": human(g["mean_s"], "s"),
                "std": human(g["std_s"], "s"),
                "range": _("%(low)s to %(high)s") % {"low": human(g["min_s"], "s"), "high": human(g["max_s"], "s")},
            }
        )
    return rows


def run_view(run: SimulationRun, *, withheld: bool = False) -> dict[str, Any]:
    """Everything a run page shows. `withheld`: the run of an exercise not yet explained (no model values)."""
    kind = KINDS.get(run.kind)
    specs = {p.name: p for p in kind.params} if kind else {}
    params = []
    for name, value in (run.params or {}).items():
        p = specs.get(name)
        params.append({"name": param_label(p) if p else name, "value": human(value, p.unit if p else "")})
    result = run.result or {}
    charts = []
    lang = (get_language() or "vi")[:2]
    succeeded = run.status == SimulationRun.Status.SUCCEEDED
    if succeeded:
        for i, raw in enumerate(result.get("charts", [])):
            chart = chart_translated(raw)
            chart_id = chart.get("id", f"chart{i}")
            series = chart.get("series", [])
            x = chart.get("x", [])
            rows = [
                [_cell(xv)] + [_cell(s["y"][j]) if j < len(s.get("y", [])) else "" for s in series]
                for j, xv in enumerate(x)
            ]
            charts.append(
                {
                    "id": chart_id,
                    "title": chart["title"],
                    # The language in the URL: a browser that cached the Vietnamese chart asks again in English.
                    "url": reverse("simulator:run-chart", args=[run.pk, chart_id]) + f"?v={CHART_VERSION}&l={lang}",
                    "columns": [chart["x_label"] or "x"] + [f"{s['name']} — {chart['y_label']}" for s in series],
                    "rows": rows,
                }
            )
    return {
        "run": run,
        "kind_title": _(kind.title) if kind else run.kind,
        "params": params,
        "summary": summary_of(run.kind, run.params, result) if succeeded and not withheld else "",
        "charts": charts,
        "analytic": analytic_rows(run.kind, result) if not withheld else [],
        "groups": group_rows(result) if succeeded else [],
        "status_text": status_text(run),
        "percent": round(100 * (run.progress or 0)),
        "percent_text": percent(run.progress or 0),
    }


def result_for_api(run: SimulationRun) -> dict[str, Any] | None:
    """The stored result with its summary and chart texts in the request's language."""
    if not run.result:
        return run.result
    return {
        **run.result,
        "summary": summary_of(run.kind, run.params, run.result),
        "charts": [chart_translated(c) for c in run.result.get("charts", [])],
    }
