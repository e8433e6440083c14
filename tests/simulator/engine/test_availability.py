"""availability: churned copies against the formula 1-(1-p)^k, and a server against its uptime."""

import json

import numpy as np
import pytest

from simulator.engine import KINDS, validate_params
from simulator.engine import availability as av
from simulator.engine._util import rng_for

KIND = KINDS["availability"]


@pytest.mark.parametrize("join, leave", [(1 / 3600, 1 / 3600), (1 / 3600, 4 / 3600), (3 / 600, 1 / 600)])
def test_it_matches_one_minus_one_minus_p_to_the_k(join, leave):
    result = KIND.run({**KIND.defaults(), "copies": 4, "join_rate": join, "leave_rate": leave}, seed=5)
    p = join / (join + leave)
    assert result["p_online"] == pytest.approx(p)
    for row in result["by_copies"]:
        assert row["analytic"] == pytest.approx(1 - (1 - p) ** row["copies"])
        assert row["simulated"] == pytest.approx(row["analytic"], abs=0.02), row
    sims = [r["simulated"] for r in result["by_copies"]]
    assert sims == sorted(sims)


def test_it_gives_the_server_its_uptime():
    result = KIND.run({**KIND.defaults(), "server_uptime": 0.9, "server_repair_s": 600}, seed=2)
    assert result["simulated"]["server"] == pytest.approx(0.9, abs=0.01)
    assert result["server_mtbf_s"] == pytest.approx(5400)


def test_it_keeps_a_perfect_server_always_up_and_a_dead_one_always_down():
    up = KIND.run({**KIND.defaults(), "server_uptime": 1.0}, seed=1)
    down = KIND.run({**KIND.defaults(), "server_uptime": 0.0}, seed=1)
    assert up["simulated"]["server"] == 1.0 and down["simulated"]["server"] == 0.0
    json.dumps(up, allow_nan=False)  # an infinite MTBF becomes null


def test_it_measures_an_on_off_process_at_its_stationary_fraction():
    times = np.linspace(0, 1e7, 50_001)
    state = av.onoff_states(100.0, 300.0, 0.25, 1e7, times, rng_for(3))
    assert state.mean() == pytest.approx(0.25, abs=0.01)


def test_it_is_deterministic_for_a_seed_and_json_ready():
    a, b, c = KIND.run(KIND.defaults(), seed=4), KIND.run(KIND.defaults(), seed=4), KIND.run(KIND.defaults(), seed=5)
    assert a == b and a != c
    json.dumps(a, allow_nan=False)
    assert "summary" not in a and "summary_vi" not in a  # written by the Django layer, in the reader's language
    for ch in a["charts"]:
        for s in ch["series"]:
            assert len(s["y"]) == len(ch["x"])


@pytest.mark.parametrize(
    "raw, field",
    [
        ({"copies": 0}, "copies"),
        ({"copies": 10**9}, "copies"),
        ({"join_rate": 0}, "join_rate"),
        ({"leave_rate": -1}, "leave_rate"),
        ({"server_uptime": 1.5}, "server_uptime"),
        ({"duration_s": 1e12}, "duration_s"),
        ({"server_repair_s": "1h"}, "server_repair_s"),
        ({"churn": 1}, "churn"),
    ],
)
def test_it_rejects_bad_parameters_naming_the_field(raw, field):
    _, errors = validate_params(KIND, raw)
    assert field in errors
