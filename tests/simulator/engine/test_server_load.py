"""server_load: response time climbs as the server nears capacity and matches M/M/1; peers keep the load spread."""

import json
import math

import numpy as np
import pytest

from simulator.engine import KINDS, validate_params
from simulator.engine import server_load as sl
from simulator.engine._util import rng_for

KIND = KINDS["server_load"]


@pytest.mark.parametrize("rho", [0.3, 0.5, 0.7])
def test_it_matches_the_mm1_response_time_at_moderate_load(rho):
    mu, n = 100.0, 50
    lam = rho * mu / n
    res = sl.simulate(1, lambda c, u: 0, n, lam, np.array([1 / mu]), 20000, rng_for(1, int(rho * 10)))
    expected = sl.mm1_response_time(n * lam, mu)
    assert res["mean_response_s"] == pytest.approx(expected, rel=0.12)
    assert res["busiest_utilisation"] == pytest.approx(rho, abs=0.05)


def test_it_gives_the_mm1_formula():
    assert sl.mm1_response_time(50, 100) == pytest.approx(0.02)
    assert sl.mm1_response_time(100, 100) == math.inf


def test_it_shows_the_server_response_time_rising_with_load_and_p2p_staying_flat():
    result = KIND.run(KIND.defaults(), seed=3)
    rows = result["by_clients"]
    server = [r["server_response_s"] for r in rows]
    assert server[-1] > 20 * server[0]
    assert server[len(server) // 2] < server[-2] < server[-1]
    assert rows[-1]["server_utilisation"] > 0.95
    p2p = [r["p2p_response_s"] for r in rows]
    assert max(p2p) < 1.5 * min(p2p)
    assert all(r["p2p_busiest_utilisation"] < 0.95 for r in rows)
    # Analytic rows beyond capacity are infinite: JSON null.
    assert rows[-1]["server_response_s_mm1"] is None
    json.dumps(result, allow_nan=False)
    assert "summary" not in result and "summary_vi" not in result


def test_it_is_deterministic_for_a_seed():
    params = {**KIND.defaults(), "clients": 40, "requests": 500}
    assert KIND.run(params, seed=1) == KIND.run(params, seed=1)
    assert KIND.run(params, seed=1) != KIND.run(params, seed=2)


@pytest.mark.parametrize(
    "raw, field",
    [
        ({"clients": 10**9}, "clients"),
        ({"server_capacity_bps": 0}, "server_capacity_bps"),
        ({"peer_capacity_bps": -1}, "peer_capacity_bps"),
        ({"response_size_bits": 0}, "response_size_bits"),
        ({"request_rate": 0}, "request_rate"),
        ({"requests": 10**7}, "requests"),
        ({"request_rate": "fast"}, "request_rate"),
        ({"queue": "fifo"}, "queue"),
    ],
)
def test_it_rejects_bad_parameters_naming_the_field(raw, field):
    _, errors = validate_params(KIND, raw)
    assert field in errors
