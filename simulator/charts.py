"""Charts of a run as SVG, drawn with matplotlib's Agg backend on first view, in the reader's language, and cached.

The worker stores only the run's data: drawing two charts cost more than the cheapest simulation itself. A chart
is drawn when someone first asks for it, once per run, language and CHART_VERSION (bump it when the drawing
changes), and kept in the cache; a finished run's data never changes.
"""

from __future__ import annotations

import io
import threading
from typing import Any

import matplotlib
from django.core.cache import cache
from django.utils.translation import get_language

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from simulator.units import number  # noqa: E402

# Text stays text in the SVG (smaller, selectable); a fixed salt keeps the output the same run after run.
matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "simulator", "font.size": 10})
COLORS = ["#1d4ed8", "#c2410c", "#15803d", "#7c3aed", "#b45309", "#0f766e"]
_lock = threading.Lock()  # pyplot's state is global; a threaded server must not draw two figures at once
_LOCAL_TICKS = FuncFormatter(lambda value, _pos: number(value, 4))
CACHE_SECONDS = 7 * 86400


def chart_cache_key(run_id: int, chart_id: str, language: str | None = None) -> str:
    from simulator.presenters import CHART_VERSION

    return f"simchart:v{CHART_VERSION}:{run_id}:{(language or get_language() or 'vi')[:2]}:{chart_id}"


def run_chart_svg(run, chart_id: str) -> str | None:
    """The SVG of one chart of a finished run in the reader's language: from the cache, or drawn and cached.
    None when the run has no such chart."""
    from simulator.presenters import chart_of

    key = chart_cache_key(run.pk, chart_id)
    svg = cache.get(key)
    if svg is not None:
        return svg
    chart = chart_of(run, chart_id)
    if chart is None:
        return None
    svg = chart_svg(chart)
    cache.set(key, svg, CACHE_SECONDS)
    return svg


def chart_svg(chart: dict[str, Any]) -> str:
    """One translated chart dict ({"title", "x_label", "y_label", "x", "series": [{"name", "y"}], "log_x", "log_y"}).

    Tick labels use the locale's decimal separator (matplotlib's `axes.formatter.use_locale` would read the
    process locale, not the request's)."""
    with _lock:
        fig, ax = plt.subplots(figsize=(6.4, 3.8), dpi=100)
        try:
            x = chart.get("x", [])
            for i, series in enumerate(chart.get("series", [])):
                y = series.get("y", [])
                ax.plot(
                    x[: len(y)],
                    y,
                    marker="o",
                    markersize=3,
                    linewidth=1.8,
                    color=COLORS[i % len(COLORS)],
                    label=str(series.get("name", "")),
                )
            if chart.get("log_x"):
                ax.set_xscale("log")
            else:
                ax.xaxis.set_major_formatter(_LOCAL_TICKS)
            if chart.get("log_y"):
                ax.set_yscale("log")
            else:
                ax.yaxis.set_major_formatter(_LOCAL_TICKS)
            ax.set_xlabel(str(chart.get("x_label", "")))
            ax.set_ylabel(str(chart.get("y_label", "")))
            ax.grid(True, alpha=0.3)
            if chart.get("series"):
                ax.legend(loc="best", frameon=False)
            # Fixed margins: tight_layout measured ~60% of a run's drawing time on the worker.
            fig.subplots_adjust(left=0.14, right=0.97, top=0.95, bottom=0.14)
            out = io.StringIO()
            fig.savefig(out, format="svg", metadata={"Date": None})
            return out.getvalue()
        finally:
            plt.close(fig)
