"""Charts of a run as SVG, drawn with matplotlib's Agg backend on the worker (no display needed)."""

from __future__ import annotations

import io
import threading
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# Text stays text in the SVG (smaller, selectable); a fixed salt keeps the output the same run after run.
matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "simulator", "font.size": 10})
COLORS = ["#1d4ed8", "#c2410c", "#15803d", "#7c3aed", "#b45309", "#0f766e"]
_lock = threading.Lock()  # pyplot's state is global; a threaded worker must not draw two figures at once


def chart_svg(chart: dict[str, Any]) -> str:
    """One engine chart dict ({"title", "x_label", "y_label", "x", "series": [{"name", "y"}], "log_x", "log_y"})."""
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
            if chart.get("log_y"):
                ax.set_yscale("log")
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
