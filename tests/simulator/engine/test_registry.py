"""The engine's contract: four kinds registered, sane schemas, JSON-ready results, no Django inside."""

import ast
import json
from pathlib import Path

import pytest

import simulator.engine as engine
from simulator.engine import KINDS, Cancelled, validate_params

ENGINE_DIR = Path(engine.__file__).parent
UNITS = {"bit", "bit/s", "s", "1/s", "count", "fraction"}
SMALL = {
    "file_distribution": {"peers": 20, "chunks": 16},
    "lookup": {"peers": 100, "lookups": 50},
    "server_load": {"clients": 10, "requests": 300},
    "availability": {"duration_s": 30 * 86400.0},
}


def test_it_registers_the_four_kinds():
    # Other test modules may register a test kind of their own: only ours are checked here.
    assert {"file_distribution", "lookup", "server_load", "availability"} <= set(KINDS)


@pytest.mark.parametrize("name", sorted(SMALL))
def test_it_declares_bounded_parameters_with_units(name):
    kind = KINDS[name]
    assert kind.title and kind.description
    for p in kind.params:
        assert p.unit in UNITS, p
        assert p.min <= p.default <= p.max, p
        assert p.type in ("int", "float")
        d = p.as_dict()
        assert {"name", "unit", "default", "min", "max"} <= set(d)
    clean, errors = validate_params(kind, {})
    assert errors == {} and clean == kind.defaults()


@pytest.mark.parametrize("name", sorted(SMALL))
def test_it_returns_json_ready_results_with_summary_and_charts(name):
    kind = KINDS[name]
    clean, errors = validate_params(kind, SMALL[name])
    assert errors == {}
    seen = []
    result = kind.run(clean, seed=0, progress=seen.append)
    text = json.dumps(result, allow_nan=False)
    assert "NaN" not in text and "Infinity" not in text
    # No text in a language: the summary is written by simulator.summaries; texts are msgids.
    assert "summary" not in result and "summary_vi" not in result
    assert result["charts"]
    for ch in result["charts"]:
        assert {"id", "title", "x_label", "y_label", "x", "series", "log_x", "log_y"} <= set(ch)
        for s in ch["series"]:
            assert len(s["y"]) == len(ch["x"]) and s["name"]
    assert result["table"]["rows"] and all(len(r) == len(result["table"]["columns"]) for r in result["table"]["rows"])
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert all(0.0 <= f <= 1.0 for f in seen) and seen == sorted(seen)


@pytest.mark.parametrize("name", sorted(SMALL))
def test_it_stops_at_once_when_progress_raises_cancelled(name):
    kind = KINDS[name]

    def cancel(fraction):
        raise Cancelled

    with pytest.raises(Cancelled):
        kind.run(kind.defaults(), seed=0, progress=cancel)


def test_it_imports_nothing_from_django():
    for path in ENGINE_DIR.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n.split(".")[0] in ("django", "rest_framework", "celery", "learning") for n in names), path
