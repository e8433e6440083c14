"""What a run page shows: parameters with units, summary, chart URLs and the data tables beside them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from simulator.engine import KINDS
from simulator.models import SimulationRun
from simulator.units import human


def _fmt(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    return f"{value:.6g}"


def _label(key: str) -> str:
    """client_server_s -> 'client-server (s)': result keys carry their SI unit as a suffix."""
    for suffix, unit in (("_s", "s"), ("_bps", "bit/s"), ("_bits", "bit")):
        if key.endswith(suffix):
            return f"{key.removesuffix(suffix).replace('_', '-')} ({unit})"
    return key.replace("_", " ")


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


def run_view(run: SimulationRun) -> dict[str, Any]:
    kind = KINDS.get(run.kind)
    specs = {p.name: p for p in kind.params} if kind else {}
    params = []
    for name, value in (run.params or {}).items():
        p = specs.get(name)
        params.append({"name": (p.label or p.name) if p else name, "value": human(value, p.unit if p else "")})
    result = run.result or {}
    lang = (get_language() or "vi")[:2]
    summary = (result.get("summary_vi") if lang == "vi" else None) or result.get("summary", "")
    charts = []
    if run.status == SimulationRun.Status.SUCCEEDED:
        svg_ids = {c.get("id") for c in run.charts or []}
        for i, chart in enumerate(result.get("charts", [])):
            chart_id = chart.get("id", f"chart{i}")
            series = chart.get("series", [])
            x = chart.get("x", [])
            rows = [
                [_fmt(xv)] + [_fmt(s["y"][j]) if j < len(s.get("y", [])) else "" for s in series]
                for j, xv in enumerate(x)
            ]
            charts.append(
                {
                    "id": chart_id,
                    "title": chart.get("title", ""),
                    "url": reverse("simulator:run-chart", args=[run.pk, chart_id]) if chart_id in svg_ids else "",
                    "columns": [chart.get("x_label", "x")]
                    + [f"{s.get('name', '')} — {chart.get('y_label', '')}" for s in series],
                    "rows": rows,
                }
            )
    analytic = result.get("analytic") if isinstance(result.get("analytic"), dict) else {}
    return {
        "run": run,
        "kind_title": kind.title if kind else run.kind,
        "params": params,
        "summary": summary,
        "charts": charts,
        "analytic": [(_label(k), _fmt(v)) for k, v in analytic.items() if not isinstance(v, (dict, list))],
        "status_text": status_text(run),
        "percent": round(100 * (run.progress or 0)),
    }
