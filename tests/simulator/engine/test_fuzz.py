"""Any parameter set the bounds allow runs to a JSON-ready result (sizes kept small so the test stays quick)."""

import json
import math
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.engine import KINDS, validate_params

# Size parameters drive the cost, not the corners: cap them here (benchmarks/engine.py times the largest sizes).
SIZE_CAPS = {
    "peers": 40,
    "chunks": 24,
    "lookups": 40,
    "clients": 12,
    "requests": 300,
    "copies": 12,
    "duration_s": 2e6,
}


def value_for(p):
    hi = min(p.max, SIZE_CAPS.get(p.name, p.max))
    if p.type == "int":
        return st.integers(int(p.min), int(hi))
    if p.min > 0 and hi / p.min > 100:  # rates and sizes spanning decades: log-uniform, ends included
        logs = st.floats(math.log10(p.min), math.log10(hi))
        return st.one_of(st.just(float(p.min)), st.just(float(hi)), logs.map(lambda e: min(hi, max(p.min, 10**e))))
    return st.one_of(st.just(float(p.min)), st.just(float(hi)), st.floats(float(p.min), float(hi)))


def params_for(kind):
    return st.fixed_dictionaries({p.name: value_for(p) for p in kind.params})


def _check(kind, raw, seed):
    clean, errors = validate_params(kind, raw)
    assert errors == {}, errors
    result = kind.run(clean, seed=seed)
    json.dumps(result, allow_nan=False)
    assert result["charts"]
    from django.utils import translation

    from simulator.summaries import summary_of

    for language in ("vi", "en"):
        with translation.override(language):
            text = summary_of(kind.kind, clean, result)
            assert text and not re.search(r"\de[+-]?\d", text), text


FUZZ = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(raw=params_for(KINDS["file_distribution"]), seed=st.integers(0, 2**32))
def test_it_runs_any_allowed_file_distribution(raw, seed):
    _check(KINDS["file_distribution"], raw, seed)


@FUZZ
@given(raw=params_for(KINDS["lookup"]), seed=st.integers(0, 2**32))
def test_it_runs_any_allowed_lookup(raw, seed):
    _check(KINDS["lookup"], raw, seed)


@FUZZ
@given(raw=params_for(KINDS["server_load"]), seed=st.integers(0, 2**32))
def test_it_runs_any_allowed_server_load(raw, seed):
    _check(KINDS["server_load"], raw, seed)


@FUZZ
@given(raw=params_for(KINDS["availability"]), seed=st.integers(0, 2**32))
def test_it_runs_any_allowed_availability(raw, seed):
    _check(KINDS["availability"], raw, seed)
